// `npm start`: starts the embedded default server (kglite-bolt-server on 127.0.0.1), runs a
// short example against it through the package's public API, and stops it.
import neo4j from '../lib/node.js';
import { startServers } from './servers.mjs';

const servers = await startServers(['kglite']);
try {
  const uri = `bolt://${servers.env.NEO4J_WASM_KGLITE}`;
  console.log(`kglite-bolt-server is listening; connecting to ${uri} over TCP`);
  const driver = neo4j.driver(uri, neo4j.auth.none());
  try {
    const info = await driver.getServerInfo();
    console.log(`connected to ${info.agent} (Bolt ${info.protocolVersion})`);

    const session = driver.session();
    try {
      const people = [
        { name: 'Ada Lovelace', born: 1815 },
        { name: 'Alan Turing', born: 1912 },
        { name: 'Grace Hopper', born: 1906 },
      ];
      await session.executeWrite(async (tx) => {
        for (const { name, born } of people) {
          await tx.run('CREATE (:Person {name: $name, born: $born})', { name, born: neo4j.int(born) });
        }
        await tx.run(
          `MATCH (a:Person {name: 'Ada Lovelace'}), (b:Person {name: 'Alan Turing'})
           CREATE (a)-[:INSPIRED]->(b)`);
      });

      const result = session.run('MATCH (p:Person) RETURN p.name AS name, p.born AS born ORDER BY born');
      console.log(`\n${(await result.keys()).join(' | ')}`);
      for await (const record of result) console.log(`${record.get('name')} | ${record.get('born')}`);

      const { records } = await session.run(
        'MATCH (a:Person)-[r:INSPIRED]->(b:Person) RETURN a.name AS from, type(r) AS rel, b.name AS to');
      for (const record of records) console.log(`\n(${record.get('from')})-[:${record.get('rel')}]->(${record.get('to')})`);
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
} finally {
  await servers.stop();
  console.log('\nserver stopped');
}
