#!/usr/bin/env node
// Where our driver spends its time in Node: streams records of one shape from the bench server
// over TCP (`for await` + record.get(i), as bench/run.mjs does) under the V8 CPU profiler, then
// sums the samples' self time by part of the driver and prints the busiest functions.
//
// Usage: node bench/profile.mjs [--shape node] [--rows 300000] [--fetch-size=1000] [--names]
//                               [--work concurrency|write] [--out FILE.cpuprofile]
//   --work concurrency  profiles 5 s of the concurrency section's workload instead (32
//            executeQuery loops of RETURN 1 over a pool of 10)
//   --work write  profiles 20 writes of 10 000 rows (the write section's executeQuery form)
//   --fetch-size=-1  fetches everything at once (with `=`, as the value starts with a dash)
//   --names  profile a copy of lib/ over a core that keeps its function names: wasm-bindgen
//            and wasm-opt run again, as scripts/build.sh runs them but keeping names, on the
//            wasm it left in target/, in a temporary folder; splits the core's time (decoding,
//            the facade, allocation) over the functions that ship
//   --out    also writes the profile, for Chrome DevTools or speedscope
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchServer } from './server.mjs';
import { operations } from './workload.mjs';
import { table } from './report.mjs';
import { WASM_OPT, wasmOptArgs } from './wasm-opt.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const { values: opts } = parseArgs({
  options: {
    shape: { type: 'string', default: 'node' }, rows: { type: 'string', default: '300000' },
    'fetch-size': { type: 'string', default: '1000' }, names: { type: 'boolean' }, out: { type: 'string' },
    work: { type: 'string', default: 'throughput' },
  },
});

