// The app's entry: runs the observation against the server in `?uri=` and leaves its outcome
// (a promise) in window.observation for the test.
import neo4j from 'neo4j-wasm';
import { observe } from '../observe.mjs';

const uri = new URLSearchParams(location.search).get('uri');
window.observation = observe(neo4j, uri, 'vite').catch((e) => ({ error: `${e.name}: ${e.message}` }));
