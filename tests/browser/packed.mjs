// Shared by the tests of the package as users install it (packaging.test.mjs,
// runtimes.test.mjs): the repository packed with `npm pack` once per test file, installed
// into a scratch project under .run/packaging/ together with the fixtures of
// tests/packaging/. The install is kept per tarball checksum, so that later runs (and the other
// test file) with the same tarball reuse it. The scratch project lies inside the repository so
// that fixture configs resolve the bundlers from the repository's own node_modules, while
// `neo4j-wasm` resolves to the installed tarball in the scratch project's node_modules.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'tests/packaging');
const CACHE = path.join(ROOT, '.run/packaging');
/** Installs kept besides the one in use: those of the last few tarballs. */
const KEEP_INSTALLS = 3;

/** Generous for a shared 2-core machine: npm, bundlers, tsc and Chromium each take a while. */
export const COMMAND_TIMEOUT_MS = 150_000;

/** The environment of the commands run here, as in a user's shell: without the settings that
 * the test runner (NODE_OPTIONS, NODE_TEST_CONTEXT) or `npm test` (npm_*) pass down. */
const COMMAND_ENV = Object.fromEntries(Object.entries(process.env)
  .filter(([key]) => !['NODE_OPTIONS', 'NODE_TEST_CONTEXT'].includes(key) && !key.startsWith('npm_')));

/** Runs a command to its end; resolves `{ code, signal, stdout, stderr }` whatever its exit. */
export function run(command, args, cwd, env = {}) {
  return new Promise((resolve) => {
    execFile(command, args, {
      cwd, env: { ...COMMAND_ENV, ...env }, encoding: 'utf8', maxBuffer: 64 << 20, timeout: COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL',
    }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr }));
  });
}

/** Fails unless the command exited with 0, showing its output. */
export function assertSucceeded(result, what) {
  assert.equal(result.code, 0, `${what} failed (${result.signal ?? `exit ${result.code}`}):\n${result.stdout}\n${result.stderr}`);
}

/** Node 22, which scripts/setup.sh installs and .tools/env.sh names in NODE22. */
export function node22() {
  assert.ok(process.env.NODE22, 'NODE22 is not set: source .tools/env.sh (written by scripts/setup.sh) first');
  return process.env.NODE22;
}

/**
 * Packs the repository and gives the scratch project with the tarball installed and fresh
 * copies of the fixtures: `{ dir, packed }`, `packed` being npm's description of the tarball
 * (`files`, `size`, `shasum`, `filename`, ...).
 */
export async function installPacked() {
  const packDir = await fs.mkdtemp(path.join(os.tmpdir(), 'neo4j-wasm-pack-'));
  try {
    const pack = await run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
    assertSucceeded(pack, 'npm pack');
    const [packed] = JSON.parse(pack.stdout);
    const dir = path.join(CACHE, packed.shasum);
    if (!await exists(dir)) await install(path.join(packDir, packed.filename), dir);
    await fs.cp(FIXTURES, dir, { recursive: true, force: true });
    return { dir, packed };
  } finally {
    await fs.rm(packDir, { recursive: true, force: true });
  }
}

/** Installs `tarball` into a new scratch project at `dir`. The project is made beside `dir`
 * and renamed to it when complete, so that `dir` exists only once complete; a test file that
 * installed the same tarball at the same time keeps its own. */
async function install(tarball, dir) {
  const partial = `${dir}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { recursive: true });
  await fs.writeFile(path.join(partial, 'package.json'),
    `${JSON.stringify({ name: 'packaging-scratch', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const result = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], partial);
  assertSucceeded(result, 'npm install of the tarball');
  try {
    await fs.rename(partial, dir);
  } catch (e) {
    if (!await exists(dir)) throw e;
    await fs.rm(partial, { recursive: true, force: true });
  }
  await pruneInstalls(dir);
}

async function exists(file) {
  return fs.access(file).then(() => true, () => false);
}

/** Removes all but the newest installs, keeping `current`. */
async function pruneInstalls(current) {
  const installs = [];
  for (const name of await fs.readdir(CACHE)) {
    const dir = path.join(CACHE, name);
    if (name.includes('.partial-') || dir === current) continue;
    installs.push({ dir, mtime: (await fs.stat(dir)).mtimeMs });
  }
  installs.sort((a, b) => b.mtime - a.mtime);
  for (const { dir } of installs.slice(KEEP_INSTALLS - 1)) await fs.rm(dir, { recursive: true, force: true });
}

/** What the scenario (tests/packaging/scenario.mjs) sees in every runtime and bundle, less the
 * server's agent string. */
export function expectedObservation(via) {
  return {
    answer: { isInt: true, isInteger: true, plusOne: '43' },
    node: { isNode: true, isTypesNode: true, labels: ['PackagingCheck'], via },
    day: { isDate: true, isTypesDate: true, text: '2024-02-29', year: 2024 },
    transactions: { afterCommit: 1, afterRollback: 1, managed: '42' },
    streamed: { records: 2500, sum: 3126250 },
    error: { thrown: true, name: 'Neo4jError', code: 'Neo.ClientError.Statement.SyntaxError', retriable: false, after: 7 },
  };
}

/** Checks a scenario's observation and returns what it had beyond the expected fields. */
export function checkObservation(observation, via) {
  assert.equal(observation.failed, undefined, `the scenario failed: ${observation.failed}`);
  const { agent, ...seen } = observation;
  assert.match(agent, /^kglite-bolt-server\//);
  const expected = expectedObservation(via);
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, seen[key]]));
  assert.deepEqual(picked, expected);
  return Object.fromEntries(Object.entries(seen).filter(([key]) => !(key in expected)));
}

/**
 * Opens `url` in a new page of `browser` and waits for the page's `window.observation`.
 * Resolves `{ observation, fetched }`, `fetched` being the paths of the scripts and .wasm files
 * that the page and its workers fetched. Fails on any page error, console error or warning, or
 * failed request.
 */
export async function observeInChromium(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const fetched = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(`console ${m.type()}: ${m.text()}`); });
  context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  context.on('response', (r) => {
    const { pathname } = new URL(r.url());
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    else if (/\.(m?js|wasm)$/.test(pathname)) fetched.push(pathname);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.observation !== undefined, null, { timeout: 60_000 })
      .catch((e) => { throw new Error(`${e.message}\n${problems.join('\n')}`); });
    const observation = await page.evaluate(() => window.observation);
    assert.deepEqual(problems, [], `problems in ${url}`);
    return { observation, fetched };
  } finally {
    await context.close();
  }
}

/** The size of each file served from `root` at `paths`: `{ path, bytes, gzipped }` (gzip -9). */
export async function downloadSizes(root, paths) {
  return Promise.all(paths.map(async (urlPath) => {
    const body = await fs.readFile(path.join(root, decodeURIComponent(urlPath)));
    return { path: urlPath, bytes: body.length, gzipped: zlib.gzipSync(body, { level: 9 }).length };
  }));
}
