// The fault cases, made from a table: each flow of tests/faults/flows.mjs is run once without
// a fault through the proxy, and every message boundary it crossed (both directions, the
// handshake included; long runs of RECORDs sampled) gets each action. `judge` holds what
// every case must show, whatever the fault: no hang, no trap, a complete result or an error
// with a code, no acknowledged write lost, and a driver that works afterwards.
import assert from 'node:assert/strict';
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
  const proxy = await startProxy(target);
  const traces = {};
  try {
    for (const flow of flows) {
      const driver = driverFor(proxy.address);
      try {
        const run = proxy.watch();
        await FLOWS[flow].run(driver, newMarker(`trace-${flow}`));
        traces[flow] = [...run.messages];
      } finally {
        await driver.close();
      }
    }
  } finally {
    await proxy.close();
  }
  return traces;
}

/** The message whose arrival at the server commits a flow's write. */
const COMMITTED_BY = { autoCommit: 'PULL', executeQuery: 'COMMIT', executeWrite: 'COMMIT', explicit: 'COMMIT' };

/** Codes a fault may give: the driver's own, or a server's `Neo.*` (a corrupted request). */
const FAULT_CODE = /^(ServiceUnavailable|SessionExpired|ProtocolError|Neo\.(ClientError|TransientError|DatabaseError)\.\w+\.\w+)$/;

/** Texts that mean the wasm core trapped. */
const TRAP = /RuntimeError|unreachable|memory access out of bounds/;

/**
 * What every case must show. `result`: what flows.mjs's runCase returned; `fired`: the
 * proxy's record of the fault; `marks`: how many nodes carry the case's marker afterwards
 * (for flows that write).
 */
export function judge(c, result, fired, marks) {
  const { outcome, afterwards } = result;
  const flow = FLOWS[c.flow];
  assert.ok(fired, `the fault never fired: the flow did not cross ${c.plan.message} #${c.plan.nth}`);
  assert.ok(!outcome.hung, `the flow hung (no answer within ${BOUND_MS} ms)`);
  const texts = [outcome, afterwards].flatMap((r) => r.error?.texts ?? []);
  assert.ok(!texts.some((t) => TRAP.test(t)), `the wasm core trapped:\n${texts.find((t) => TRAP.test(t))}`);
  if (outcome.error) {
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

/** How many nodes carry `marker`, read with `driver` (straight to the server). */
export async function countMarks(driver, marker) {
  const { records } = await driver.executeQuery(`MATCH (n:${MARK_LABEL} {m: $m}) RETURN count(n) AS c`, { m: marker });
  return Number(records[0].get('c'));
}

/**
 * A limiter: `limit(n)` gives `run(task)`, which runs the async `task` once fewer than `n`
 * tasks started through it are running, and resolves as it does.
 */
export function limit(n) {
  let active = 0;
  const waiting = [];
  return async (task) => {
    if (active < n) active += 1;
    else await new Promise((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A waiting task takes the slot over; otherwise it is free.
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
