// A module Web Worker importing the installed package without a bundler: runs the scenario
// against the URI in its own URL's `?uri=` and posts back what it saw. (The URI does not come
// by message: a message posted to a module worker while its imports still load, the core among
// them, can arrive before the worker has set `onmessage`, and is then lost.)
import neo4j from './node_modules/neo4j-wasm/lib/browser.js';
import { observe } from './scenario.mjs';

self.postMessage(await observe(neo4j, new URL(self.location.href).searchParams.get('uri'), 'module-worker'));
