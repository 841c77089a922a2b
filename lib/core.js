// The compiled driver core, handed over once by whatever loads the WebAssembly: the entry
// module of the environment (node.js, browser.js, inline.js, workerd.js) or initCore() in
// init.js, called by the application.

import { wasmTypes } from './wasm-types.js';

let loaded = null;

/**
 * Takes the loaded core module and gives it this package's value classes. The first core
 * loaded stays: drivers made with it must not meet a second instance of the module.
 * @param {object} module the wasm-bindgen module of the core
 */
export function useCore(module) {
  if (loaded !== null) return;
  module.registerTypes(wasmTypes);
  loaded = module;
}

/** @returns {boolean} whether a core has been loaded */
export function isCoreLoaded() {
  return loaded !== null;
}

/** @returns {object} the core module */
export function core() {
  if (loaded === null) {
    throw new Error('the neo4j-wasm core is not loaded: import "neo4j-wasm" (which loads it), or import '
      + '{ initCore } from "neo4j-wasm/init" and wait for initCore(...) before using the driver');
  }
  return loaded;
}
