// Plays one wire scenario (tests/wire/scenarios.mjs) with one driver against a fresh stub
// server, in Node; both runners use it (the browser runner starts the stub here and runs the
// application in a page).
import net from 'node:net';
import { startStub } from '../../scripts/stub.mjs';

/** How long a scenario may take before it counts as hung; the stub gives up a little later,
 * so that its report says where the conversation stopped. */
const SCENARIO_LIMIT_MS = 15_000;
const STUB_TIMEOUT_S = 20;
/** How long the stub may take to finish its script once the application is done. */
const STUB_GRACE_MS = 5000;

/**
 * Starts a stub with `scenario.script` (a text, or a function of the stub's `host:port`), runs
 * `application(uri, address)` against it (a `neo4j://` URI when `scenario.routing` is set),
 * which resolves with the observation, then stops the stub. Resolves `{ observation, stub }` where
 * `stub` is `{ code, stderr }`: code 0 when the driver followed the script exactly. An
 * application still running after SCENARIO_LIMIT_MS is observed as `{ hung: true }`.
 * @param {{script: string|function(string): string, routing?: boolean}} scenario
 * @param {function(string, string): Promise<object>} application
 */
export async function play(scenario, application) {
  // A script that names the stub's own address (a routing table) is written for a port
  // chosen first.
  const port = typeof scenario.script === 'function' ? await freePort() : 0;
  const script = typeof scenario.script === 'function' ? scenario.script(`127.0.0.1:${port}`) : scenario.script;
  const stub = await startStub(script, { timeout: STUB_TIMEOUT_S, port });
  let timer;
  const limit = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), SCENARIO_LIMIT_MS);
  });
  try {
    const uri = scenario.routing ? `neo4j://127.0.0.1:${stub.port}` : stub.url;
    const observation = await Promise.race([application(uri, `127.0.0.1:${stub.port}`), limit]);
    // Every scripted connection has ended once the application closed its drivers (a script
    // may still send a last line or two); a stub still waiting after that is stopped, and
    // reports where it waited.
    clearTimeout(timer);
    const grace = new Promise((resolve) => { timer = setTimeout(resolve, STUB_GRACE_MS, null); });
    const ended = await Promise.race([stub.done, grace]);
    const { code, signal, stderr } = ended ?? await stub.stop();
    return { observation, stub: { code: signal ?? code, stderr } };
  } finally {
    clearTimeout(timer);
    await stub.stop();
  }
}

/** A failure message for a stub that did not exit 0 with `who`'s driver. */
export function offScript(who, stub) {
  return `${who} did not follow the script (bolt-stub exited with ${stub.code}):\n${stub.stderr}`;
}

/** A loopback port that nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
