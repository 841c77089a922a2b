#!/usr/bin/env node
// Where the shipped core's bytes go: the module scripts/build.sh last built (target/, before
// wasm-bindgen), run through wasm-bindgen and wasm-opt as the build does but keeping
// function names, then the size of each function's code. Prints the biggest functions and the
// total per crate, and with --save/--diff compares two builds function by function.
//
// Usage: node bench/size-profile.mjs [--top 40] [--save FILE.json] [--diff FILE.json]
//   --save  writes every function's size, to compare a later build against with --diff
//   --diff  prints the functions whose size changed since the saved build, biggest change first
// Names are kept, so sizes are those of the shipped module give or take the name section,
// which the module itself does not count (code bodies only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from './report.mjs';
import { WASM_OPT, wasmOptArgs } from './wasm-opt.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: { top: { type: 'string', default: '40' }, save: { type: 'string' }, diff: { type: 'string' } },
});

/** The optimized module with names: its bytes. */
function optimizedWithNames() {
  const built = path.join(ROOT, 'target/wasm32-unknown-unknown/release/neo4j_wasm.wasm');
  if (statSync(built).mtimeMs < statSync(path.join(ROOT, 'pkg/.build-stamp')).mtimeMs) {
    throw new Error(`${path.relative(ROOT, built)} is older than pkg/: run scripts/build.sh --force first`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-size-'));
  try {
    execFileSync(path.join(ROOT, '.tools/bin/wasm-bindgen'), ['--target', 'web', '--keep-debug', '--out-dir', dir, built]);
    const out = path.join(dir, 'named.wasm');
    execFileSync(WASM_OPT,
      ['--debuginfo', ...wasmOptArgs(), '-o', out, path.join(dir, 'neo4j_wasm_bg.wasm')]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A reader of LEB128 numbers and names at `pos` in `bytes`. */
function reader(bytes, pos = 0) {
  return {
    get pos() { return pos; },
    skip(n) { pos += n; },
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return result;
        shift += 7;
      }
    },
    name() {
      const n = this.u32();
      const text = new TextDecoder().decode(bytes.subarray(pos, pos + n));
      pos += n;
      return text;
    },
  };
}

/** `{ name: code bytes }` of every defined function, from the code and name sections. */
function functionSizes(bytes) {
  const r = reader(bytes, 8);
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (r.pos < bytes.length) {
    const id = bytes[r.pos];
    r.skip(1);
    const size = r.u32();
    const end = r.pos + size;
    if (id === 2) {
      // Imports: functions among them take the first indices.
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = bytes[r.pos];
        r.skip(1);
        if (kind === 0) { r.u32(); imported++; }
        else if (kind === 1) { r.skip(1); const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
        else if (kind === 2) { const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
        else if (kind === 3) r.skip(2);
        else r.skip(1), r.u32();
      }
    } else if (id === 10) {
      for (let n = r.u32(); n > 0; n--) {
        const body = r.u32();
        bodies.push(body);
        r.skip(body);
      }
    } else if (id === 0 && r.name() === 'name') {
      while (r.pos < end) {
        const sub = bytes[r.pos];
        r.skip(1);
        const subSize = r.u32();
        const subEnd = r.pos + subSize;
        if (sub === 1) for (let n = r.u32(); n > 0; n--) names.set(r.u32(), r.name());
        r.skip(subEnd - r.pos);
      }
    }
    r.skip(end - r.pos);
  }
  const sizes = {};
  bodies.forEach((body, i) => {
    const name = names.get(imported + i) ?? `function ${imported + i}`;
    sizes[name] = (sizes[name] ?? 0) + body;
  });
  return sizes;
}

/** The crate a (demangled) Rust function belongs to, for the per-crate totals. */
function crateOf(name) {
  const m = name.match(/^<?(?:&(?:mut )?)?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  return m ? m[1] : name.startsWith('__wbindgen') || name.startsWith('__wbg') ? 'wasm_bindgen (glue)' : 'other';
}

const short = (name) => (name.length > 110 ? `${name.slice(0, 107)}...` : name);
const sizes = functionSizes(optimizedWithNames());
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`${Object.keys(sizes).length} functions, ${total} bytes of code\n`);

const crates = new Map();
for (const [name, size] of Object.entries(sizes)) crates.set(crateOf(name), (crates.get(crateOf(name)) ?? 0) + size);
console.log(table(['crate', 'bytes', 'share'], [...crates].sort((a, b) => b[1] - a[1])
  .map(([crate, size]) => [crate, String(size), `${((size / total) * 100).toFixed(1)} %`])));
console.log();
console.log(table(['function', 'bytes'], Object.entries(sizes).sort((a, b) => b[1] - a[1])
  .slice(0, Number(opts.top)).map(([name, size]) => [short(name), String(size)])));

if (opts.diff) {
  const before = JSON.parse(readFileSync(opts.diff, 'utf8'));
  const changes = [...new Set([...Object.keys(before), ...Object.keys(sizes)])]
    .map((name) => [name, (sizes[name] ?? 0) - (before[name] ?? 0)])
    .filter(([, change]) => change !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const net = changes.reduce((sum, [, change]) => sum + change, 0);
  console.log(`\nsince ${opts.diff}: ${net >= 0 ? '+' : ''}${net} bytes of code\n`);
  console.log(table(['function', 'change'], changes.slice(0, Number(opts.top))
    .map(([name, change]) => [short(name), `${change > 0 ? '+' : ''}${change}`])));
}
if (opts.save) writeFileSync(opts.save, JSON.stringify(sizes));
