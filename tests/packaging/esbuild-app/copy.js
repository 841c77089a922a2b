// The package's main entry; the build copies its .wasm next to the bundle, where the bundle
// looks for it. Leaves the scenario's outcome in window.observation.
import neo4j from 'neo4j-wasm';
import { observe } from '../scenario.mjs';

window.observation = observe(neo4j, new URLSearchParams(location.search).get('uri'), 'esbuild-copy');
