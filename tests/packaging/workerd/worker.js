// A Cloudflare Worker importing the package as on Cloudflare (the `workerd` condition, the
// .wasm imported as a compiled module): answers a request with the scenario's outcome, run
// against the server in `?uri=` over an outbound WebSocket.
import neo4j from 'neo4j-wasm';
import { observe } from '../scenario.mjs';

export default {
  async fetch(request) {
    return Response.json(await observe(neo4j, new URL(request.url).searchParams.get('uri'), 'workerd'));
  },
};
