// Runs worker.js in workerd through miniflare (needs Node 22) and prints the worker's answer,
// the scenario's outcome as JSON. The worker is bundled as wrangler bundles it: esbuild with
// the conditions workerd, worker and browser, each imported .wasm file left as a module of its
// own, which workerd compiles. Argument: the bolt:// URI of the WebSocket bridge.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const here = path.dirname(fileURLToPath(import.meta.url));
const wasmModules = [];
const bundle = await build({
  entryPoints: [path.join(here, 'worker.js')],
  bundle: true,
  format: 'esm',
  write: false,
  conditions: ['workerd', 'worker', 'browser'],
  logLevel: 'warning',
  plugins: [{
    name: 'wasm-modules',
    setup(esbuild) {
      esbuild.onResolve({ filter: /\.wasm$/ }, ({ path: specifier, resolveDir }) => {
        const file = path.resolve(resolveDir, specifier);
        const name = path.basename(file);
        wasmModules.push({ type: 'CompiledWasm', path: name, contents: fs.readFileSync(file) });
        return { path: name, external: true };
      });
    },
  }],
});

const miniflare = new Miniflare({
  modules: [{ type: 'ESModule', path: 'worker.js', contents: bundle.outputFiles[0].text }, ...wasmModules],
  compatibilityDate: '2026-07-01',
  host: '127.0.0.1',
});
try {
  const response = await miniflare.dispatchFetch(`http://127.0.0.1/?uri=${encodeURIComponent(process.argv[2])}`);
  console.log(await response.text());
} finally {
  await miniflare.dispose();
}
