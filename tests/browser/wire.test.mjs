// The wire scenarios in headless Chromium (tests/wire/scenarios.mjs): each one is played by a
// fresh stub server to the official driver's browser bundle and to this package, both over
// WebSocket from a page (tests/wire/page.html). As in Node, both must follow the script, and
// what the application saw must be the same (or differ exactly as documented). Where the
// official browser bundle hangs (`officialHangsInBrowser` says why), this package is compared
// with the official driver in Node instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import official from 'neo4j-driver';
import { useBrowser } from './support.mjs';
import { scenarios, AUTH } from '../wire/scenarios.mjs';
import { runScenario } from '../differential/scenarios.mjs';
import { compareObservations } from '../differential/compare.mjs';
import { play, offScript } from '../wire/play.mjs';

const chromium = useBrowser();

for (const scenario of scenarios) {
  test(scenario.name, { timeout: 60_000 }, async () => {
    const page = await chromium.browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.stack || error.message));
    try {
      await page.goto(`${chromium.site.url}/tests/wire/page.html`);
      const names = await page.evaluate(() => window.wireReady);
      assert.ok(names.includes(scenario.name), 'the page loaded the same scenarios');
      const playWith = (driver) => play(scenario, (uri, address) => page.evaluate(
        ([name, which, target, tag]) => window.runWire(name, which, target, tag), [scenario.name, driver, uri, address]));
      let theirs = await playWith('official');
      if (scenario.officialHangsInBrowser) {
        assert.deepEqual(theirs.observation, { hung: true },
          `the official browser bundle no longer hangs here (${scenario.officialHangsInBrowser})`);
        theirs = await play(scenario, (uri, address) => runScenario(scenario, official, { uri, tag: address, auth: AUTH }));
      }
      assert.equal(theirs.stub.code, 0, offScript('the official driver', theirs.stub));
      const mine = await playWith('ours');
      assert.equal(mine.stub.code, 0, offScript('this package', mine.stub));
      compareObservations(scenario, theirs.observation, mine.observation);
    } finally {
      await page.close();
    }
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  });
}
