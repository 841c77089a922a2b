// `npm start`: starts the embedded default server (kglite-bolt-server on 127.0.0.1), runs a
// short example against it with the built driver, and stops it.
import { createRequire } from 'node:module';
import { startServers } from './servers.mjs';

const neo4j = createRequire(import.meta.url)('../pkg/node/neo4j_wasm.js');

const servers = await startServers(['kglite']);
try {
  const uri = `bolt://${servers.env.NEO4J_WASM_KGLITE}`;
  console.log(`kglite-bolt-server is listening; connecting to ${uri} over TCP`);
  const driver = neo4j.driver(uri, { scheme: 'none' }, {});
  const info = await driver.getServerInfo();
  console.log(`connected to ${info.agent} (Bolt ${info.protocolVersion})`);

  const session = driver.session();
  try {
    const people = [
      { name: 'Ada Lovelace', born: 1815 },
      { name: 'Alan Turing', born: 1912 },
      { name: 'Grace Hopper', born: 1906 },
    ];
    for (const person of people) {
      await session.run('CREATE (:Person {name: $name, born: $born})', person);
    }
    await session.run(
      `MATCH (a:Person {name: 'Ada Lovelace'}), (b:Person {name: 'Alan Turing'})
       CREATE (a)-[:INSPIRED]->(b)`, {});
    const result = await session.run(
      'MATCH (p:Person) RETURN p.name AS name, p.born AS born ORDER BY born', {});
    console.log(`\n${result.keys.join(' | ')}`);
    for (const [name, born] of result.records) console.log(`${name} | ${born}`);
    const inspired = await session.run(
      'MATCH (a:Person)-[r:INSPIRED]->(b:Person) RETURN a.name AS from, type(r) AS rel, b.name AS to', {});
    for (const [from, rel, to] of inspired.records) console.log(`\n(${from})-[:${rel}]->(${to})`);
  } finally {
    await session.close();
    await driver.close();
  }
} finally {
  await servers.stop();
  console.log('\nserver stopped');
}
