// Loads the web build of the core, for the entries that fetch or are given its `.wasm`
// (browser.js, init.js). Kept apart from init.js so that browser.js, which always loads the
// `.wasm` next to the core, leaves out init.js's description of the other sources.

import initWasm, { BookmarkSet, driver, packValue, registerTypes, unpackList } from '../pkg/web/neo4j_wasm.js';
import { useCore, isCoreLoaded } from './core.js';

/**
 * The parts of the core the package uses. Naming them, rather than handing over the whole
 * module, lets bundlers leave out the rest of the glue (`initSync`, `version`, ...).
 */
const webCore = { BookmarkSet, driver, packValue, registerTypes, unpackList };

/** What browser.js loads, as its error names it. */
export const NEXT_TO_CORE = 'the .wasm file next to the core (found through import.meta.url)';

/**
 * Loads the core from `source` (see `initCore` in init.js) unless a core is loaded already.
 * @param {*} source
 * @param {function(): string} describe names the source in the error, never with its bytes
 * @returns {Promise<void>}
 * @throws {Error} `neo4j-wasm could not load its core from <source>: <reason>`, the failure as cause
 */
export async function loadCore(source, describe) {
  if (isCoreLoaded()) return;
  try {
    await initWasm({ module_or_path: source });
  } catch (e) {
    throw new Error(`neo4j-wasm could not load its core from ${describe()}: ${e.message}`, { cause: e });
  }
  useCore(webCore);
}
