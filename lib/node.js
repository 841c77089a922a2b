// Entry for Node (ESM `import` and, through require(esm), CJS `require`): loads the core
// synchronously from the file next to it, so no top-level await is needed.

import * as nodeCore from '../pkg/node/neo4j_wasm.js';
import { useCore } from './core.js';
import * as api from './index.js';

useCore(nodeCore.default ?? nodeCore);

export * from './index.js';
export default { ...api };
