// The compiled driver core, handed over once by the entry module of each environment
// (node.js or browser.js), which loads the WebAssembly the way that environment can.

import { wasmTypes } from './wasm-types.js';

let loaded = null;

/**
 * Takes the loaded core module and gives it this package's value classes.
 * @param {object} module the wasm-bindgen module of the core
 */
export function useCore(module) {
  module.registerTypes(wasmTypes);
  loaded = module;
}

/** @returns {object} the core module */
export function core() {
  if (loaded === null) {
    throw new Error('neo4j-wasm was imported without its entry module: import "neo4j-wasm" itself');
  }
  return loaded;
}
