// The benchmark harness still works: `node bench/run.mjs --smoke --only node-tcp,write,concurrency`
// (one shape, 1 000 rows, one run of each driver against the bench server; one bulk write; one
// second of concurrent queries) writes a well-formed results object. Measures nothing; it only
// notices when the harness breaks. And the profiling tools optimise a module with the flags the
// build uses (bench/wasm-opt.mjs reads them from scripts/build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const DRIVERS = ['ours', 'official', 'lite'];
const positive = (x, what) => assert.ok(x > 0 && Number.isFinite(x), what);

test('bench/run.mjs --smoke writes a well-formed results object', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  try {
    const out = path.join(dir, 'results.json');
    const { stdout } = await new Promise((resolve, reject) => {
      execFile(process.execPath,
        [path.join(ROOT, 'bench/run.mjs'), '--smoke', '--only', 'node-tcp,write,concurrency', '--out', out],
        { cwd: ROOT, timeout: 80_000 }, (error, stdout, stderr) => (error
          ? reject(new Error(`run.mjs failed: ${error.message}\n${stdout}\n${stderr}`))
          : resolve({ stdout, stderr })));
    });
    assert.match(stdout, /== node-tcp/);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    assert.ok(!Number.isNaN(Date.parse(results.date)), 'date');
    assert.equal(typeof results.machine.cpu, 'string');
    assert.ok(results.machine.cores >= 1);
    assert.match(results.machine.node, /^v\d+/);
    assert.equal(results.settings.smoke, true);
    assert.deepEqual(Object.keys(results.sections), ['node-tcp', 'write', 'concurrency']);
    const { rows } = results.sections['node-tcp'];
    const forms = ['for await', 'await', 'executeQuery', 'executeQuery READ', 'executeQuery mapped', 'subscribe'];
    assert.deepEqual(rows.map((r) => [r.shape, r.fetchSize, r.form]),
      [1000, -1].flatMap((fetchSize) => forms.map((form) => ['ints', fetchSize, form])));
    for (const row of rows) {
      for (const driver of DRIVERS) {
        const { recordsPerSecond, runs } = row.drivers[driver];
        positive(recordsPerSecond, `${driver} records/s`);
        assert.equal(runs.length, 1);
      }
      assert.ok(['official', 'lite'].includes(row.fastestOfficial));
      positive(row.ratio, 'ratio');
    }
    const writes = results.sections.write.rows;
    assert.deepEqual(writes.map((r) => [r.where, r.rows, r.form]),
      [['node-tcp', 1000, 'executeQuery'], ['node-tcp', 1000, 'await']]);
    for (const row of writes) {
      for (const driver of DRIVERS) positive(row.drivers[driver].rowsPerSecond, `${driver} rows/s`);
      positive(row.ratio, 'write ratio');
    }
    const [concurrent] = results.sections.concurrency.rows;
    assert.equal(concurrent.where, 'node-tcp');
    for (const driver of DRIVERS) {
      const { queriesPerSecond, p50, p99 } = concurrent.clients[driver];
      positive(queriesPerSecond, `${driver} queries/s`);
      assert.ok(p50 > 0 && p50 <= p99, `${driver} latency percentiles`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bench/wasm-opt.mjs reads the wasm-opt flags scripts/build.sh passes', async () => {
  const { wasmOptArgs } = await import('../../bench/wasm-opt.mjs');
  // What bash itself makes of the two arrays, from the lines that define them.
  const script = readFileSync(path.join(ROOT, 'scripts/build.sh'), 'utf8');
  const definitions = script.slice(script.indexOf('WASM_OPT_FEATURES=('),
    script.indexOf('\n', script.indexOf('WASM_OPT_FLAGS=(')));
  const bash = await new Promise((resolve, reject) => {
    execFile('bash', ['-c', `${definitions}\nprintf '%s\\n' "\${WASM_OPT_FLAGS[@]}" "\${WASM_OPT_FEATURES[@]}"`],
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim().split('\n'))));
  });
  assert.ok(bash.includes('-Oz'), `build.sh optimises for size: ${bash.join(' ')}`);
  assert.deepEqual(wasmOptArgs(), bash);
});
