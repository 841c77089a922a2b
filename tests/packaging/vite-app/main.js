// The app's entry: runs the scenario against the server in `?uri=` and leaves its outcome (a
// promise) in window.observation for the test.
import neo4j from 'neo4j-wasm';
import { observe } from '../scenario.mjs';

window.observation = observe(neo4j, new URLSearchParams(location.search).get('uri'), 'vite');
