// The scenario with the installed package in Node, Deno or Bun (`import neo4j from 'neo4j-wasm'`
// as an ES module); prints what it saw as JSON. Arguments: the server's bolt:// URI, `tcp` or
// `websocket` (the runtime's global WebSocket), and the name to store on the nodes it creates.
import neo4j from 'neo4j-wasm';
import { observe } from './scenario.mjs';

const [uri, transport, via] = process.argv.slice(2);
const config = transport === 'websocket' ? { webSocket: globalThis.WebSocket } : {};
console.log(JSON.stringify(await observe(neo4j, uri, via, config)));
