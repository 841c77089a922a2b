// Entry with the core's WebAssembly inside the JavaScript: nothing to copy or serve beside a
// bundle, so any bundler works with no plugin or copy step (esbuild, Rollup), and so does a
// single-file deployment. The price is a larger download than the main entry's separate
// `.wasm` (see the README). Like the main entry, the API is ready to use on import.

import { wasmBytes } from '../pkg/inline/neo4j_wasm_bg.js';
import { initCore } from './init.js';
import * as api from './index.js';

await initCore(wasmBytes());

export * from './index.js';
export default { ...api };
