// The classic-script build (pkg/script/neo4j-wasm.min.js, bundled by scripts/build-bundles.mjs
// as an IIFE): the package's API as the global `neo4j`, the core inlined. A classic script
// cannot wait at its top level, so the core loads in the background and `neo4j.ready` says
// when the driver can be used.

import { wasmBytes } from '../pkg/inline/neo4j_wasm_bg.js';
import { initCore } from '../lib/init.js';

export * from '../lib/index.js';

/** Resolves once the core is loaded and the driver can be used; rejects if it cannot load. */
export const ready = initCore(wasmBytes());
