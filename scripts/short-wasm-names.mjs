// Shortens the names by which a wasm-bindgen module and its JS glue call each other.
//
// wasm-bindgen names each import `__wbg_<what>_<16 hex digits>`, its helper exports
// `__wbindgen_*` or `wasm_bindgen_<hash>___convert__closures...`, and the exports behind each
// class method `<class>_<method>`. The names are spelled twice, in the .wasm's import and
// export sections and in the glue, and the hex digits do not compress: about 1.5 KB of the glue
// and 2.3 KB of the .wasm, gzipped. This gives each of them a short name (`$0`, `$1`, ...) in
// both files, and in the declarations, consistently. The exports the glue re-exports under
// their own names (`driver`, `version`, ...: no `_` in them) and `memory` stay. Running it twice
// changes nothing.
//
// Usage: node scripts/short-wasm-names.mjs <dir> <crate>   e.g. pkg/web neo4j_wasm

import fs from 'node:fs';
import path from 'node:path';

/** Whether an import or export name gets a short one: wasm-bindgen's own, and class methods' exports. */
const isShortened = (name, isImport) => (isImport ? /^(__wbg_|__wbindgen_|wasm_bindgen_)/.test(name) : name.includes('_'));

/** An unsigned LEB128 at `pos`: its value and where it ends (longer ones are skipped whole). */
function readLeb(bytes, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[pos++];
    if (shift < 32) value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, pos];
}

/** The unsigned LEB128 bytes of `n`. */
function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A wasm name (length-prefixed UTF-8) at `pos`: the text and where it ends. */
function readName(bytes, pos) {
  const [length, start] = readLeb(bytes, pos);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

/** The bytes of a wasm name. */
function nameBytes(text) {
  const utf8 = new TextEncoder().encode(text);
  return [...leb(utf8.length), ...utf8];
}

/** Where the description of an import (after its names) ends, for each kind of import. */
function importDescriptionEnd(bytes, pos) {
  const kind = bytes[pos++];
  const limitsEnd = (p) => {
    const flags = bytes[p++];
    [, p] = readLeb(bytes, p);
    if (flags & 1) [, p] = readLeb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return readLeb(bytes, pos)[1]; // function: type index
    case 1: return limitsEnd(pos + 1); // table: element type, limits
    case 2: return limitsEnd(pos); // memory: limits
    case 3: return pos + 2; // global: value type, mutability
    case 4: return readLeb(bytes, pos + 1)[1]; // tag: attribute, type index
    default: throw new Error(`short-wasm-names: import of unknown kind ${kind}`);
  }
}

/**
 * The module with the import and export names {@link isShortened} picks replaced by
 * `rename(name, isImport)`, and every other byte as it was.
 */
function renameInModule(bytes, rename) {
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = readLeb(bytes, pos + 1);
    const end = start + size;
    if (id === 2 || id === 7) {
      let [count, p] = readLeb(bytes, start);
      const body = leb(count);
      for (let i = 0; i < count; i++) {
        let moduleName = null;
        if (id === 2) [moduleName, p] = readName(bytes, p);
        let name;
        [name, p] = readName(bytes, p);
        const descriptionStart = p;
        p = id === 2 ? importDescriptionEnd(bytes, p) : readLeb(bytes, p + 1)[1];
        if (moduleName !== null) body.push(...nameBytes(moduleName));
        body.push(...nameBytes(isShortened(name, id === 2) ? rename(name, id === 2) : name), ...bytes.subarray(descriptionStart, p));
      }
      if (p !== end) throw new Error(`short-wasm-names: section ${id} is ${size} bytes, read ${p - start}`);
      parts.push(Uint8Array.from([id, ...leb(body.length), ...body]));
    } else {
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}

/** `text` with each whole-word occurrence of a renamed name replaced. */
function renameInText(text, names) {
  const pattern = new RegExp(`(?<![\\w$])(?:${[...names.keys()].join('|')})(?![\\w$])`, 'g');
  return text.replace(pattern, (name) => names.get(name));
}

const [dir, crate] = process.argv.slice(2);
if (!dir || !crate) {
  console.error('usage: node scripts/short-wasm-names.mjs <dir> <crate>');
  process.exit(2);
}
const wasmFile = path.join(dir, `${crate}_bg.wasm`);
const textFiles = [`${crate}.js`, `${crate}.d.ts`, `${crate}_bg.wasm.d.ts`].map((f) => path.join(dir, f)).filter(fs.existsSync);
const texts = textFiles.map((f) => fs.readFileSync(f, 'utf8'));
const names = new Map();
const imports = [];
const renamed = renameInModule(fs.readFileSync(wasmFile), (name, isImport) => {
  if (isImport) imports.push(name);
  if (!names.has(name)) names.set(name, `$${names.size.toString(36)}`);
  return names.get(name);
});
if (names.size === 0) process.exit(0); // shortened already
if (texts.some((text) => /(?<![\w$])\$[0-9a-z]+(?![\w$])/.test(text))) {
  throw new Error('short-wasm-names: the glue has names like $0 already; the new ones could clash');
}
// Every import must be given by the glue, or the module would not instantiate.
const missing = imports.filter((name) => !texts[0].includes(name));
if (missing.length > 0) throw new Error(`short-wasm-names: imports the glue does not give: ${missing.join(', ')}`);
fs.writeFileSync(wasmFile, renamed);
textFiles.forEach((file, i) => fs.writeFileSync(file, renameInText(texts[i], names)));
console.log(`short-wasm-names: ${names.size} names shortened in ${dir}`);