/** A temporary copy of lib/ over a named core (see --names); returns its folder. */
function namedCopy() {
  // The Node module as scripts/build.sh left it, before wasm-opt and with its function names.
  const wasm = path.join(ROOT, 'target/wasm32-unknown-unknown/release/neo4j_wasm-node.wasm');
  const stamp = path.join(ROOT, 'pkg/.build-stamp');
  if (statSync(wasm).mtimeMs < statSync(stamp).mtimeMs) {
    throw new Error(`${path.relative(ROOT, wasm)} is older than pkg/: run scripts/build.sh --force first`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-profile-'));
  cpSync(path.join(ROOT, 'lib'), path.join(dir, 'lib'), { recursive: true });
  const out = path.join(dir, 'pkg/node');
  const built = spawnSync(path.join(ROOT, '.tools/bin/wasm-bindgen'), ['--target', 'nodejs', '--out-dir', out, '--out-name', 'neo4j_wasm', wasm],
    { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`wasm-bindgen failed: ${built.stderr}`);
  // Optimised as shipped: wasm-opt inlines and merges functions, so an unoptimised core's
  // profile can blame calls that the shipped module does not make.
  const bg = path.join(out, 'neo4j_wasm_bg.wasm');
  const optimized = spawnSync(WASM_OPT, ['--debuginfo', ...wasmOptArgs(), '-o', bg, bg], { encoding: 'utf8' });
  if (optimized.status !== 0) throw new Error(`wasm-opt failed: ${optimized.stderr}`);
  // As scripts/build.sh does: CommonJS glue, ES module snippets.
  writeFileSync(path.join(out, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(path.join(out, 'snippets/package.json'), '{ "type": "module" }\n');
  return dir;
}

/** Time spent in (inclusive of callees) frames that match, per marker. */
const INCLUSIVE = [
  ['reading messages as they arrive (bolt Connection::handle_input)', ({ functionName: f }) => /bolt::connection::Connection::handle_input/.test(f)],
  ['writing a batch onto the tape (Tape::write_list)', ({ functionName: f }) => /packstream::tape::Tape::write_list/.test(f)],
  ['building JS values from the tape (lib/tape.js readTape)', ({ functionName: f, url }) => f === 'readTape' && url.endsWith('/lib/tape.js')],
  ['  of which text (TextDecoder)', ({ url }) => url === 'node:internal/encoding'],
  ['  of which Integers (lib/integer.js)', ({ url }) => url.endsWith('/lib/integer.js')],
  ['  of which nodes (new Node)', ({ functionName: f, url }) => f === 'Node' && url.endsWith('/lib/graph-types.js')],
  ['Record creation (new Record; 0 when inlined into lib/result.js)', ({ functionName: f, url }) => f === 'Record' && url.endsWith('/lib/record.js')],
  ['transport (node_socket.js and below)', ({ url }) => url.includes('/snippets/')],
];

const STRINGS = 'strings out of wasm memory (TextDecoder, getStringFromWasm0)';
const GLUE_SETS = 'glue: property and element writes (__wbg_set_*: Reflect.set, arr[i] =)';
const GLUE_OTHER = 'glue: other (import wrappers, handleError, casts)';

const importRanges = new Map();
/**
 * The wasm-bindgen import a line (0-based) of the glue file belongs to, or null: the imports
 * are the `__wbg_*: function` entries of the object `__wbg_get_imports` builds.
 */
function importAt(url, line) {
  if (!importRanges.has(url)) {
    const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
    const starts = [];
    lines.forEach((text, i) => {
      const m = text.match(/^\s+(__wbg\w*|__wbindgen\w*): function/);
      if (m) starts.push([i, m[1]]);
    });
    const last = starts.at(-1)?.[0] ?? 0;
    const end = lines.findIndex((text, i) => i > last && /^\s{4}\};/.test(text));
    importRanges.set(url, { starts, end });
  }
  const { starts, end } = importRanges.get(url);
  if (line > end) return null;
  let found = null;
  for (const [start, name] of starts) if (start <= line) found = name;
  return found;
}

/** The part of the core a Rust function belongs to, by its name (a core built with names). */
function corePart(name) {
  if (/^wasm-function\[/.test(name)) return 'core (wasm, no names: --names splits it)';
  if (/js::values|wasm_bindgen|js_sys|externref/.test(name)) return 'core: the facade (calls into JS)';
  if (/dlmalloc|alloc::|__rust_|__rdl_|drop_in_place|RawVec|memcpy|memmove|memset/.test(name)) {
    return 'core: allocation, copies, drops';
  }
  if (/packstream::|str::converts::from_utf8|core::str::|hashbrown|hash_one/.test(name)) {
    return 'core: PackStream decoding (writing tapes)';
  }
  return 'core: Bolt (dechunking, messages), driver state, other';
}

/** The part of the work a sampled frame belongs to; builtins (no script) count for their caller. */
function partOf(node, parentOf) {
  let inGlue = false;
  for (let n = node; n; n = parentOf.get(n.id)) {
    const { url, functionName: fn, lineNumber } = n.callFrame;
    const glue = /\/pkg\/node\/neo4j_wasm\.js$/.test(url);
    if (inGlue && url && !glue) return GLUE_OTHER;
    if (fn === '(garbage collector)') return 'garbage collection';
    if (fn === '(idle)') return 'idle (waiting for the socket)';
    if (fn === '(program)') return 'V8 / native, unattributed';
    if (/^(wasm-to-js|js-to-wasm)/.test(fn)) return 'crossing stubs (wasm-to-js, js-to-wasm)';
    if (url.startsWith('wasm://')) return corePart(fn);
    if (url === 'node:internal/encoding' || fn === 'getStringFromWasm0' || fn === 'decodeText') return STRINGS;
    if (glue) {
      if (importAt(url, lineNumber)?.startsWith('__wbg_set_')) return GLUE_SETS;
      inGlue = true;
      continue;
    }
    if (url === 'node:internal/process/task_queues') return 'promise jobs, microtasks';
    if (url.startsWith('node:') || url.includes('/snippets/')) return 'transport (node_socket.js, node:net, streams)';
    if (/\/lib\/tape\.js$/.test(url)) return 'tape reading (lib/tape.js)';
    if (/\/lib\/integer\.js$/.test(url)) return 'Integer creation';
    if (/\/lib\/graph-types\.js$/.test(url)) return 'Node creation';
    if (/\/lib\/record\.js$/.test(url)) return 'Record creation, get()';
    if (/\/lib\/(result|session|transaction)\.js$/.test(url)) return 'Result: batches, async iteration';
    if (/\/bench\/workload\.mjs$/.test(url)) return 'the consuming loop (for await, get(i))';
    if (url) return `other: ${path.basename(url)}`;
  }
  return inGlue ? GLUE_OTHER : 'V8 / native, unattributed';
}

/** Self time per part and per function, and inclusive time per marker, in ms. */
function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000));
  const parts = new Map();
  const functions = new Map();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const part = partOf(node, parentOf);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '(builtin)';
    const key = `${functionName || '(anonymous)'}  ${where}`;
    const f = functions.get(key) ?? { ms: 0, part };
    f.ms += ms;
    functions.set(key, f);
  }
  const inclusive = INCLUSIVE.map(([label, test]) => {
    let ms = 0;
    for (const [id, t] of self) {
      for (let n = byId.get(id); n; n = parentOf.get(n.id)) {
        if (test(n.callFrame)) {
          ms += t;
          break;
        }
      }
    }
    return [label, ms];
  });
  return { parts, functions, inclusive };
}

const copy = opts.names ? namedCopy() : null;
const server = await startBenchServer();
let ops = null;
try {
  const lib = path.join(copy ?? ROOT, 'lib');
  ops = operations((await import(pathToFileURL(path.join(lib, 'node.js')).href)).default);
  const args = { uri: server.url, shape: opts.shape, rows: Number(opts.rows), fetchSize: Number(opts['fetch-size']) };
  const load = { clients: 32, poolSize: 10, uri: server.url };
  /** Each workload: its warm-up, its measured run, and what it reached. */
  const WORKS = {
    throughput: {
      warm: () => ops.throughput({ ...args, rows: 100_000 }),
      run: () => ops.throughput(args),
      reached: (m) => `${args.rows} ${args.shape} records, fetchSize ${args.fetchSize}: ${Math.round(m.recordsPerSecond)} records/s`,
    },
    concurrency: {
      warm: () => ops.concurrency({ ...load, seconds: 1 }),
      run: () => ops.concurrency({ ...load, seconds: 5 }),
      reached: (m) => `${load.clients} executeQuery loops over ${load.poolSize} connections: ${Math.round(m.queriesPerSecond)} queries/s`,
    },
    write: {
      warm: () => ops.write({ uri: server.url, rows: 10_000, form: 'executeQuery' }),
      run: async () => {
        const started = performance.now();
        for (let i = 0; i < 20; i++) await ops.write({ uri: server.url, rows: 10_000, form: 'executeQuery' });
        return { rowsPerSecond: (200_000 / (performance.now() - started)) * 1000 };
      },
      reached: (m) => `20 writes of 10 000 rows with executeQuery: ${Math.round(m.rowsPerSecond)} rows/s`,
    },
  };
  const work = WORKS[opts.work];
  if (!work) throw new Error(`--work ${opts.work}: expected one of ${Object.keys(WORKS).join(', ')}`);
  // Warm up: JIT, connection pool.
  await work.warm();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const measured = await work.run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (opts.out) writeFileSync(opts.out, JSON.stringify(profile));

  const { parts, functions, inclusive } = summarize(profile);
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  const pct = (ms) => `${((ms / total) * 100).toFixed(1)} %`;
  console.log(`${work.reached(measured)} `
    + `while profiled (${total.toFixed(0)} ms sampled)${copy ? ', core with names' : ''}\n`);
  console.log(table(['part', 'self ms', 'share'],
    [...parts].sort((a, b) => b[1] - a[1]).map(([part, ms]) => [part, ms.toFixed(0), pct(ms)])));
  console.log();
  if (copy) {
    console.log(table(['including callees', 'ms', 'share'],
      inclusive.map(([label, ms]) => [label, ms.toFixed(0), pct(ms)])));
    console.log();
  }
  console.log(table(['function (self time)', 'self ms', 'share', 'part'],
    [...functions].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)
      .map(([fn, { ms, part }]) => [fn, ms.toFixed(0), pct(ms), part.replace(/ \(.*$/, '')])));
} finally {
  await ops?.close();
  await server.stop();
  if (copy) rmSync(copy, { recursive: true, force: true });
}
