#!/usr/bin/env node
// Runs every test layer of the project and sums up their results:
//
//   native        cargo test, all targets of the crate, on the host
//   fuzz          the connection fuzz target for a short budget (cargo-fuzz, pinned nightly)
//   wasm-node     $WASM_CARGO test --target wasm32-unknown-unknown --lib --tests, in Node 20
//   wasm-browser  the same in headless Chromium (WASM_BINDGEN_USE_BROWSER=1)
//   node          node --test tests/js/**/*.test.mjs, with Node 20 and with Node 22
//   browser       node --test tests/browser/*.test.mjs (Playwright), with Node 20
//
// Real Bolt servers (scripts/servers.mjs, every kind) are started once before the layers
// and stopped at the end, also on failure or Ctrl-C; their addresses (NEO4J_WASM_*) are in
// every layer's environment (the wasm layers compile them in through option_env!).
// Each layer's output is streamed with its name in front of every line. The last line is
// `N passed, N failed` (plus `, N skipped` when some were skipped or ignored), over every
// test of every layer; a layer that cannot run, crashes or prints no parsable result counts
// as one failed test. Exit status: 0 when nothing failed, 1 otherwise, 2 on bad arguments.
//
// Usage: node scripts/test.mjs [--help] [layer ...]   (default: all layers, in order)
// Env:   NEO4J_WASM_LAYER_TIMEOUT  seconds one layer (one command) may run, default 1200;
//        a layer that overruns is ended and counted as one failed test.
//        NEO4J_WASM_FUZZ_SECONDS  how long the fuzz layer fuzzes, default 45.
// Needs scripts/setup.sh to have run (it writes .tools/env.sh); `npm test` does both and
// builds pkg/ first. The node and browser layers also run scripts/build.sh (a no-op when
// pkg/ is up to date) so that they never test a stale package.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WASM_TARGET = 'wasm32-unknown-unknown';
// A layer still running after this long is ended and counted as failed, so that a hung test
// cannot hang the whole run (CI included).
const LAYER_TIMEOUT_S = Number(process.env.NEO4J_WASM_LAYER_TIMEOUT) || 1200;
const FUZZ_SECONDS = Number(process.env.NEO4J_WASM_FUZZ_SECONDS) || 45;

const LAYERS = {
  native: 'cargo test, all targets, on the host',
  fuzz: `cargo fuzz run connection for ${FUZZ_SECONDS} s (pinned nightly, from its seed corpus)`,
  'wasm-node': `cargo test --target ${WASM_TARGET} --lib --tests, in Node 20`,
  'wasm-browser': `cargo test --target ${WASM_TARGET} --lib --tests, in headless Chromium`,
  node: 'node --test tests/js/**/*.test.mjs, with Node 20 and Node 22',
  browser: 'node --test tests/browser/*.test.mjs (Playwright), with Node 20',
};

function usage() {
  const names = Object.entries(LAYERS).map(([k, v]) => `  ${k.padEnd(13)} ${v}`).join('\n');
  return `Usage: node scripts/test.mjs [--help] [layer ...]\n\nRuns the named test layers (default: all, in this order):\n${names}\n\n` +
    'Prints each layer\'s output with its name in front, then one line "N passed, N failed[, N skipped]".\n' +
    'Exits 0 when nothing failed, 1 when a test failed or a layer could not run, 2 on bad arguments.\n';
}

// ------------------------------------------------------------------ arguments
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage());
  process.exit(0);
}
const unknown = args.filter((a) => !(a in LAYERS));
if (unknown.length) {
  process.stderr.write(`test.mjs: unknown layer or option: ${unknown.join(' ')}\n\n${usage()}`);
  process.exit(2);
}
const selected = Object.keys(LAYERS).filter((k) => args.length === 0 || args.includes(k));

