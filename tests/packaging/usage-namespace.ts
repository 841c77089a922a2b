// The default import used as a namespace of types (`neo4j.Driver`), as the official
// neo4j-driver's declarations promise for `import neo4j from 'neo4j-driver'`.
import neo4j from 'neo4j-wasm';

export async function countOne(uri: string): Promise<number> {
  const driver: neo4j.Driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'secret'));
  const session: neo4j.Session = driver.session();
  try {
    const result = await session.run('RETURN 1 AS one');
    const one: neo4j.Integer = result.records[0].get('one');
    return one.toNumber();
  } finally {
    await session.close();
    await driver.close();
  }
}
