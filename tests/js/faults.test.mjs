// Faults at every message boundary, in Node over TCP and WebSocket: a proxy of our own
// (tests/faults/proxy.mjs) between the driver and kglite cuts the connection, stalls it or
// corrupts one message, for each boundary that auto-commit queries, executeQuery, managed and
// explicit transactions and a long stream cross (the table is in tests/faults/cases.mjs).
// Every case must end in time with a complete result or an error with a code, lose no
// acknowledged write, leave no wasm trap, and leave the driver working. The same against the
// stub server speaking Bolt 6.0 (manifest handshake); and, with debug logging, a planted
// password must appear in no log line and no error.
// Node 20: node --experimental-websocket --test tests/js/faults.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, boltUri, OVER_WEBSOCKET } from './support.mjs';
import { startStub } from '../../scripts/stub.mjs';
import { startProxy, TO_SERVER, HANDSHAKE } from '../faults/proxy.mjs';
import { runCase } from '../faults/flows.mjs';
import {
  casesOf, traceFlows, judge, countMarks, newMarker, outcomeLine, startLanes, hostPort, CASE_CONFIG, ABORT_CONFIG, BOUND_MS,
} from '../faults/cases.mjs';

/** Cases run at once, each on a kglite of its own: most of a case is waiting (a timeout, a
 * retry's backoff). */
const LANES = 6;
const CASE_TIMEOUT = { timeout: 4 * BOUND_MS };
/** The flows run against kglite. */
const KGLITE_FLOWS = ['autoCommit', 'executeQuery', 'executeWrite', 'executeRead', 'explicit', 'longStream'];

/** Each transport: the driver config that uses it, and the lane's server address over it. */
const TRANSPORTS = [
  ['TCP', { config: {}, targetOf: (lane) => ({ ...lane.tcp, webSocket: false }) }],
  ['WebSocket', { config: OVER_WEBSOCKET, targetOf: (lane) => ({ ...lane.ws, webSocket: true }) }],
];

const lanes = await startLanes(LANES, env, (address) => neo4j.driver(boltUri(address), neo4j.auth.none()));
after(() => lanes.stop());

/**
 * Runs one case through a new proxy in front of `target` and judges it, with `counter` (a
 * driver straight to the server) counting its writes; `auth` and `secret` for the
 * credentials cases; `abort`: abort the flow's signal once the fault fires. The error code (or "complete") goes into the test's diagnostics, which
 * the README's failure table summarises.
 */
async function faultCase(t, c, { target, counter, config, auth = neo4j.auth.none(), secret, abort = false }) {
  const proxy = await startProxy(target);
  try {
    const run = proxy.arm(c.plan);
    const marker = newMarker(c.name);
    const controller = new AbortController();
    if (abort) run.whenFired.then(() => controller.abort());
    const result = await runCase(neo4j, {
      uri: `bolt://${proxy.address}`, auth, config: { ...CASE_CONFIG, ...config }, flow: c.flow, marker, boundMs: BOUND_MS, secret,
      signal: controller.signal,
    });
    const marks = counter ? await countMarks(counter, marker) : 0;
    t.diagnostic(outcomeLine(result, marks));
    judge({ ...c, marker }, result, run.fired, marks, { aborted: abort });
    return result;
  } finally {
    await proxy.close();
  }
}

/** Runs a kglite case on a free lane over `transport`. */
const onLane = (t, c, { config, targetOf }, extra) => lanes.run((lane) =>
  faultCase(t, c, { target: targetOf(lane), counter: lane.counter, config, ...extra }));

const driverFor = (config, auth = neo4j.auth.none()) => (address) =>
  neo4j.driver(`bolt://${address}`, auth, { ...CASE_CONFIG, ...config });

/** The first lane's server over a transport, for tracing the flows. */
const traceTarget = (transport) => transport.targetOf({ tcp: hostPort(env.NEO4J_WASM_KGLITE), ws: hostPort(env.NEO4J_WASM_KGLITE_WS) });