// ------------------------------------------------------------------ output
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = (s) => paint('1', s);
const say = (s = '') => process.stdout.write(`${s}\n`);
const fmtTime = (ms) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`);
// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
function section(title) {
  say();
  say(bold(`━━━━ ${title} ${'━'.repeat(Math.max(4, 74 - title.length))}`));
}

// ------------------------------------------------------------------ environment
/** The environment .tools/env.sh sets up, as bash computes it. */
function toolEnv() {
  const envFile = path.join(ROOT, '.tools', 'env.sh');
  if (!existsSync(envFile)) throw new Error('.tools/env.sh is missing: run `bash scripts/setup.sh` first');
  const r = spawnSync('bash', ['-c', 'source "$1" >&2 && env -0', 'bash', envFile], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`sourcing .tools/env.sh failed: ${r.stderr}`);
  return Object.fromEntries(r.stdout.split('\0').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1)];
  }));
}

function isExecutable(file) {
  try { accessSync(file, constants.X_OK); return true; } catch { return false; }
}

function nodeVersion(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ------------------------------------------------------------------ running a command
let current = null; // the child process running now, in its own process group
let interrupted = false;

/** Ends a child and everything it started (its process group), unless it is done. */
function killGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}
const killCurrent = (signal) => killGroup(current, signal);

/**
 * Runs `cmd args` in its own process group, streaming stdout and stderr line by line with
 * `label` in front. Resolves `{ code, signal, error, lines }` (lines without colours).
 */
function run(label, cmd, cmdArgs, env) {
  const prefix = paint('2', `${label.padEnd(14)}│ `);
  say(paint('2', `${label.padEnd(14)}│ $ ${[cmd, ...cmdArgs].join(' ')}`));
  return new Promise((resolve) => {
    const lines = [];
    let child;
    try {
      child = spawn(cmd, cmdArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      resolve({ code: null, signal: null, error: err.message, lines });
      return;
    }
    current = child;
    const pipe = (stream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop();
        for (const line of parts) { lines.push(stripAnsi(line)); process.stdout.write(`${prefix}${line}\n`); }
      });
      stream.on('end', () => {
        if (rest) { lines.push(stripAnsi(rest)); process.stdout.write(`${prefix}${rest}\n`); }
      });
    };
    pipe(child.stdout);
    pipe(child.stderr);
    let spawnError = null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.stdout.write(`${prefix}test.mjs: still running after ${LAYER_TIMEOUT_S} s (NEO4J_WASM_LAYER_TIMEOUT): ending it\n`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, LAYER_TIMEOUT_S * 1000);
    timer.unref();
    // Processes the command left behind (still holding its output open) are ended too.
    let straggler = null;
    child.once('exit', () => {
      straggler = setTimeout(() => {
        process.stdout.write(`${prefix}test.mjs: the command exited but left processes behind: ending them\n`);
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      }, 3000);
      straggler.unref();
    });
    child.once('error', (err) => { spawnError = err.message; });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(straggler);
      // Anything of the command's still alive in its process group goes with it.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* nothing left: the usual case */ }
      current = null;
      resolve({ code, signal, error: spawnError, timedOut, lines });
    });
  });
}

// ------------------------------------------------------------------ parsing results
/** Sums every `test result:` line of cargo / wasm-bindgen-test-runner output. A test binary
 * without tests makes the wasm runner print `no tests to run!` instead. */
function parseCargo(lines) {
  const t = { found: false, passed: 0, failed: 0, skipped: 0 };
  for (const line of lines) {
    const m = /test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored/.exec(line);
    if (m) {
      t.found = true;
      t.passed += Number(m[1]);
      t.failed += Number(m[2]);
      t.skipped += Number(m[3]);
    } else if (/^\s*no tests to run!\s*$/.test(line)) {
      t.found = true;
    }
  }
  return t;
}

/** Reads a libFuzzer run: one passed test when it ends with `Done N runs` (its budget spent
 * without a crash, a timeout or running out of memory), one failed test otherwise. */
function parseFuzz(lines) {
  const done = lines.some((line) => /^Done \d+ runs in \d+ second/.test(line));
  return { found: true, passed: done ? 1 : 0, failed: done ? 0 : 1, skipped: 0 };
}

/** Reads the summary footer of node --test's TAP reporter (Node 20 and 22 both end with
 * `# tests`, `# suites`, `# pass`, `# fail`, `# cancelled`, `# skipped`, `# todo`,
 * `# duration_ms`). Cancelled tests count as failed, todo ones as skipped. */
function parseTap(lines) {
  const footer = {};
  for (const line of lines) {
    const m = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
    if (m) footer[m[1]] = Number(m[2]);
  }
  if (footer.pass === undefined || footer.fail === undefined) return { found: false, passed: 0, failed: 0, skipped: 0 };
  return {
    found: true,
    passed: footer.pass,
    failed: footer.fail + (footer.cancelled ?? 0),
    skipped: (footer.skipped ?? 0) + (footer.todo ?? 0),
  };
}

/** Turns a finished run into counts, counting a run that went wrong as one failure. */
function judge(res, parse) {
  const t = parse(res.lines);
  const out = { passed: t.passed, failed: t.failed, skipped: t.skipped, problem: null };
  if (res.timedOut) out.problem = `did not finish within ${LAYER_TIMEOUT_S} s and was ended`;
  else if (res.error) out.problem = `could not start: ${res.error}`;
  else if (res.signal) out.problem = `was killed by ${res.signal}`;
  else if (!t.found) out.problem = `printed no parsable test result (exit code ${res.code})`;
  else if (res.code !== 0 && t.failed === 0) out.problem = `exited with code ${res.code} although no test failed (a build error or a crash?)`;
  if (out.problem) out.failed += 1;
  return out;
}

