// The package as users install it: `npm pack` of the repository, installed into a scratch
// project in a temporary directory, then used from there: Node ES module and CommonJS scripts
// (TCP), a Vite-bundled app and a plain ES-module page in headless Chromium (WebSocket), and
// TypeScript against the declarations. The fixtures are in tests/packaging/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser } from './support.mjs';
import { env, boltUri } from '../js/support.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/packaging');

// Generous: a shared 2-core machine; npm, Vite, tsc and Chromium each take a while.
const SETUP_TIMEOUT = { timeout: 300_000 };
const TIMEOUT = { timeout: 180_000 };
const COMMAND_TIMEOUT_MS = 150_000;

/** The environment of the commands run here, as in a user's shell: without the settings that
 * the test runner (NODE_OPTIONS, NODE_TEST_CONTEXT) or `npm test` (npm_*) pass down. */
const COMMAND_ENV = Object.fromEntries(Object.entries(process.env)
  .filter(([key]) => !['NODE_OPTIONS', 'NODE_TEST_CONTEXT'].includes(key) && !key.startsWith('npm_')));

/** Runs a command to its end; resolves `{ code, signal, stdout, stderr }` whatever its exit. */
function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, {
      cwd, env: COMMAND_ENV, encoding: 'utf8', maxBuffer: 64 << 20, timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL',
    }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr }));
  });
}

/** Fails unless the command exited with 0, showing its output. */
function assertSucceeded(result, what) {
  assert.equal(result.code, 0, `${what} failed (${result.signal ?? `exit ${result.code}`}):\n${result.stdout}\n${result.stderr}`);
}

/** What every way of loading the package observes (tests/packaging/observe.mjs), less the
 * server's agent string. */
function expectedObservation(via) {
  return {
    answer: { isInt: true, isInteger: true, plusOne: '43' },
    node: { isNode: true, isTypesNode: true, labels: ['PackagingCheck'], via },
    day: { isDate: true, isTypesDate: true, text: '2024-02-29', year: 2024 },
  };
}

