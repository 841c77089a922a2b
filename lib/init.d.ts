// Types of the entry that leaves loading the core to the application: the package's API
// (index.d.ts), default export included, and initCore().

export * from './index.js';
export { default } from './index.js';

/**
 * Loads the driver core; the rest of the API may be used once the promise resolves. `source`:
 * a compiled `WebAssembly.Module`, the module's bytes, a `Response` (or a promise of one), or a
 * URL to fetch; without it, the `.wasm` next to the core's JavaScript (through
 * `import.meta.url`). Resolves at once when a core is already loaded.
 */
export declare function initCore(
  source?: WebAssembly.Module | BufferSource | Response | PromiseLike<Response> | string | URL,
): Promise<void>;
