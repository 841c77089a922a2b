// neo4j-wasm/init in headless Chromium: initCore() loads the core from each kind of source it
// takes (a WebAssembly.Module, bytes, a Response, a URL, or none), and then a query runs over
// WebSocket; what was wrong is named when it cannot load; a failed load can be tried again.
// Each test has a page of its own (tests/browser/init.html, with no core loaded), so that
// each starts without a core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { env, boltUri } from '../js/support.mjs';

const TIMEOUT = { timeout: 60_000 };

const chromium = useBrowser();

/**
 * Runs `attempts` (a page function of `{ uri, wasm }` that calls window.loadAndQuery, see
 * init.html) in a new page and resolves what it returned.
 */
async function inFreshPage(attempts) {
  const context = await chromium.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${chromium.site.url}/tests/browser/init.html`);
    return await page.evaluate(attempts, { uri: boltUri(env.NEO4J_WASM_KGLITE_WS), wasm: '/pkg/web/neo4j_wasm_bg.wasm' });
  } finally {
    await context.close();
  }
}

test('before initCore() the driver says how to load the core; from a WebAssembly.Module it loads, and a later call resolves at once', TIMEOUT, async () => {
  const { before, outcomes, answer } = await inFreshPage(({ uri, wasm }) => window.loadAndQuery(uri, [
    async (initCore) => initCore(await WebAssembly.compileStreaming(fetch(wasm))),
    (initCore) => initCore('/no/such/file.wasm'),
  ]));
  assert.match(before, /^the neo4j-wasm core is not loaded: .*from "neo4j-wasm\/init" and wait for initCore\(\.\.\.\)/);
  assert.deepEqual({ outcomes, answer }, { outcomes: ['loaded', 'loaded'], answer: '42' });
});

test('initCore() loads the core from bytes, from a fetch() promise, from a URL, and with no source from next to its glue', TIMEOUT, async () => {
  const sources = {
    bytes: ({ uri, wasm }) => window.loadAndQuery(uri, [async (initCore) => initCore(await (await fetch(wasm)).arrayBuffer())]),
    response: ({ uri, wasm }) => window.loadAndQuery(uri, [(initCore) => initCore(fetch(wasm))]),
    url: ({ uri, wasm }) => window.loadAndQuery(uri, [(initCore) => initCore(new URL(wasm, location.href))]),
    none: ({ uri }) => window.loadAndQuery(uri, [(initCore) => initCore()]),
  };
  for (const [kind, attempts] of Object.entries(sources)) {
    const { outcomes, answer } = await inFreshPage(attempts);
    assert.deepEqual({ outcomes, answer }, { outcomes: ['loaded'], answer: '42' }, kind);
  }
});

test('initCore() names a source it cannot load from, and a failed load can be tried again', TIMEOUT, async () => {
  const { outcomes, answer } = await inFreshPage(({ uri, wasm }) => window.loadAndQuery(uri, [
    (initCore) => initCore(42),
    (initCore) => initCore('/no/such/file.wasm'),
    (initCore) => initCore(new Uint8Array([0, 97, 115, 109])),
    (initCore) => initCore(wasm),
  ]));
  assert.match(outcomes[0],
    /^neo4j-wasm could not load its core from a value of type number \(expected a WebAssembly\.Module, bytes, a Response or a URL\): /);
  assert.match(outcomes[1], /^neo4j-wasm could not load its core from \/no\/such\/file\.wasm: failed to fetch Wasm: 404/);
  assert.match(outcomes[2], /^neo4j-wasm could not load its core from 4 bytes: /);
  assert.deepEqual({ loaded: outcomes[3], answer }, { loaded: 'loaded', answer: '42' });
});
