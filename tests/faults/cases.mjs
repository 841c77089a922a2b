// The fault cases, made from a table: each flow of tests/faults/flows.mjs is run once without
// a fault through the proxy, and every message boundary it crossed (both directions, the
// handshake included; long runs of RECORDs sampled) gets each action. `judge` holds what
// every case must show, whatever the fault: no hang, no trap, a complete result or an error
// with a code, no acknowledged write lost, and a driver that works afterwards.
import assert from 'node:assert/strict';
import { startServers } from '../../scripts/servers.mjs';
import { TO_SERVER, CORRUPTIONS, startProxy } from './proxy.mjs';
import { FLOWS, FETCH_SIZE, MARK_LABEL } from './flows.mjs';

/** The actions every boundary gets. */
export const ACTIONS = ['cut', 'stall', 'corrupt'];
const CORRUPTION_NAMES = Object.keys(CORRUPTIONS);

/**
 * Driver config of every case: a stall fails after `receiveTimeout` (and a stalled handshake
 * after `connectionTimeout`); integers as numbers, so that values compare plainly.
 */
export const CASE_CONFIG = { receiveTimeout: 1500, connectionTimeout: 3000, disableLosslessIntegers: true };

/**
 * Config of the cancel cases, on top of CASE_CONFIG: no receiveTimeout (only the abort ends a
 * stall), one connection (a slot lost to aborted work fails the next query), and a short
 * connectionTimeout (the pool drops a stalled connection whose RESET goes unanswered that long).
 */
export const ABORT_CONFIG = { receiveTimeout: 0, connectionTimeout: 1000, maxConnectionPoolSize: 1, connectionAcquisitionTimeout: 5000 };

/** Each step of a case (the flow, the fresh query, closing) must end within this. */
export const BOUND_MS = 30_000;

/** More RECORDs than this in one direction are sampled rather than all broken. */
const SAMPLE_ABOVE = 20;

/**
 * The boundaries a flow crossed, from its messages (a proxy Run's `messages`): one
 * `{ direction, message, nth }` per unit; of a long run of one message, the first, the last
 * of the first batch, the first of the second, the middle one and the last.
 */
export function boundaries(messages) {
  const counts = new Map();
  const all = messages.map(({ direction, name }) => {
    const key = `${direction} ${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return { direction, message: name, nth: counts.get(key) };
  });
  return all.filter(({ direction, message, nth }) => {
    const count = counts.get(`${direction} ${message}`);
    return count <= SAMPLE_ABOVE || [1, FETCH_SIZE, FETCH_SIZE + 1, Math.ceil(count / 2), count].includes(nth);
  });
}

/**
 * The cases of one flow: each boundary with each action of `actions`; corruptions take turns
 * over the boundaries so that each flow meets all of them. `corrupts(boundary)` says whether
 * a boundary gets `corrupt` at all.
 */
export function casesOf(flow, messages, { actions = ACTIONS, corrupts = () => true } = {}) {
  const cases = [];
  boundaries(messages).forEach((b, i) => {
    for (const action of actions) {
      if (action === 'corrupt' && !corrupts(b)) continue;
      const plan = { direction: b.direction, message: b.message, nth: b.nth, action };
      if (action === 'corrupt') plan.corruption = CORRUPTION_NAMES[i % CORRUPTION_NAMES.length];
      const arrow = b.direction === TO_SERVER ? 'C→S' : 'S→C';
      cases.push({ flow, plan, name: `${flow}: ${action}${plan.corruption ? ` (${plan.corruption})` : ''} at ${arrow} ${b.message} #${b.nth}` });
    }
  });
  return cases;
}