// ------------------------------------------------------------------ test files
function findFiles(dir, recursive, suffix) {
  const found = [];
  const walk = (d) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (recursive && e.name !== 'node_modules') walk(p); } else if (e.name.endsWith(suffix)) found.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return found.sort().map((p) => path.relative(ROOT, p));
}

// ------------------------------------------------------------------ main
const results = []; // { label, passed, failed, skipped, ms, note }
let servers = null;

async function cleanup() {
  killCurrent('SIGKILL');
  if (servers) {
    const s = servers;
    servers = null;
    try { await s.stop(); } catch (err) { say(`test.mjs: stopping the servers failed: ${err.message}`); }
  }
}

// On Ctrl-C / SIGTERM: end the running layer, stop the servers, exit. A second signal
// exits at once (servers.mjs's exit hook still kills its servers).
const onSignal = (signal) => {
  if (interrupted) process.exit(130);
  interrupted = true;
  say(`\ntest.mjs: ${signal}: stopping the running layer and the servers`);
  const child = current;
  killGroup(child, 'SIGTERM');
  setTimeout(() => killGroup(child, 'SIGKILL'), 3000).unref();
  cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', () => killCurrent('SIGKILL'));

async function main() {
  const started = Date.now();
  let env;
  try {
    env = { ...process.env, ...toolEnv() };
  } catch (err) {
    say(`test.mjs: ${err.message}`);
    say('0 passed, 1 failed');
    return 1;
  }
  // Nobody reads stdin; and cargo should not think it talks to a terminal.
  env.CARGO_TERM_COLOR = env.CARGO_TERM_COLOR || (useColor ? 'always' : 'never');

  // The machine's Node (20) runs this script; wasm-bindgen-test-runner uses the same one
  // from PATH. Node 22 comes from .tools/env.sh.
  const node20 = process.execPath;
  const node22 = env.NODE22;

  // ---------------------------------------------------------------- servers
  section('servers');
  const serverStart = Date.now();
  try {
    const { startServers } = await import('./servers.mjs');
    const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    servers = await startServers();
    // startServers installs its own SIGINT/SIGTERM handlers that exit at once; ours stops
    // the running layer first and then calls servers.stop(), so theirs are taken off.
    for (const sig of ['SIGINT', 'SIGTERM']) {
      for (const l of process.listeners(sig)) if (!before[sig].includes(l)) process.removeListener(sig, l);
    }
    if (interrupted) return 130;
    Object.assign(env, servers.env);
    for (const [k, v] of Object.entries(servers.env)) say(`  ${k}=${v}`);
    say(`  started in ${fmtTime(Date.now() - serverStart)}`);
  } catch (err) {
    if (interrupted) return 130;
    say(`test.mjs: the test servers could not be started; tests that need them will fail or skip:\n${err.stack || err.message}`);
    results.push({ label: 'servers', passed: 0, failed: 1, skipped: 0, ms: Date.now() - serverStart, note: 'could not start' });
  }

  const wasmCargo = (env.WASM_CARGO || 'cargo').trim().split(/\s+/);
  const wasmEnvBase = {
    ...env,
    // The browser runner gives the whole test binary this long (default 20 s, too little
    // for an unoptimized debug build); Node is not limited.
    WASM_BINDGEN_TEST_TIMEOUT: env.WASM_BINDGEN_TEST_TIMEOUT || '600',
  };
  delete wasmEnvBase.WASM_BINDGEN_USE_BROWSER;
  const nodeFlags = ['--experimental-websocket'];
  let built = null; // result of scripts/build.sh, run once before the first JS layer

  async function ensureBuilt() {
    if (built !== null) return built;
    const t0 = Date.now();
    const res = await run('build', 'bash', ['scripts/build.sh'], env);
    built = res.code === 0;
    if (!built) {
      say(`test.mjs: scripts/build.sh failed (exit code ${res.code ?? res.signal ?? res.error}); the JS layers are not run`);
      results.push({ label: 'build', passed: 0, failed: 1, skipped: 0, ms: Date.now() - t0, note: 'scripts/build.sh failed' });
    }
    return built;
  }

  async function layer(label, title, cmd, cmdArgs, layerEnv, parse) {
    if (interrupted) return;
    section(`${label}: ${title}`);
    const t0 = Date.now();
    const res = await run(label, cmd, cmdArgs, layerEnv);
    if (interrupted) return;
    const r = judge(res, parse);
    const ms = Date.now() - t0;
    results.push({ label, ...r, ms, note: r.problem });
    if (r.problem) say(paint('31', `test.mjs: layer ${label} ${r.problem}: counted as 1 failed test`));
    say(bold(`${label}: ${countLine(r)} in ${fmtTime(ms)}`));
  }

  for (const name of selected) {
    if (interrupted) break;
    if (name === 'native') {
      await layer('native', 'cargo test (all targets)', 'cargo', ['test', '--all-targets', '--no-fail-fast'], env, parseCargo);
    } else if (name === 'fuzz') {
      if (!env.FUZZ_TOOLCHAIN) {
        section('fuzz');
        say(paint('31', 'test.mjs: fuzz: FUZZ_TOOLCHAIN is unset (run scripts/setup.sh): counted as 1 failed test'));
        results.push({ label: 'fuzz', passed: 0, failed: 1, skipped: 0, ms: 0, note: 'no fuzz toolchain' });
        continue;
      }
      // New inputs go to fuzz/corpus (ignored by git); the committed seeds are read only.
      mkdirSync(path.join(ROOT, 'fuzz', 'corpus', 'connection'), { recursive: true });
      // Limits: a run over 10 s, over 2 GiB of memory or over 1 GiB in one allocation fails.
      await layer('fuzz', `connection fuzz target for ${FUZZ_SECONDS} s`, 'cargo',
        [`+${env.FUZZ_TOOLCHAIN}`, 'fuzz', 'run', 'connection', 'fuzz/corpus/connection', 'fuzz/seeds/connection', '--',
          `-max_total_time=${FUZZ_SECONDS}`, '-timeout=10', '-rss_limit_mb=2048', '-malloc_limit_mb=1024',
          '-max_len=8192', '-print_final_stats=1'], env, parseFuzz);
    } else if (name === 'wasm-node' || name === 'wasm-browser') {
      const browser = name === 'wasm-browser';
      const layerEnv = browser ? { ...wasmEnvBase, WASM_BINDGEN_USE_BROWSER: '1' } : wasmEnvBase;
      const where = browser ? 'headless Chromium' : `Node ${nodeVersion(node20) ?? '?'}`;
      await layer(name, `wasm32 unit and integration tests in ${where}`, wasmCargo[0],
        [...wasmCargo.slice(1), 'test', '--target', WASM_TARGET, '--lib', '--tests', '--no-fail-fast'], layerEnv, parseCargo);
    } else if (name === 'node' || name === 'browser') {
      const files = name === 'node' ? findFiles('tests/js', true, '.test.mjs') : findFiles('tests/browser', false, '.test.mjs');
      const where = name === 'node' ? 'tests/js/**/*.test.mjs' : 'tests/browser/*.test.mjs';
      if (files.length === 0) {
        section(`${name}: ${where}`);
        say(`${name}: no tests (no ${where} files): nothing to run, 0 counted`);
        results.push({ label: name, passed: 0, failed: 0, skipped: 0, ms: 0, note: 'no test files' });
        continue;
      }
      if (!(await ensureBuilt())) continue;
      const runners = name === 'node' ? [[node20, 'node 20'], [node22, 'node 22']] : [[node20, 'browser']];
      for (const [bin, label] of runners) {
        const version = bin && isExecutable(bin) ? nodeVersion(bin) : null;
        if (!version) {
          section(`${label}: ${where}`);
          say(paint('31', `test.mjs: ${label}: no usable Node binary at ${bin || '(NODE22 unset)'}: counted as 1 failed test`));
          results.push({ label, passed: 0, failed: 1, skipped: 0, ms: 0, note: 'no Node binary' });
          continue;
        }
        await layer(label, `node --test ${where} with Node ${version}`, bin,
          [...nodeFlags, '--test', '--test-reporter=tap', ...files], env, parseTap);
      }
    }
  }

  if (interrupted) return 130;
  const total = totals();
  section(`summary (${fmtTime(Date.now() - started)} in all)`);
  for (const r of results) {
    const mark = r.failed ? paint('31', 'FAIL') : paint('32', ' ok ');
    say(`  ${mark} ${r.label.padEnd(14)} ${countLine(r).padEnd(40)} ${fmtTime(r.ms).padStart(7)}${r.note ? `  (${r.note})` : ''}`);
  }
  await cleanup();
  say(countLine(total));
  return total.failed > 0 ? 1 : 0;
}

function totals() {
  return results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 });
}

function countLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

main().then(
  async (code) => {
    if (interrupted) return; // the signal handler exits
    process.exitCode = code;
  },
  async (err) => {
    say(`test.mjs: internal error: ${err.stack || err}`);
    await cleanup();
    const t = totals();
    say(countLine({ ...t, failed: t.failed + 1 }));
    process.exitCode = 1;
  },
);
