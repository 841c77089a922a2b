// Shared by the Node tests: the built package, and the servers' addresses. Under
// `npm test` the servers come from the environment; a test file run on its own
// (`node --experimental-websocket --test tests/js/x.test.mjs`) starts and stops its own.
import { after } from 'node:test';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServers } from '../../scripts/servers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built wasm package for Node (`scripts/build.sh` writes it). */
export const neo4j = createRequire(import.meta.url)(path.join(ROOT, 'pkg/node/neo4j_wasm.js'));

export { TEST_AUTH } from '../../scripts/servers.mjs';

/** Server addresses (see scripts/servers.mjs), starting the servers if nobody did. */
export async function servers() {
  if (process.env.NEO4J_WASM_KGLITE_WS) return process.env;
  const started = await startServers();
  after(() => started.stop());
  Object.assign(process.env, started.env);
  return process.env;
}

/** `bolt://host:port` for a `ws://host:port` bridge address (the driver opens ws:// itself). */
export function boltUri(wsAddress, scheme = 'bolt') {
  return `${scheme}://${wsAddress.replace(/^ws:\/\//, '')}`;
}

/**
 * FalkorDB 4.16 stalls the next handshake after a client said GOODBYE, until some other TCP
 * connection opens and closes: a known server bug, worked around in tests, not in the driver.
 */
export function nudgeFalkordb(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), host, () => sock.end());
    sock.on('close', resolve);
    sock.on('error', resolve);
  });
}
