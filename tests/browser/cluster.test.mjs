// Routing on a simulated causal cluster of stub servers in headless Chromium, over WebSocket:
// the scenarios of tests/cluster/scenarios.mjs run in one page (tests/cluster/page.html), each
// against a fresh cluster that this test starts, drives and stops. Any uncaught error in the
// page fails the test.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { startCluster } from '../../scripts/stub.mjs';
import { CLUSTER, scenarios } from '../cluster/scenarios.mjs';

const chromium = useBrowser();
let page;
let cluster = null;
const pageErrors = [];

/** The page, opened by the first test (once the browser of `useBrowser` runs). */
async function scenarioPage() {
  if (page) return page;
  page = await chromium.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.stack || error.message));
  await page.exposeFunction('clusterCommand', (command) => cluster.command(command));
  await page.exposeFunction('clusterEvents', () => cluster.events());
  await page.goto(`${chromium.site.url}/tests/cluster/page.html`);
  const names = await page.evaluate(() => window.clusterReady);
  assert.deepEqual(names, scenarios.map((s) => s.name), 'the page loaded the same scenarios');
  return page;
}

after(() => page?.close());

for (const scenario of scenarios) {
  test(`${scenario.name} (Chromium)`, { timeout: 60_000 }, async () => {
    const page = await scenarioPage();
    cluster = await startCluster(scenario.cluster ?? CLUSTER);
    try {
      await page.evaluate(([name, members]) => window.runClusterScenario(name, members),
        [scenario.name, cluster.members]);
    } finally {
      await cluster.stop();
    }
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });
}
