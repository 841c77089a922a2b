// Entry for Cloudflare Workers and workerd, chosen through the `workerd` export condition
// (which wrangler sets): there `import.meta.url` is undefined and code cannot be compiled
// from bytes, but importing a `.wasm` file gives a compiled WebAssembly.Module. Like the main
// entry, the API is ready to use on import. Types: index.d.ts, through the `types` condition.

import wasmModule from '../pkg/web/neo4j_wasm_bg.wasm';
import { initCore } from './init.js';
import * as api from './index.js';

await initCore(wasmModule);

export * from './index.js';
export default { ...api };
