// The ceiling: the core's own PackStream decoding of the four record shapes (bench/codec.rs,
// the same values as the bench server's records), natively and as wasm32 in Node, without any
// JavaScript objects. Builds with the release settings the package ships with.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** bench/codec.rs names → the bench server's shape names, and values per record. */
const SHAPES = { '10 integers': ['ints', 10], '5 strings': ['strings', 5], Node: ['node', 1], 'mixed map': ['map', 1] };

/** Runs a command in the repository root; resolves its stdout, fails with its stderr. */
function run(command, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out)
      : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${err}`))));
  });
}

/** The rows of the codec table: `{ shape, listBytes, decodeRecordsPerSecond, decodeValuesPerSecond }`. */
function parseTable(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^(?:.*\bconsole\.log[^:]*: )?(10 integers|5 strings|Node|mixed map)\s+(\d+)\s+([\d.]+)\s+(\d+)/);
    if (!m) continue;
    const [shape, values] = SHAPES[m[1]];
    const perSecond = Number(m[4]);
    rows.push({ shape, listBytes: Number(m[2]), decodeRecordsPerSecond: perSecond, decodeValuesPerSecond: perSecond * values });
  }
  if (rows.length !== 4) throw new Error(`unexpected codec bench output:\n${text}`);
  return rows;
}

/** The toolchain environment scripts/setup.sh wrote (`WASM_CARGO`, the wasm test runner). */
async function toolEnv() {
  const file = path.join(ROOT, '.tools', 'env.sh');
  if (!existsSync(file)) return null;
  const out = await run('bash', ['-c', `source "${file}" && env -0`]);
  return Object.fromEntries(out.split('\0').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1)];
  }));
}

/** Native and wasm32 decoding rates; the wasm32 part is skipped (null) without the toolchain. */
export async function nativeCeiling() {
  const rustc = (await run('rustc', ['-V'])).trim();
  const native = parseTable(await run('cargo', ['bench', '--quiet', '--bench', 'codec']));
  const env = await toolEnv();
  let wasm = null;
  if (env) {
    const cargo = env.WASM_CARGO.split(' ');
    const out = await run(cargo[0], [...cargo.slice(1), 'test', '--quiet', '--release',
      '--target', 'wasm32-unknown-unknown', '--bench', 'codec', '--', '--nocapture'], env);
    wasm = parseTable(out);
  }
  return { rustc, native, wasm };
}
