#!/usr/bin/env node
// Where the JavaScript of a browser download goes: lib/browser.js bundled and minified by
// esbuild (the core's glue included, the .wasm left out), then, per module, its minified bytes
// and what it adds to the gzipped bundle: the gzipped size of the whole bundle less that of the
// bundle without the module's code. Gzip finds repeats across modules, so a module costs what
// is new in it: code folded into a shared helper that gzip already matched saves little, while
// text and code found nowhere else count in full. esbuild puts what joins modules (a
// namespace object for `import * as`, the bundle's export list) with the module that uses it.
// With --statements, the same for each top-level statement and class member, biggest first.
//
// Usage: node bench/js-size-profile.mjs [--statements] [--top 40]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { parseAst } from 'rollup/parseAst';
import { table } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: { statements: { type: 'boolean', default: false }, top: { type: 'string', default: '40' } },
});

/** A line esbuild keeps (a legal comment) before each module's code: `/*! module <path> *\/`. */
const MARKER = /\/\*! module (\S+) \*\/\n?/;

/** The minified bundle, each module's code after its marker. */
async function markedBundle() {
  const markModules = {
    name: 'mark-modules',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => ({
        contents: `/*! module ${path.relative(ROOT, args.path)} */\n${readFileSync(args.path, 'utf8')}`,
        loader: 'js',
      }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'lib/browser.js')], absWorkingDir: ROOT, bundle: true, minify: true,
    format: 'esm', target: 'esnext', write: false, legalComments: 'inline', external: ['*.wasm'], plugins: [markModules],
  });
  return result.outputFiles[0].text;
}

const gzipped = (text) => gzipSync(text, { level: 9 }).length;

/**
 * Rows of `[added gzip, minified bytes, name]`, biggest addition first, for parts of `text`,
 * each given as its ranges `[start, end]` (in order) and a name.
 */
function costs(text, parts) {
  const whole = gzipped(text);
  return parts.map(([ranges, name]) => {
    const without = ranges.reduceRight((rest, [start, end]) => rest.slice(0, start) + rest.slice(end), text);
    return [whole - gzipped(without), ranges.reduce((sum, [start, end]) => sum + end - start, 0), name];
  }).sort((a, b) => b[0] - a[0]);
}

const marked = await markedBundle();
// Split at the markers: [code before, path, code, path, code, ...]; a module's code may come in
// several pieces (esbuild moves some statements), which count together.
const pieces = marked.split(MARKER);
const text = pieces.filter((_, i) => i % 2 === 0).join('');
console.log(`lib/browser.js bundled by esbuild, minified: ${text.length} bytes, ${gzipped(text)} gzipped\n`);

let parts;
if (opts.statements) {
  const ast = parseAst(text);
  parts = ast.body.flatMap((node) => {
    const members = node.type === 'ClassDeclaration' ? node.body.body
      : node.type === 'VariableDeclaration' ? node.declarations : [node];
    return members.map((member) => [[[member.start, member.end]], text.slice(member.start, member.start + 70)]);
  });
} else {
  const byModule = new Map();
  let offset = pieces[0].length;
  for (let i = 1; i < pieces.length; i += 2) {
    const end = offset + pieces[i + 1].length;
    byModule.set(pieces[i], [...(byModule.get(pieces[i]) ?? []), [offset, end]]);
    offset = end;
  }
  parts = [...byModule].map(([name, ranges]) => [ranges, name]);
}
const rows = costs(text, parts).slice(0, Number(opts.top));
console.log(table(['adds gzipped', 'minified', opts.statements ? 'statement (start)' : 'module'], rows));