/** A marker no other case uses. */
export function newMarker(name) {
  return `${name.replace(/\W+/g, '-')}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Runs each flow once, without a fault, with a new driver through a proxy in front of the
 * server `target` (`{ host, port, webSocket }`); resolves `{ flow: messages }` for each of `flows`. `driverFor(address)`
 * makes the driver for the proxy's `127.0.0.1:PORT`.
 */
export async function traceFlows(target, driverFor, flows) {
  const traces = {};
  for (const flow of flows) {
    // A proxy per flow: what a closed driver still sends (GOODBYE) goes to its own.
    const proxy = await startProxy(target);
    const driver = driverFor(proxy.address);
    try {
      const run = proxy.watch();
      await FLOWS[flow].run(driver, newMarker(`trace-${flow}`));
      traces[flow] = [...run.messages];
    } finally {
      await driver.close();
      await proxy.close();
    }
  }
  return traces;
}

/** The message whose arrival at the server may commit a flow's write: COMMIT; for an
 * auto-commit query its RUN (kglite commits it when it has run it, before any PULL). */
const COMMITTED_BY = { autoCommit: 'RUN', executeQuery: 'COMMIT', executeWrite: 'COMMIT', explicit: 'COMMIT' };

/** Codes a fault may give: the driver's own, or a server's `Neo.*` (a corrupted request). */
const FAULT_CODE = /^(ServiceUnavailable|SessionExpired|ProtocolError|Neo\.(ClientError|TransientError|DatabaseError)\.\w+\.\w+)$/;

/** Texts that mean the wasm core trapped. */
const TRAP = /RuntimeError|unreachable|memory access out of bounds/;

/**
 * What every case must show. `result`: what flows.mjs's runCase returned; `fired`: the
 * proxy's record of the fault; `marks`: how many nodes carry the case's marker afterwards
 * (for flows that write). `aborted`: the case aborted its signal once the fault fired, so
 * the flow must reject with the AbortError (and its managed work is not retried).
 */
export function judge(c, result, fired, marks, { aborted = false } = {}) {
  const { outcome, afterwards } = result;
  const flow = FLOWS[c.flow];
  assert.ok(fired, `the fault never fired: the flow did not cross ${c.plan.message} #${c.plan.nth}`);
  assert.ok(!outcome.hung, `the flow hung (no answer within ${BOUND_MS} ms)`);
  const texts = [outcome, afterwards].flatMap((r) => r.error?.texts ?? []);
  assert.ok(!texts.some((t) => TRAP.test(t)), `the wasm core trapped:\n${texts.find((t) => TRAP.test(t))}`);
  if (aborted) {
    assert.equal(outcome.error?.name, 'AbortError', `an aborted flow rejects with the signal's reason, not ${outcome.error?.message ?? 'a result'}`);
  } else if (outcome.error) {
    assert.match(String(outcome.error.code), FAULT_CODE, `the error has no fault code: ${outcome.error.name}: ${outcome.error.message}`);
  } else {
    assert.deepEqual(outcome.values, flow.expected(c.marker), 'a result that resolved must be complete');
  }
  if (flow.writes) {
    const committed = fired.reached.includes(COMMITTED_BY[c.flow]);
    if (outcome.error) {
      assert.ok(marks <= (committed ? 1 : 0), `${marks} write(s) although the flow failed${committed ? '' : ' before it could commit'}`);
    } else {
      // A retried flow whose commit went out before the fault has written twice: its answer
      // was lost, the outcome unknown, and the work run again (documented: be idempotent).
      assert.equal(marks, flow.retries && committed ? 2 : 1, 'an acknowledged write must be there, once per commit');
    }
  }
  assert.ok(!afterwards.hung && !afterwards.error, `the same driver failed afterwards: ${afterwards.error?.message ?? 'hung'}`);
  assert.deepEqual(afterwards.values, [1]);
  assert.ok(result.closed, 'the driver closed');
}

/** A case's outcome in one line, for its test's diagnostics: the error, or "complete". */
export function outcomeLine({ outcome }, marks) {
  const { error } = outcome;
  if (error) return `${error.code}: ${error.message.slice(0, 160)}`;
  return outcome.hung ? 'hung' : `complete${marks === 2 ? ', written twice' : ''}`;
}

/** How many nodes carry `marker`, read with `driver` (straight to the server). */
export async function countMarks(driver, marker) {
  const { records } = await driver.executeQuery(`MATCH (n:${MARK_LABEL} {m: $m}) RETURN count(n) AS c`, { m: marker });
  return Number(records[0].get('c'));
}

/** `{ host, port }` of `host:port` or `ws://host:port`. */
export function hostPort(address) {
  const [host, port] = address.replace(/^ws:\/\//, '').split(':');
  return { host, port: Number(port) };
}

/**
 * Lanes to run cases in, each a kglite server of its own that runs one case at a time:
 * kglite runs one transaction at a time, so a case that holds one open (a stall does, until
 * the driver gives up) would hold up the cases beside it and fail them. The first lane is
 * the shared server of `env` (NEO4J_WASM_KGLITE, NEO4J_WASM_KGLITE_WS); the others are
 * started here. `counterFor(address)` makes each lane's driver straight to its server.
 * Resolves `{ size, run(task), stop() }`: `run` waits for a free lane and resolves with
 * `task(lane)`; a lane is `{ tcp, ws, counter }` (`tcp`, `ws`: `{ host, port }`).
 */
export async function startLanes(size, env, counterFor) {
  const started = await Promise.all(Array.from({ length: size - 1 }, () => startServers(['kglite'])));
  const lanes = [env, ...started.map((s) => s.env)].map((e) => ({
    tcp: hostPort(e.NEO4J_WASM_KGLITE),
    ws: hostPort(e.NEO4J_WASM_KGLITE_WS),
    counter: counterFor(e.NEO4J_WASM_KGLITE),
  }));
  const free = [...lanes];
  const waiting = [];
  return {
    size,
    async run(task) {
      const lane = free.pop() ?? await new Promise((resolve) => waiting.push(resolve));
      try {
        return await task(lane);
      } finally {
        // A waiting task takes the lane over; otherwise it is free.
        const next = waiting.shift();
        if (next) next(lane);
        else free.push(lane);
      }
    },
    async stop() {
      await Promise.all(lanes.map((lane) => lane.counter.close()));
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
