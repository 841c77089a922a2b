// The minimal page (www/minimal/, no bundler) in headless Chromium (Playwright): it loads the
// package's browser entry, runs Cypher against real servers over WebSocket, and shows the records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { env, boltUri, FALKORDB_CONFIG } from '../js/support.mjs';

const chromium = useBrowser();

/** Opens the page with the form filled from the query string and waits for the outcome. */
async function runInPage(uri, query, extra = {}) {
  const page = await chromium.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const q = new URLSearchParams({ uri, query, run: '1', ...extra });
  await page.goto(`${chromium.site.url}/www/minimal/index.html?${q}`);
  await page.waitForFunction(() => /record\(s\)|Error|:/.test(document.getElementById('status').textContent)
    && document.getElementById('status').textContent !== 'Running…', null, { timeout: 30_000 });
  const status = await page.textContent('#status');
  const cells = await page.$$eval('#results tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  await page.close();
  assert.deepEqual(errors, []);
  return { status, cells };
}

test('the page writes and reads nodes on kglite through websockify', async () => {
  const uri = `bolt://${env.NEO4J_WASM_KGLITE_WS.replace('ws://', '')}`;
  const tag = `page${Date.now()}`;
  await runInPage(uri, `UNWIND ['Ada', 'Alan'] AS name CREATE (:Person {name: name, tag: '${tag}'})`);
  const { status, cells } = await runInPage(uri, `MATCH (p:Person {tag: '${tag}'}) RETURN p.name AS name ORDER BY name`);
  assert.match(status, /^2 record\(s\)/);
  assert.deepEqual(cells, [['name'], ['Ada'], ['Alan']]);
});

test('the page talks to FalkorDB, a second server implementation', async () => {
  // A stall left by an earlier client's GOODBYE (a FalkorDB bug) ends the first attempt with a
  // connectionTimeout; the stalled connection's close clears it for the second.
  // FalkorDB's own WebSocket listener stalls now and then even without a GOODBYE before, so
  // the page goes through websockify, like the Node tests.
  const attempt = () => runInPage(boltUri(env.NEO4J_WASM_FALKORDB_WS), "RETURN 'hello from ' + $runtime AS greeting",
    FALKORDB_CONFIG);
  let { status, cells } = await attempt();
  if (/connectionTimeout/.test(status)) ({ status, cells } = await attempt());
  assert.match(status, /^1 record\(s\)/);
  assert.deepEqual(cells, [['greeting'], ['hello from the browser']]);
});

test('a browser refuses bolt+ssc:// when the driver is made, saying what to do instead', async () => {
  const { status } = await runInPage('bolt+ssc://127.0.0.1:9', 'RETURN 1');
  // The page shows an error's code, or "Error" for a plain Error (a configuration it cannot use).
  assert.match(status, /^Error: accepting any certificate .* is not possible in a browser: a browser trusts only/);
  assert.match(status, /import its CA .* into the operating system's or the browser's trust store/);
});

test('the page shows a clear error for a port nobody listens on', async () => {
  const { status, cells } = await runInPage('bolt://127.0.0.1:9', 'RETURN 1');
  assert.match(status, /^ServiceUnavailable: could not open a WebSocket to ws:\/\/127\.0\.0\.1:9/);
  assert.deepEqual(cells, []);
});