/** Checks an observation and returns what it had beyond the expected fields. */
function checkObservation(observation, via) {
  assert.equal(observation.error, undefined, `the query failed: ${observation.error}`);
  const { agent, answer, node, day, ...rest } = observation;
  assert.match(agent, /^kglite-bolt-server\//);
  assert.deepEqual({ answer, node, day }, expectedObservation(via));
  return rest;
}

const scratch = { dir: null, app: null, packed: null, site: null };
const chromium = useBrowser();

before(async () => {
  scratch.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'neo4j-wasm-packaging-'));
  const packDir = path.join(scratch.dir, 'pack');
  scratch.app = path.join(scratch.dir, 'app');
  await fs.mkdir(packDir);
  await fs.cp(FIXTURES, scratch.app, { recursive: true });

  const pack = await run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
  assertSucceeded(pack, 'npm pack');
  [scratch.packed] = JSON.parse(pack.stdout);

  await fs.writeFile(path.join(scratch.app, 'package.json'),
    `${JSON.stringify({ name: 'packaging-scratch', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund',
    path.join(packDir, scratch.packed.filename)], scratch.app);
  assertSucceeded(install, 'npm install of the tarball');
  scratch.site = await serveStatic(scratch.app);
}, SETUP_TIMEOUT);

after(async () => {
  await scratch.site?.close();
  if (scratch.dir) await fs.rm(scratch.dir, { recursive: true, force: true });
});

test('the tarball holds lib/, pkg/node and pkg/web with their .wasm, and nothing else of the repository', TIMEOUT, async () => {
  const files = scratch.packed.files.map((f) => f.path);
  const libFiles = (await fs.readdir(path.join(ROOT, 'lib'))).map((f) => `lib/${f}`);
  for (const wanted of [...libFiles, 'package.json',
    'pkg/node/package.json', 'pkg/node/neo4j_wasm.js', 'pkg/node/neo4j_wasm_bg.wasm',
    'pkg/web/neo4j_wasm.js', 'pkg/web/neo4j_wasm_bg.wasm']) {
    assert.ok(files.includes(wanted), `${wanted} is missing from the tarball`);
  }
  for (const target of ['node', 'web']) {
    assert.ok(files.some((f) => f.startsWith(`pkg/${target}/snippets/`) && f.endsWith('.js')), `pkg/${target}/snippets/ is missing`);
  }
  const forbidden = files.filter((f) => /^(src|tests|target|node_modules|scripts|\.tools|fuzz|bench|www)\//.test(f));
  assert.deepEqual(forbidden, [], 'repository files that must not be published');
  const unexpected = files.filter((f) => !/^(lib|pkg\/node|pkg\/web)\//.test(f) && !['package.json', 'README.md'].includes(f));
  assert.deepEqual(unexpected, [], 'files outside lib/, pkg/node/ and pkg/web/');
  const installed = JSON.parse(await fs.readFile(path.join(scratch.app, 'node_modules/neo4j-wasm/package.json'), 'utf8'));
  assert.equal(installed.name, 'neo4j-wasm');
});

test('Node ES module: `import neo4j from "neo4j-wasm"` runs a query over TCP, silently', TIMEOUT, async () => {
  const result = await run(process.execPath, ['node-esm.mjs', boltUri(env.NEO4J_WASM_KGLITE)], scratch.app);
  assertSucceeded(result, 'node node-esm.mjs');
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.deepEqual(checkObservation(JSON.parse(result.stdout), 'node-esm'), {});
});

test('Node CommonJS: `require("neo4j-wasm")` runs a query over TCP, with no warning on stderr', TIMEOUT, async () => {
  const result = await run(process.execPath, ['node-cjs.cjs', boltUri(env.NEO4J_WASM_KGLITE)], scratch.app);
  assertSucceeded(result, 'node node-cjs.cjs');
  assert.equal(result.stderr, '', `nothing on stderr (Node ${process.version})`);
  assert.deepEqual(checkObservation(JSON.parse(result.stdout), 'node-cjs'),
    { required: { driver: 'function', defaultDriver: 'function' } });
});

/**
 * Opens `pagePath` of the scratch project in Chromium with the kglite WebSocket bridge in
 * `?uri=`, waits for the page's `window.observation` and returns it; fails on any page error,
 * console error or warning, or failed request.
 */
async function observeInChromium(pagePath) {
  const page = await chromium.browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  try {
    const uri = boltUri(env.NEO4J_WASM_KGLITE_WS);
    await page.goto(`${scratch.site.url}/${pagePath}?uri=${encodeURIComponent(uri)}`);
    await page.waitForFunction(() => window.observation !== undefined, null, { timeout: 60_000 })
      .catch((e) => { throw new Error(`${e.message}\n${problems.join('\n')}`); });
    const observation = await page.evaluate(() => window.observation);
    assert.deepEqual(problems, [], `problems in ${pagePath}`);
    return observation;
  } finally {
    await page.close();
  }
}

/** Matches a static or dynamic import, or a require, of a Node built-in module. */
const NODE_BUILTIN_IMPORT = new RegExp(
  `(?:\\bfrom|\\bimport|\\brequire)\\s*\\(?\\s*["'\`](?:node:[\\w/]+|${builtinModules.join('|')})["'\`]`);

test('a Vite-bundled app imports the package and runs a query in Chromium', TIMEOUT, async (t) => {
  const appDir = path.join(scratch.app, 'vite-app');
  const assets = path.join(appDir, 'dist/assets');

  await t.test('vite build succeeds without warnings', async () => {
    const build = await run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build',
      '--base', './', '--outDir', 'dist', '--emptyOutDir'], appDir);
    assertSucceeded(build, 'vite build');
    assert.equal(build.stderr, '', 'vite build printed to stderr');
    assert.doesNotMatch(build.stdout, /externalized for browser compatibility/);
  });

  await t.test('the bundle has the .wasm as an asset and no Node built-ins', async () => {
    const files = await fs.readdir(assets);
    assert.ok(files.some((f) => f.endsWith('.wasm')), `no .wasm among ${files.join(', ')}`);
    const scripts = files.filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length > 0, 'no JavaScript in the bundle');
    for (const script of scripts) {
      const code = await fs.readFile(path.join(assets, script), 'utf8');
      assert.doesNotMatch(code, NODE_BUILTIN_IMPORT, `${script} imports a Node built-in`);
      assert.doesNotMatch(code, /\brequire\s*\(/, `${script} calls require()`);
    }
  });

  await t.test('the built page runs the query through the WebSocket bridge', async () => {
    checkObservation(await observeInChromium('vite-app/dist/index.html'), 'vite');
  });
});

test('a page without a bundler imports node_modules/neo4j-wasm/lib/browser.js and runs a query in Chromium', TIMEOUT, async () => {
  checkObservation(await observeInChromium('plain.html'), 'plain-module');
});

/** Type-checks `file` in `dir` with `tsc --strict --noEmit` and the given module options.
 * `dom` gives AbortSignal (Node projects get it from @types/node) and `esnext.disposable` gives
 * Symbol.asyncDispose: the declarations need both, as neo4j-driver's do. */
async function typeCheck(dir, file, moduleOptions) {
  const config = path.join(dir, `tsconfig.${path.basename(file, '.ts')}.${moduleOptions.moduleResolution}.json`);
  await fs.writeFile(config, JSON.stringify({
    compilerOptions: {
      ...moduleOptions, target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: [], skipLibCheck: false,
    },
    files: [file],
  }, null, 2));
  const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config,
    '--strict', '--noEmit'], dir);
  assertSucceeded(tsc, `tsc --strict --noEmit -p ${path.basename(config)}`);
}

