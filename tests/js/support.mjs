// Shared by the Node tests: the package's public API, and the servers' addresses. Under
// `npm test` the servers come from the environment; a test file run on its own
// (`node --experimental-websocket --test tests/js/x.test.mjs`) starts and stops its own.
// Drivers connect over TCP unless a test asks for a WebSocket (OVER_WEBSOCKET).
import { after } from 'node:test';
import neo4j from '../../lib/node.js';
import { startServers } from '../../scripts/servers.mjs';

/** The package as applications import it (its Node entry, over the built core in pkg/node). */
export { neo4j };

export { TEST_AUTH } from '../../scripts/servers.mjs';

/** Server addresses (see scripts/servers.mjs), from the environment or started here. */
export const env = await (async () => {
  if (process.env.NEO4J_WASM_KGLITE_WS) return process.env;
  const started = await startServers();
  after(() => started.stop());
  return started.env;
})();

// Every driver made through `openDriver` is closed when the test file ends: open connections
// would keep the process alive.
const drivers = [];
after(() => Promise.all(drivers.map((d) => d.close())));

/** `neo4j.driver(...)`, closed automatically at the end of the test file. */
export function openDriver(...args) {
  const driver = neo4j.driver(...args);
  drivers.push(driver);
  return driver;
}

/** `bolt://host:port` for a server's `host:port`, or for a `ws://host:port` bridge address (the
 * driver opens ws:// itself when it connects with a WebSocket). */
export function boltUri(address, scheme = 'bolt') {
  return `${scheme}://${address.replace(/^ws:\/\//, '')}`;
}

/** Driver config that connects with Node's WebSocket (Node 20 needs --experimental-websocket)
 * instead of a TCP socket. */
export const OVER_WEBSOCKET = { webSocket: globalThis.WebSocket };

// FalkorDB 4.16 has a known bug, worked around in tests and not in the driver: after a client
// says GOODBYE, the next new connection's handshake stalls until that connection closes again.
// Tests use a short connectionTimeout with FalkorDB and try a stalled operation once more.

/** Driver config for FalkorDB tests: a stalled handshake fails fast (generous for loopback). */
export const FALKORDB_CONFIG = { connectionTimeout: 5000 };

/** Runs `operation`; if its connection stalled in the handshake, once more (the stalled
 * connection's close has cleared the server's state). */
export async function retryFalkordbStall(operation) {
  try {
    return await operation();
  } catch (e) {
    if (!/did not complete the Bolt handshake/.test(e.message)) throw e;
    return operation();
  }
}
