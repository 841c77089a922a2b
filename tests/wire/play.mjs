// Plays one wire scenario (tests/wire/scenarios.mjs) with one driver against a fresh stub
// server, in Node; both runners use it (the browser runner starts the stub here and runs the
// application in a page).
import { startStub } from '../../scripts/stub.mjs';

/** How long a scenario may take before it counts as hung; the stub gives up a little later,
 * so that its report says where the conversation stopped. */
export const SCENARIO_LIMIT_MS = 15_000;
const STUB_TIMEOUT_S = 20;

/**
 * Starts a stub with `scenario.script`, runs `application(uri, address)` against it (which
 * resolves with the observation), then stops the stub. Resolves `{ observation, stub }` where
 * `stub` is `{ code, stderr }`: code 0 when the driver followed the script exactly. An
 * application still running after SCENARIO_LIMIT_MS is observed as `{ hung: true }`.
 * @param {{script: string}} scenario
 * @param {function(string, string): Promise<object>} application
 */
export async function play(scenario, application) {
  const stub = await startStub(scenario.script, { timeout: STUB_TIMEOUT_S });
  let timer;
  const limit = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), SCENARIO_LIMIT_MS);
  });
  try {
    const observation = await Promise.race([application(stub.url, `127.0.0.1:${stub.port}`), limit]);
    // Every scripted connection has ended once the application closed its drivers; a stub
    // still waiting is stopped (and reports where it waited).
    const ended = await Promise.race([stub.done, new Promise((resolve) => { setTimeout(resolve, 2000, null); })]);
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
