// Entry for browsers and bundlers: fetches and compiles the core before the module finishes
// loading (top-level await), so the API is ready to use on import. The `.wasm` file is found
// next to the core's JS glue through `import.meta.url`, which bundlers understand.

import { loadCore, NEXT_TO_CORE } from './load-core.js';
import * as api from './index.js';

await loadCore(undefined, () => NEXT_TO_CORE);

export * from './index.js';
export default { ...api };