// The stub server on Bolt 6.0, through the manifest handshake. Every client line is optional,
// so that a connection a fault ends early is as scripted; three connections are served (the
// broken one, the one after it, a spare). The stub checks the client's messages, so faults
// that break them (corrupted requests, a cut handshake) are kglite's part.
const STUB_SCRIPT = `
  !: REPEAT 3
  S: BOLT MANIFEST 6.0 CAPS 0
  C: BOLT 6.0
  C?: HELLO
  S: SUCCESS {"server": "Neo4j/2025.10.0", "connection_id": "bolt-1"}
  C?: LOGON
  S: SUCCESS {}
  C?: RUN "RETURN 1 AS v" {} {}
  C?: PULL {"n": 1000}
  S: SUCCESS {"fields": ["v"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C?: RUN "RETURN 1 AS v" {} {}
  C?: PULL {"n": 1000}
  S: SUCCESS {"fields": ["v"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C?: GOODBYE
`;

/** Runs `body(target)` with a new stub serving STUB_SCRIPT, stopped afterwards; when `body`
 * fails, what the stub reported is added to the error. */
async function withStub(webSocket, body) {
  const stub = await startStub(STUB_SCRIPT, { timeout: 60 });
  try {
    return await body({ host: '127.0.0.1', port: stub.port, webSocket });
  } catch (error) {
    const { stderr } = await stub.stop();
    if (stderr) error.message += `\nbolt-stub said:\n${stderr}`;
    throw error;
  } finally {
    await stub.stop();
  }
}

// A password no other text has, planted in the auth token: with debug logging on, every
// fault case of two flows, and every log line and error text searched for it.
const SECRET = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const SECRET_AUTH = neo4j.auth.basic('neo4j', SECRET);

// Cancelling a stalled flow: with no receiveTimeout a stall would last forever; aborting the
// signal once the fault fires must reject the flow with the AbortError at once, and leave
// the pool whole (ABORT_CONFIG).

// Every flow is traced before any test is registered: node:test ends the file once the tests
// registered so far are done.
const traced = [];
for (const [name, transport] of TRANSPORTS) {
  const webSocket = transport.config.webSocket !== undefined;
  traced.push({
    name,
    transport,
    webSocket,
    kglite: await traceFlows(traceTarget(transport), driverFor(transport.config), KGLITE_FLOWS),
    stub: await withStub(webSocket, (target) => traceFlows(target, driverFor(transport.config), ['ping'])),
    secret: await traceFlows(traceTarget(transport), driverFor(transport.config, SECRET_AUTH), ['autoCommit', 'explicit']),
  });
}

for (const { name, transport, kglite } of traced) {
  describe(`kglite over ${name}`, { concurrency: LANES }, () => {
    for (const flow of KGLITE_FLOWS) {
      for (const c of casesOf(flow, kglite[flow])) test(c.name, CASE_TIMEOUT, (t) => onLane(t, c, transport));
    }
  });
}

for (const { name, transport, kglite } of traced) {
  const aborting = { ...transport, config: { ...transport.config, ...ABORT_CONFIG } };
  describe(`cancel during a stall, kglite over ${name}`, { concurrency: LANES }, () => {
    for (const flow of KGLITE_FLOWS) {
      for (const c of casesOf(flow, kglite[flow], { actions: ['stall'] })) {
        test(`${c.name}, then abort`, CASE_TIMEOUT, (t) => onLane(t, c, aborting, { abort: true }));
      }
    }
  });
}

for (const { name, transport, webSocket, stub } of traced) {
  const cases = casesOf('ping', stub.ping.filter((m) => m.name !== HANDSHAKE), { corrupts: (b) => b.direction !== TO_SERVER });
  describe(`stub server (Bolt 6.0) over ${name}`, { concurrency: LANES }, () => {
    for (const c of cases) {
      test(c.name, CASE_TIMEOUT, (t) => withStub(webSocket, (target) => faultCase(t, c, { target, config: transport.config })));
    }
  });
}

for (const { name, transport, secret } of traced) {
  describe(`credentials under faults over ${name}`, { concurrency: LANES }, () => {
    for (const flow of ['autoCommit', 'explicit']) {
      for (const c of casesOf(flow, secret[flow])) {
        test(c.name, CASE_TIMEOUT, async (t) => {
          const result = await onLane(t, c, transport, { auth: SECRET_AUTH, secret: SECRET });
          assert.ok(result.logLines > 0, 'debug logging logged');
          assert.deepEqual(result.leaks, [], 'the password appears in the output');
        });
      }
    }
  });
}
