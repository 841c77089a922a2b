// Node running the browser build through neo4j-wasm/init: the core loaded from the bytes of
// neo4j-wasm/core.wasm, then the scenario over WebSocket (the browser build has no TCP); prints
// what it saw as JSON. Arguments: the URI of the server's WebSocket bridge; or a bolt:// URI
// and `refused`, to print the message of the error that making a driver throws
// (`{ refused: message }`) when there is no global WebSocket.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import neo4j, { initCore } from 'neo4j-wasm/init';
import { observe } from './scenario.mjs';

await initCore(await readFile(fileURLToPath(import.meta.resolve('neo4j-wasm/core.wasm'))));
if (process.argv[3] === 'refused') {
  try {
    await neo4j.driver(process.argv[2], neo4j.auth.none()).close();
    console.log(JSON.stringify({ refused: null }));
  } catch (e) {
    console.log(JSON.stringify({ refused: e.message }));
  }
} else {
  console.log(JSON.stringify(await observe(neo4j, process.argv[2], 'node-init')));
}
