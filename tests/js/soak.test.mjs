// The soak test's short form (scripts/soak.mjs; `npm run soak` runs the full one): 16 workers
// run mixed reads, writes, streams and cancels through a pool of 4 for 42 s against their own
// kglite, restarted once, and the run must come out clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MiB = 2 ** 20;

/** Runs scripts/soak.mjs with `args` in a process of its own; resolves its JSON report. */
async function soak(args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-soak-'));
  const file = path.join(dir, 'report.json');
  try {
    const child = spawn(process.execPath, ['--expose-gc', path.join(ROOT, 'scripts', 'soak.mjs'), ...args, '--json', file],
      { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(existsSync(file), `soak.mjs exited with code ${code} and wrote no report`);
    return { code, report: JSON.parse(readFileSync(file, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a short soak: every operation settles, errors are restarts and cancels only, memory stays bounded, the pool recovers', { timeout: 300_000 }, async () => {
  const { code, report } = await soak(['--minutes', '0.7', '--workers', '16', '--pool', '4',
    '--restart-every', '0.4', '--sample-every', '5']);
  const settled = Object.values(report.operations).reduce((a, o) => a + o.done, 0);
  assert.deepEqual(report.stuck, {}, 'operations that did not settle within 2 minutes');
  assert.equal(report.unsettled, 0, 'operations still unsettled at the end');
  assert.deepEqual(report.unexpectedCodes, [], `errors other than restarts and cancels: ${JSON.stringify(report.examples)}`);
  for (const [name, o] of Object.entries(report.operations)) assert.ok(o.done > 0, `no ${name} operation ran`);
  assert.ok(report.errors.AbortError > 0, 'no cancel rejected with its AbortError');
  assert.ok(settled > 200, `only ${settled} operations settled`);
  // One restart, and work succeeded after it: the pool let go of the dead connections.
  assert.equal(report.restarts.length, 1, JSON.stringify(report.restarts));
  assert.equal(report.restarts[0].failed, undefined);
  assert.ok(report.okAfterLastRestart > 50, `${report.okAfterLastRestart} operations succeeded after the restart`);
  assert.deepEqual(report.burst, { completed: 4, of: 4, errors: [] }, 'every pool slot at once at the end');
  assert.equal(report.closed, 'ok');
  // Memory after GC: the last sample (after the driver closed) against the one 10 s in.
  const [warm, last] = [report.samples[2], report.samples.at(-1)];
  assert.ok(last.heapMiB - warm.heapMiB < 8, `the JS heap grew from ${warm.heapMiB} to ${last.heapMiB} MiB`);
  assert.ok(last.wasmMiB - warm.wasmMiB < 8, `the wasm memory grew from ${warm.wasmMiB} to ${last.wasmMiB} MiB`);
  assert.equal(code, 0);
});
