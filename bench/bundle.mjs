// What a browser downloads: our driver as its files are served (lib/*.js reachable from
// lib/browser.js, pkg/web's glue and the .wasm), our driver bundled and minified
// by Vite, and the official drivers' minified browser ES modules. Sizes raw, gzipped (level 9)
// and brotli-compressed (quality 11), each file on its own, as a server sends them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Raw, gzipped and brotli-compressed bytes of files (absolute paths). */
function sizesOf(files) {
  const total = { files: files.length, raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    total.raw += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** Raw, gzipped and brotli-compressed bytes of files (paths relative to the repository root). */
function measure(files) {
  return sizesOf(files.map((file) => path.join(ROOT, file)));
}

/** Every file a page loads from `entry` on: static and dynamic imports, `new URL(..., import.meta.url)` assets. */
export function reachableFiles(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js') && !file.endsWith('.mjs')) return;
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g),
      ...text.matchAll(/\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g),
      ...text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g),
    ].map((m) => m[1]);
    for (const spec of specifiers) {
      const target = path.join(path.dirname(file), spec.startsWith('.') ? spec : `./${spec}`);
      visit(path.relative(ROOT, path.join(ROOT, target)));
    }
  };
  visit(entry);
  return [...seen].sort();
}

/** Bundles lib/browser.js with Vite (minified, the .wasm kept as a file); sizes of the output. */
async function viteBundle() {
  const { build } = await import('vite');
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-bench-vite-'));
  try {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        target: 'esnext',
        assetsInlineLimit: 0,
        modulePreload: false,
        rollupOptions: {
          input: path.join(ROOT, 'lib/browser.js'),
          // Keep the API: an app build would otherwise drop the unused exports.
          preserveEntrySignatures: 'strict',
        },
      },
    });
    const files = [];
    const walk = (dir) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(outDir);
    return {
      js: sizesOf(files.filter((f) => f.endsWith('.js'))),
      wasm: sizesOf(files.filter((f) => f.endsWith('.wasm'))),
      total: sizesOf(files.filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The bundle-size figures of every candidate. */
export async function bundleSizes() {
  const ours = reachableFiles('lib/browser.js');
  const official = 'node_modules/neo4j-driver/lib/browser/neo4j-web.esm.min.js';
  const lite = 'node_modules/neo4j-driver-lite/lib/browser/neo4j-lite-web.esm.min.js';
  return {
    ours: {
      files: ours,
      js: measure(ours.filter((f) => f.endsWith('.js'))),
      wasm: measure(ours.filter((f) => f.endsWith('.wasm'))),
      total: measure(ours),
    },
    oursVite: await viteBundle(),
    official: { file: official, total: measure([official]) },
    lite: { file: lite, total: measure([lite]) },
  };
}
