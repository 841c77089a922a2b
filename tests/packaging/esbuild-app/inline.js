// The package's inlined entry: the bundle carries the WebAssembly, with nothing to copy.
// Leaves the scenario's outcome in window.observation.
import neo4j from 'neo4j-wasm/inline';
import { observe } from '../scenario.mjs';

window.observation = observe(neo4j, new URLSearchParams(location.search).get('uri'), 'esbuild-inline');
