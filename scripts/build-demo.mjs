// Bundles the web demo (www/index.html and what it imports: the package's browser entry, its
// .wasm as a same-origin asset, cytoscape, the Cypher editor) with Vite into .run/demo/. Skipped when the last
// build is newer than every input, so `npm start` is fast when nothing changed.
//
// As a module: `await buildDemo()` resolves `{ dir, built }`.
// As a command: `node scripts/build-demo.mjs [--force]`.
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
/** Where the built page goes (ignored by git). */
export const DEMO_DIR = path.join(ROOT, '.run', 'demo');
const STAMP = path.join(DEMO_DIR, '.built');
/** What the bundle is made of. www/minimal/ is a separate unbundled page, not part of it. */
const INPUTS = ['www', 'lib', 'pkg/web', 'package.json', 'package-lock.json', 'scripts/build-demo.mjs'];
const SKIP = new Set([path.join(WWW, 'minimal')]);

/** The newest modification time (ms) of the files under `p`. */
function newest(p) {
  if (SKIP.has(p) || !existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newest(path.join(p, name))));
}

/** Whether the last build is newer than all its inputs. */
function upToDate() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.every((input) => newest(path.join(ROOT, input)) <= built);
}

/**
 * Builds the demo unless it is up to date.
 * @param {{force?: boolean, log?: function(string): void}} [options]
 * @returns {Promise<{dir: string, built: boolean}>}
 */
export async function buildDemo({ force = false, log = (line) => console.log(line) } = {}) {
  if (!force && upToDate()) return { dir: DEMO_DIR, built: false };
  if (!existsSync(path.join(ROOT, 'pkg/web/neo4j_wasm.js'))) {
    throw new Error('pkg/web is missing: run `bash scripts/build.sh` first');
  }
  // The stamp takes the time the inputs were read, so an edit made during the build counts.
  const started = new Date();
  log('building the demo page with Vite (www/ -> .run/demo/)');
  const { build } = await import('vite');
  const staging = `${DEMO_DIR}.staging`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    configFile: false,
    root: WWW,
    base: './',
    logLevel: 'warn',
    clearScreen: false,
    // The page imports the package by its name, as an application would.
    resolve: { alias: { 'neo4j-wasm': path.join(ROOT, 'lib/browser.js') } },
    build: {
      outDir: staging,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      // The libraries in files of their own: the page's code changes more often than they do.
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: 'cytoscape', test: /node_modules[\\/]cytoscape[\\/]/ },
              { name: 'cypher-editor', test: /node_modules[\\/](@codemirror|@lezer|@neo4j-cypher|antlr4|@marijn|@babel|style-mod|w3c-keyname|crelt|fuse\.js|lodash\.)/ },
            ],
          },
        },
      },
      // The Cypher editor's parser (a generated ANTLR grammar) is large, and known to be.
      chunkSizeWarningLimit: 1500,
    },
  });
  rmSync(DEMO_DIR, { recursive: true, force: true });
  renameSync(staging, DEMO_DIR);
  writeFileSync(STAMP, '');
  utimesSync(STAMP, started, started);
  return { dir: DEMO_DIR, built: true };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { built } = await buildDemo({ force: process.argv.includes('--force') });
  console.log(built ? `built ${path.relative(ROOT, DEMO_DIR)}/` : 'the demo page is up to date');
}
