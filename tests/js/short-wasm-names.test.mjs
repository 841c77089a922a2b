// scripts/short-wasm-names.mjs on a small module and glue of wasm-bindgen's shape: the renamed
// module still instantiates with the renamed glue and answers, its hashed import and method
// export names are short, the other names stay, and a second run changes nothing. The build
// runs it on pkg/web, which every browser test then loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts/short-wasm-names.mjs');
const IMPORT = '__wbg_answer_0123456789abcdef';

const leb = (n) => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
const name = (text) => [...leb(text.length), ...Buffer.from(text)];
const section = (id, items) => [id, ...leb(items.length), ...items];

/**
 * A module importing `() => i32` as `IMPORT` from `./x_bg.js` and exporting, as
 * `klass_method` and as `plain`, a function that returns the import's answer plus one.
 */
function moduleBytes() {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(2, [1, ...name('./x_bg.js'), ...name(IMPORT), 0, 0]),
    ...section(3, [1, 0]),
    ...section(7, [2, ...name('klass_method'), 0, 1, ...name('plain'), 0, 1]),
    ...section(10, [1, 7, 0, 0x10, 0, 0x41, 1, 0x6a, 0x0b]),
  ]);
}

/** Glue as wasm-bindgen writes it: the imports by their names, the export read from `wasm`. */
const GLUE = `export function imports() {
  return { './x_bg.js': { ${IMPORT}: function () { return 41; } } };
}
export function call(wasm) { return [wasm.klass_method(), wasm.plain()]; }
`;

function run(dir) {
  return execFileSync(process.execPath, [SCRIPT, dir, 'x'], { encoding: 'utf8' });
}

test('short-wasm-names renames the module and its glue consistently, once', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'short-wasm-names-'));
  try {
    writeFileSync(path.join(dir, 'x_bg.wasm'), moduleBytes());
    writeFileSync(path.join(dir, 'x.js'), GLUE);
    assert.match(run(dir), /2 names shortened/);
    const bytes = readFileSync(path.join(dir, 'x_bg.wasm'));
    const module = new WebAssembly.Module(bytes);
    const importNames = WebAssembly.Module.imports(module).map((i) => i.name);
    const exportNames = WebAssembly.Module.exports(module).map((e) => e.name);
    assert.deepEqual([importNames, exportNames], [['$0'], ['$1', 'plain']]);
    const glue = await import(pathToFileURL(path.join(dir, 'x.js')).href);
    const { exports } = new WebAssembly.Instance(module, glue.imports());
    assert.deepEqual(glue.call(exports), [42, 42]);
    assert.equal(run(dir), '');
    assert.deepEqual(readFileSync(path.join(dir, 'x_bg.wasm')), bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('short-wasm-names refuses glue that does not give an import, and changes nothing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'short-wasm-names-'));
  try {
    writeFileSync(path.join(dir, 'x_bg.wasm'), moduleBytes());
    writeFileSync(path.join(dir, 'x.js'), GLUE.replace(IMPORT, '__wbg_other'));
    assert.throws(() => execFileSync(process.execPath, [SCRIPT, dir, 'x'], { stdio: 'pipe' }),
      (error) => error.stderr.toString().includes(`imports the glue does not give: ${IMPORT}`));
    assert.deepEqual(readFileSync(path.join(dir, 'x_bg.wasm')), Buffer.from(moduleBytes()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
