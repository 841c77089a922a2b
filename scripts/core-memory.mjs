// For tools that measure memory (bench/node-worker.mjs, scripts/soak.mjs): loads the package's
// Node entry and finds the WebAssembly.Memory of its core. pkg/node instantiates the module
// synchronously on import and keeps the instance private, so the constructor is watched for
// that one import.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports lib/node.js (this package's, or that of another copy of it at `root`); must run
 * before anything else in the process loads it.
 * @param {string} [root] the directory of a built copy of the package (bench/run.mjs --baseline)
 * @returns {Promise<{neo4j: object, memory: WebAssembly.Memory}>} the package's default export
 *   and its core's memory
 */
export async function importWithCoreMemory(root = null) {
  const Instance = WebAssembly.Instance;
  const instances = [];
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      instances.push(instance);
      return instance;
    },
  });
  try {
    const entry = root === null ? new URL('../lib/node.js', import.meta.url) : pathToFileURL(path.join(root, 'lib', 'node.js'));
    const neo4j = (await import(entry.href)).default;
    const memory = instances.map((i) => i.exports.memory).find((m) => m instanceof WebAssembly.Memory);
    if (!memory) throw new Error('the core module exports no WebAssembly.Memory (was the package loaded before?)');
    return { neo4j, memory };
  } finally {
    WebAssembly.Instance = Instance;
  }
}
