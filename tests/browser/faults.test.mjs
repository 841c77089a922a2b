// Faults at every message boundary, in headless Chromium over WebSocket: the cases of
// tests/js/faults.test.mjs (the table in tests/faults/cases.mjs) with the driver in a page
// (tests/browser/blank.html, which imports tests/faults/flows.mjs to run each case), the
// proxy and the judging in Node. Pages are reused, one driver per case; any uncaught page
// error fails the case it happened in. The cancel and credentials cases run here too.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { neo4j, env, boltUri } from '../js/support.mjs';
import { startProxy } from '../faults/proxy.mjs';
import {
  casesOf, traceFlows, judge, countMarks, newMarker, outcomeLine, startLanes, hostPort, CASE_CONFIG, ABORT_CONFIG, BOUND_MS,
} from '../faults/cases.mjs';

/** Pages, and so cases, at once: one per lane (a kglite of its own, see startLanes). */
const PAGES = 6;
const CASE_TIMEOUT = { timeout: 4 * BOUND_MS };
const KGLITE_FLOWS = ['autoCommit', 'executeQuery', 'executeWrite', 'executeRead', 'explicit', 'longStream'];
const SECRET = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;

const chromium = useBrowser();
const lanes = await startLanes(PAGES, env, (address) => neo4j.driver(boltUri(address), neo4j.auth.none()));
after(() => lanes.stop());

// The flows' messages are the same over every transport; they are traced from Node over TCP
// (a case whose fault never fires because the page's conversation differed fails).
const traceTarget = { ...hostPort(env.NEO4J_WASM_KGLITE), webSocket: false };
const driverFor = (auth) => (address) => neo4j.driver(`bolt://${address}`, auth, CASE_CONFIG);
const traces = await traceFlows(traceTarget, driverFor(neo4j.auth.none()), KGLITE_FLOWS);
const secretTraces = await traceFlows(traceTarget, driverFor(neo4j.auth.basic('neo4j', SECRET)), ['autoCommit']);

/** Idle pages with the package loaded (one per lane), and what each page reported as uncaught. */
const idle = [];
const pageErrors = new Map();

before(async () => {
  for (let i = 0; i < PAGES; i++) {
    const page = await chromium.browser.newPage();
    pageErrors.set(page, []);
    page.on('pageerror', (e) => pageErrors.get(page).push(e.stack || e.message));
    await page.goto(`${chromium.site.url}/tests/browser/blank.html`);
    await page.evaluate(() => window.neo4jReady.then(() => undefined));
    idle.push(page);
  }
});
after(() => Promise.all(idle.map((page) => page.close())));

/** Runs one case on a free lane, in an idle page, through a new proxy in front of the lane's
 * WebSocket bridge, and judges it. `abort`: the page aborts the flow's signal once the fault
 * fires (with ABORT_CONFIG). */
function faultCase(t, c, { auth = neo4j.auth.none(), secret, abort = false } = {}) {
  return lanes.run(async (lane) => {
    const page = idle.pop();
    const proxy = await startProxy({ ...lane.ws, webSocket: true });
    try {
      const run = proxy.arm(c.plan);
      const marker = newMarker(c.name);
      const config = abort ? { ...CASE_CONFIG, ...ABORT_CONFIG } : CASE_CONFIG;
      const args = { uri: `bolt://${proxy.address}`, auth, config, flow: c.flow, marker, boundMs: BOUND_MS, secret };
      if (abort) run.whenFired.then(() => page.evaluate(() => window.abortCase()));
      const result = await page.evaluate(async (caseArgs) => {
        const { runCase } = await import('/tests/faults/flows.mjs');
        const controller = new AbortController();
        window.abortCase = () => controller.abort();
        return runCase(window.neo4j, { ...caseArgs, signal: controller.signal });
      }, args);
      const marks = await countMarks(lane.counter, marker);
      t.diagnostic(outcomeLine(result, marks));
      assert.deepEqual(pageErrors.get(page), [], 'uncaught errors in the page');
      judge({ ...c, marker }, result, run.fired, marks, { aborted: abort });
      return result;
    } finally {
      pageErrors.set(page, []);
      idle.push(page);
      await proxy.close();
    }
  });
}

describe('kglite over WebSocket, in Chromium', { concurrency: PAGES }, () => {
  for (const flow of KGLITE_FLOWS) {
    for (const c of casesOf(flow, traces[flow])) test(c.name, CASE_TIMEOUT, (t) => faultCase(t, c));
  }
});

describe('cancel during a stall, kglite over WebSocket, in Chromium', { concurrency: PAGES }, () => {
  for (const flow of KGLITE_FLOWS) {
    for (const c of casesOf(flow, traces[flow], { actions: ['stall'] })) {
      test(`${c.name}, then abort`, CASE_TIMEOUT, (t) => faultCase(t, c, { abort: true }));
    }
  }
});

describe('credentials under faults, in Chromium', { concurrency: PAGES }, () => {
  const auth = neo4j.auth.basic('neo4j', SECRET);
  for (const c of casesOf('autoCommit', secretTraces.autoCommit)) {
    test(c.name, CASE_TIMEOUT, async (t) => {
      const result = await faultCase(t, c, { auth, secret: SECRET });
      assert.ok(result.logLines > 0, 'debug logging logged');
      assert.deepEqual(result.leaks, [], 'the password appears in the output');
    });
  }
});
