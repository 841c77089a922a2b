// `npm start` (after scripts/setup.sh and scripts/build.sh): the web demo. Bundles the page in
// www/ (skipped when up to date), starts the embedded server (kglite-bolt-server on 127.0.0.1,
// with websockify in front for the browser), loads the sample graph through the driver over
// TCP, serves the page on 127.0.0.1 and prints its address. Ctrl-C (or SIGTERM) stops the page
// and the servers.
//
// Usage: node scripts/start.mjs [--port N]
//   --port N  the page's port (default: $PORT, else 8080; when taken, any free port; 0: any)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from '../lib/node.js';
import { buildDemo } from './build-demo.mjs';
import { startServers } from './servers.mjs';
import { serveStatic } from './static-server.mjs';
import { loadSampleGraph, SAMPLE_GRAPH_FILE } from '../data/sample-graph.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PORT = 8080;

/** The page's port from `--port N`, $PORT or the default. */
function wantedPort() {
  const i = process.argv.indexOf('--port');
  const text = i >= 0 ? process.argv[i + 1] : process.env.PORT;
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start.mjs: the port must be a number from 0 to 65535, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}

/** Serves the page on `port`, or on any free port when that one is taken. */
async function servePage(dir, port, routes) {
  try {
    return await serveStatic(dir, { port, routes });
  } catch (error) {
    if (error.code !== 'EADDRINUSE' || port === 0) throw error;
    console.log(`port ${port} is taken; using a free one`);
    return serveStatic(dir, { port: 0, routes });
  }
}

const port = wantedPort();
const { dir, built } = await buildDemo();
if (!built) console.log('the demo page is up to date (.run/demo/)');

// startServers stops its servers itself if the process is interrupted while they start.
const servers = await startServers(['kglite']);
let site = null;
let stopping = null;

/** Stops the page and the servers (once), then exits with `code`. */
function stop(code) {
  stopping ??= (async () => {
    await site?.close();
    await servers.stop();
    console.log('stopped the page and the servers');
    process.exit(code);
  })();
  return stopping;
}
// From here on the demo handles Ctrl-C itself: it also closes the page's server.
for (const signal of ['SIGINT', 'SIGTERM']) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => stop(0));
}

try {
  const tcp = `bolt://${servers.env.NEO4J_WASM_KGLITE}`;
  const browser = `bolt://${servers.env.NEO4J_WASM_KGLITE_WS.replace(/^ws:\/\//, '')}`;
  const driver = neo4j.driver(tcp, neo4j.auth.none());
  let info;
  let loaded;
  try {
    info = await driver.getServerInfo();
    loaded = await loadSampleGraph(neo4j, driver);
  } finally {
    await driver.close();
  }
  site = await servePage(dir, port, { '/config.json': () => JSON.stringify({ uri: browser }) });
  console.log(`
neo4j-wasm demo
  server        ${info.agent}, Bolt ${info.protocolVersion}
                ${tcp}  (TCP: node examples/explore.mjs ${tcp})
                ${browser}  (WebSocket through websockify, for the browser)
  sample graph  ${loaded.nodes} nodes, ${loaded.relationships} relationships (${path.relative(ROOT, SAMPLE_GRAPH_FILE)})

  Open ${site.url}/ in a browser. Ctrl-C stops the page and the servers.
`);
} catch (error) {
  console.error(`start.mjs: ${error.stack ?? error.message}`);
  await stop(1);
}
