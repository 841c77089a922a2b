// Entry that leaves loading the core to the application, for runtimes where the package
// cannot find or fetch its `.wasm` by itself: Cloudflare Workers and workerd, Vercel's edge
// runtime, service workers, pages with their own way of serving files, and Node running the
// browser build. The API is the same as the package's main entry once initCore() resolves.

import { loadCore, NEXT_TO_CORE } from './load-core.js';
import * as api from './index.js';

/** What `source` was, for an error message: never the bytes themselves. */
function describeSource(source) {
  if (source === undefined) return NEXT_TO_CORE;
  if (source instanceof WebAssembly.Module) return 'a WebAssembly.Module';
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return `${source.byteLength} bytes`;
  if (typeof Response === 'function' && source instanceof Response) return `a Response from ${source.url || 'memory'}`;
  if (typeof source === 'string' || source instanceof URL) return String(source);
  if (typeof source?.then === 'function') return 'a promise';
  return `a value of type ${source === null ? 'null' : typeof source} (expected a WebAssembly.Module, bytes, a Response or a URL)`;
}

/**
 * Loads the driver core; the rest of the API may be used once the promise resolves.
 * `source` is a compiled `WebAssembly.Module` (what Cloudflare Workers give for
 * `import wasm from 'neo4j-wasm/core.wasm'`), the module's bytes (an ArrayBuffer or a typed
 * array), a `Response` or a promise of one (`fetch(url)`), or a URL (a string or `URL`) to
 * fetch. Without it, the `.wasm` shipped with the package is fetched from next to the core's
 * JavaScript, as the main entry does. Resolves at once when a core is already loaded (by this
 * or an earlier call, or by the package's main entry); a failed load may be tried again.
 * @param {WebAssembly.Module | BufferSource | Response | Promise<Response> | string | URL} [source]
 * @returns {Promise<void>}
 */
export function initCore(source) {
  return loadCore(source, () => describeSource(source));
}

export * from './index.js';
export default { ...api };
