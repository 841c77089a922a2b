// The web demo's core steps from a terminal: connect, show the server, stream a query's
// records, read a path, look at a summary, write in an explicit transaction and roll it back,
// and see what a Cypher mistake looks like. It uses the sample graph (data/sample-graph.json).
//
//   node examples/explore.mjs                       starts the embedded server and loads the graph
//   node examples/explore.mjs bolt://host:port      uses a running server (e.g. the one `npm start`
//                                                   prints) that already holds the sample graph
//   node examples/explore.mjs bolt://host:port --load-sample   loads the graph there first
//
// The URI can also come from NEO4J_URI; NEO4J_USER and NEO4J_PASSWORD give basic auth,
// NEO4J_DATABASE the database. Run `bash scripts/setup.sh && bash scripts/build.sh` once first.
import neo4j from 'neo4j-wasm';

const args = process.argv.slice(2);
const loadSample = args.includes('--load-sample');
let uri = args.find((a) => !a.startsWith('--')) ?? process.env.NEO4J_URI;
const auth = process.env.NEO4J_USER
  ? neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD ?? '')
  : neo4j.auth.none();
const database = process.env.NEO4J_DATABASE || undefined;

/** Prints rows as aligned columns. */
function printTable(keys, rows) {
  const widths = keys.map((k, i) => Math.max(k.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(keys));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

// Without a URI: the embedded server, started here and stopped at the end.
let servers = null;
if (!uri) {
  const { startServers } = await import('../scripts/servers.mjs');
  servers = await startServers(['kglite']);
  uri = `bolt://${servers.env.NEO4J_WASM_KGLITE}`;
  console.log(`started the embedded server (kglite-bolt-server) at ${uri}`);
}

const driver = neo4j.driver(uri, auth);
try {
  // 1. Connect and see who answers.
  const info = await driver.getServerInfo();
  console.log(`connected to ${info.agent} at ${info.address} (Bolt ${info.protocolVersion})`);

  if (servers || loadSample) {
    const { loadSampleGraph } = await import('../data/sample-graph.mjs');
    const { nodes, relationships } = await loadSampleGraph(neo4j, driver, { database });
    console.log(`loaded the sample graph: ${nodes} nodes, ${relationships} relationships`);
  }
  const { records: [count] } = await driver.executeQuery('MATCH (s:Station) RETURN count(s) AS n', {}, { database });
  if (count.get('n').toNumber() === 0) {
    throw new Error(`${uri} has no sample graph: run again with --load-sample to create it there`);
  }

  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    // 2. Stream records as they arrive (for await), with parameters.
    console.log('\nthe five busiest stations:');
    const result = session.run(
      `MATCH (s:Station)-[:IN]->(d:District)
       RETURN s.name AS station, d.name AS district, s.dailyRiders AS riders, s.opened AS opened
       ORDER BY riders DESC LIMIT $limit`, { limit: neo4j.int(5) });
    const rows = [];
    for await (const record of result) {
      rows.push([record.get('station'), record.get('district'), record.get('riders').toString(), record.get('opened').toString()]);
    }
    printTable(await result.keys(), rows);

    // 3. A path: nodes and relationships, walked segment by segment.
    const { records: [route] } = await session.executeRead((tx) => tx.run(
      `MATCH p = shortestPath((a:Station {name: $from})-[:NEXT*]-(b:Station {name: $to}))
       RETURN p`, { from: 'Quayside', to: 'Pilot Station' }));
    const path = route.get('p');
    let minutes = 0;
    const steps = [path.start.properties.name];
    for (const { relationship, end } of path.segments) {
      minutes += relationship.properties.travelTime.seconds.toNumber() / 60;
      steps.push(`-[${relationship.properties.line}]- ${end.properties.name}`);
    }
    console.log(`\nroute, ${path.length} stops, about ${minutes} minutes:\n  ${steps.join(' ')}`);
  } finally {
    await session.close();
  }

  // 4. Write in an explicit transaction, look at the summary, and roll it back.
  const writer = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    const tx = await writer.beginTransaction();
    const { summary } = await tx.run(
      `MATCH (s:Station {name: $station})
       CREATE (c:Place {name: $name, kind: 'cafe', opened: $opened})-[:NEAR {distanceM: 50}]->(s)`,
      { station: 'Central', name: 'Platform Espresso', opened: new neo4j.types.Date(2025, 6, 1) });
    const changes = Object.entries(summary.counters.updates()).filter(([, n]) => n > 0);
    console.log(`\nquery type ${summary.queryType}, changes: ${changes.map(([k, n]) => `${k} ${n}`).join(', ')}`);
    await tx.rollback();
    const { records } = await writer.run("MATCH (c:Place {name: 'Platform Espresso'}) RETURN count(c) AS n");
    console.log(`rolled back; places named Platform Espresso now: ${records[0].get('n')}`);
  } finally {
    await writer.close();
  }

  // 5. A mistake in the Cypher: the server's error, with its code.
  try {
    await driver.executeQuery('MATCH (s:Station RETURN s', {}, { database });
  } catch (error) {
    console.log(`\na syntax error, as the server reports it:\n  ${error.code}\n  ${error.message.split('\n').join('\n  ')}`);
  }
} catch (error) {
  // A connection that failed, or a server without the sample graph: the driver's message says why.
  console.error(`${error.code ?? error.name}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await driver.close();
  if (servers) {
    await servers.stop();
    console.log('\nstopped the embedded server');
  }
}
