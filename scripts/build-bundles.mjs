#!/usr/bin/env node
// Builds the package's files that are made from pkg/web and lib/ (not from Rust):
//   pkg/inline/neo4j_wasm_bg.js   the core's .wasm as a JS string, for lib/inline.js and the script
//   pkg/script/neo4j-wasm.min.js  the classic-script build: an IIFE setting the global `neo4j`
// Skipped when every output is newer than every input. scripts/build.sh runs this after the
// Rust build.
//
// Usage: node scripts/build-bundles.mjs [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WASM = path.join(ROOT, 'pkg/web/neo4j_wasm_bg.wasm');
const INLINE = path.join(ROOT, 'pkg/inline/neo4j_wasm_bg.js');
const SCRIPT = path.join(ROOT, 'pkg/script/neo4j-wasm.min.js');
const SCRIPT_ENTRY = path.join(ROOT, 'scripts/script-entry.js');

/** Newest modification time among `files` and the files under the directories among them. */
function newest(files) {
  return Math.max(...files.map((file) => {
    const stat = fs.statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return newest(fs.readdirSync(file).map((name) => path.join(file, name)));
  }));
}

function upToDate() {
  const outputs = [INLINE, SCRIPT];
  if (!outputs.every((file) => fs.existsSync(file))) return false;
  const inputs = [WASM, path.join(ROOT, 'pkg/web/neo4j_wasm.js'), path.join(ROOT, 'lib'), SCRIPT_ENTRY,
    fileURLToPath(import.meta.url)];
  return Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs)) > newest(inputs);
}

/**
 * The module's bytes as the text of a JS string literal, one character per byte (a byte b is
 * the character U+00b). Only what a literal cannot hold is escaped; bytes 0x80-0xFF take two
 * bytes in the UTF-8 file, which gzip mostly wins back: the file costs about 5 % more than the
 * `.wasm` gzipped, where base64 would cost about 30 %.
 */
function stringLiteral(bytes) {
  const ESCAPES = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r' };
  let text = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === 0) text += bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? '\\x00' : '\\0';
    else text += ESCAPES[byte] ?? String.fromCharCode(byte);
  }
  return `"${text}"`;
}

function writeInline() {
  const bytes = fs.readFileSync(WASM);
  fs.mkdirSync(path.dirname(INLINE), { recursive: true });
  fs.writeFileSync(INLINE, `// Made by scripts/build-bundles.mjs from pkg/web/neo4j_wasm_bg.wasm: its bytes, one character each.
const TEXT = ${stringLiteral(bytes)};

/** The core's WebAssembly module, as bytes. */
export function wasmBytes() {
  if (TEXT.length !== ${bytes.length}) {
    throw new Error('the WebAssembly inlined in neo4j-wasm was altered: its file must be read as UTF-8');
  }
  const bytes = new Uint8Array(TEXT.length);
  for (let i = 0; i < TEXT.length; i += 1) bytes[i] = TEXT.charCodeAt(i);
  return bytes;
}
`);
}

async function writeScript() {
  const { version, license } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  await build({
    entryPoints: [SCRIPT_ENTRY],
    outfile: SCRIPT,
    bundle: true,
    format: 'iife',
    globalName: 'neo4j',
    minify: true,
    // ASCII only (the inlined bytes as \x escapes), so that the page's charset does not matter.
    charset: 'ascii',
    banner: { js: `/*! neo4j-wasm ${version}, ${license}: a Neo4j driver. Global \`neo4j\`; await neo4j.ready before use. */` },
    logLevel: 'warning',
    // The script always hands initCore() the inlined bytes: the glue's default URL, made from
    // import.meta.url, is never used.
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

if (process.argv.includes('--force') || !upToDate()) {
  writeInline();
  await writeScript();
  for (const file of [INLINE, SCRIPT]) console.log(`${path.relative(ROOT, file)}: ${fs.statSync(file).size} bytes`);
} else {
  console.log('pkg/inline and pkg/script are up to date');
}
