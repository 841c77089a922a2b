// Node running the browser build through neo4j-wasm/init: the core loaded from the bytes of
// neo4j-wasm/core.wasm, then the scenario over TCP; prints what it saw as JSON. Argument: the
// server's bolt:// URI.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import neo4j, { initCore } from 'neo4j-wasm/init';
import { observe } from './scenario.mjs';

await initCore(await readFile(fileURLToPath(import.meta.resolve('neo4j-wasm/core.wasm'))));
console.log(JSON.stringify(await observe(neo4j, process.argv[2], 'node-init')));