const NODENEXT = { module: 'nodenext', moduleResolution: 'nodenext' };
const BUNDLER = { module: 'esnext', moduleResolution: 'bundler' };

test('TypeScript: neo4j-driver-style usage type-checks with module/moduleResolution nodenext', TIMEOUT, async () => {
  await typeCheck(scratch.app, 'usage.ts', NODENEXT);
});

test('TypeScript: neo4j-driver-style usage type-checks with moduleResolution bundler', TIMEOUT, async () => {
  await typeCheck(scratch.app, 'usage.ts', BUNDLER);
});

test('TypeScript: the default import also names the types (`neo4j.Driver`), as in neo4j-driver under nodenext', TIMEOUT, async () => {
  await typeCheck(scratch.app, 'usage-namespace.ts', NODENEXT);
});

test('with rxjs installed, `import "neo4j-wasm/rx"` makes driver.rxSession() work, and reactive usage type-checks', TIMEOUT, async () => {
  // The application installs the optional peer dependency; the tests above ran without it.
  await fs.symlink(path.join(ROOT, 'node_modules/rxjs'), path.join(scratch.app, 'node_modules/rxjs'));
  const script = `import neo4j from 'neo4j-wasm';
    import 'neo4j-wasm/rx';
    import { lastValueFrom } from 'rxjs';
    const driver = neo4j.driver(process.argv[1], neo4j.auth.none());
    const session = driver.rxSession();
    const record = await lastValueFrom(session.run('RETURN 40 + 2 AS answer').records());
    await lastValueFrom(session.close(), { defaultValue: null });
    await driver.close();
    console.log(record.get('answer').toString());`;
  const result = await run(process.execPath, ['--input-type=module', '-e', script, boltUri(env.NEO4J_WASM_KGLITE)], scratch.app);
  assertSucceeded(result, 'node with neo4j-wasm/rx');
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.equal(result.stdout.trim(), '42');
  await typeCheck(scratch.app, 'usage-rx.ts', NODENEXT);
  await typeCheck(scratch.app, 'usage-rx.ts', BUNDLER);
});

test('TypeScript: the usage files are valid against neo4j-driver 6 itself, the reference', TIMEOUT, async () => {
  const dir = path.join(scratch.dir, 'reference');
  await fs.mkdir(path.join(dir, 'node_modules'), { recursive: true });
  for (const dependency of ['neo4j-driver', 'rxjs']) {
    await fs.symlink(path.join(ROOT, 'node_modules', dependency), path.join(dir, 'node_modules', dependency));
  }
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'reference', private: true, type: 'module' }));
  for (const file of ['usage.ts', 'usage-namespace.ts', 'usage-rx.ts']) {
    const text = await fs.readFile(path.join(FIXTURES, file), 'utf8');
    // The official package has its reactive API in its main entry.
    await fs.writeFile(path.join(dir, file), text.replaceAll(/'neo4j-wasm(\/rx)?'/g, "'neo4j-driver'"));
  }
  await typeCheck(dir, 'usage.ts', NODENEXT);
  await typeCheck(dir, 'usage.ts', BUNDLER);
  await typeCheck(dir, 'usage-namespace.ts', NODENEXT);
  await typeCheck(dir, 'usage-rx.ts', NODENEXT);
  await typeCheck(dir, 'usage-rx.ts', BUNDLER);
});
