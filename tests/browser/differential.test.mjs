// The differential suite in headless Chromium: every scenario of tests/differential/scenarios.mjs
// runs in a fresh page (tests/differential/page.html) with this package (/lib/browser.js) and
// with the official driver's browser bundle, both over WebSocket to the kglite bridge, and what
// the application saw must be the same (or differ exactly as documented). Any uncaught error in
// the page fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { env, boltUri } from '../js/support.mjs';
import { scenarios } from '../differential/scenarios.mjs';
import { compareObservations, uniqueTag } from '../differential/compare.mjs';

const chromium = useBrowser();
const options = {
  uri: boltUri(env.NEO4J_WASM_KGLITE_WS),
  authUri: boltUri(env.NEO4J_WASM_KGLITE_AUTH_WS),
  // Nothing listens on the discard port of the loopback address.
  unreachableUri: 'bolt://127.0.0.1:9',
};

scenarios.forEach((scenario, index) => {
  test(scenario.name, { timeout: 180_000 }, async () => {
    const page = await chromium.browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.stack || error.message));
    try {
      await page.goto(`${chromium.site.url}/tests/differential/page.html`);
      const names = await page.evaluate(() => window.differentialReady);
      assert.ok(names.includes(scenario.name), 'the page loaded the same scenarios');
      const { official, ours } = await page.evaluate(
        ([name, opts]) => window.runDifferential(name, opts), [scenario.name, { ...options, tag: uniqueTag(index) }]);
      compareObservations(scenario, official, ours, 'browser');
    } finally {
      await page.close();
    }
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });
});
