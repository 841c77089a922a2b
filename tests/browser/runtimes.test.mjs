// The package in the runtimes besides Node and browser pages, installed from its tarball
// (tests/browser/packed.mjs): Deno and Bun over TCP and over WebSocket, a module Web Worker in
// headless Chromium, and workerd (the runtime of Cloudflare Workers) through miniflare, with an
// outbound WebSocket. Each runs the scenario of tests/packaging/scenario.mjs against kglite.
// Deno, Bun and miniflare (with workerd) are the repository's pinned dev dependencies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser } from './support.mjs';
import {
  ROOT, run, assertSucceeded, node22, installPacked, checkObservation, observeInChromium,
} from './packed.mjs';
import { env, boltUri } from '../js/support.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const SETUP_TIMEOUT = { timeout: 300_000 };
const TIMEOUT = { timeout: 120_000 };

const scratch = { dir: null, site: null };
const chromium = useBrowser();

before(async () => {
  ({ dir: scratch.dir } = await installPacked());
  scratch.site = await serveStatic(scratch.dir);
}, SETUP_TIMEOUT);

after(() => scratch.site?.close());

/** The kglite server for each transport: its TCP port, or its WebSocket bridge. */
const SERVER = { tcp: () => env.NEO4J_WASM_KGLITE, websocket: () => env.NEO4J_WASM_KGLITE_WS };

/** Runs `command args... run-scenario.mjs URI transport via` in the scratch project and checks
 * the scenario's outcome, printed on stdout, with nothing on stderr. */
async function checkRuntime(name, command, args, extraEnv = {}) {
  for (const transport of ['tcp', 'websocket']) {
    const via = `${name}-${transport}`;
    const result = await run(command, [...args, 'run-scenario.mjs', boltUri(SERVER[transport]()), transport, via],
      scratch.dir, extraEnv);
    assertSucceeded(result, via);
    assert.equal(result.stderr, '', `nothing on stderr (${via})`);
    assert.deepEqual(checkObservation(JSON.parse(result.stdout), via), {});
  }
}

test('Deno: `import neo4j from "neo4j-wasm"` from node_modules runs the scenario over TCP and over WebSocket', TIMEOUT, async () => {
  await checkRuntime('deno', path.join(ROOT, 'node_modules/.bin/deno'), ['run', '--allow-net', '--allow-read', '--allow-env'],
    { DENO_NO_UPDATE_CHECK: '1' });
});

test('Bun: `import neo4j from "neo4j-wasm"` runs the scenario over TCP and over WebSocket', TIMEOUT, async () => {
  await checkRuntime('bun', path.join(ROOT, 'node_modules/.bin/bun'), []);
});

test('a module Web Worker imports lib/browser.js and runs the scenario in Chromium', TIMEOUT, async () => {
  const uri = boltUri(env.NEO4J_WASM_KGLITE_WS);
  const { observation, fetched } = await observeInChromium(chromium.browser,
    `${scratch.site.url}/worker.html?uri=${encodeURIComponent(uri)}`);
  assert.deepEqual(checkObservation(observation, 'module-worker'), {});
  assert.deepEqual(fetched.filter((f) => f.endsWith('.wasm')).map((f) => path.basename(f)), ['neo4j_wasm_bg.wasm']);
});

test('workerd through miniflare: a Worker importing the package runs the scenario over an outbound WebSocket', TIMEOUT, async () => {
  // miniflare needs Node 22.
  const result = await run(node22(), ['workerd/run.mjs', boltUri(env.NEO4J_WASM_KGLITE_WS)], scratch.dir);
  assertSucceeded(result, 'workerd/run.mjs');
  assert.deepEqual(checkObservation(JSON.parse(result.stdout), 'workerd'), {});
});
