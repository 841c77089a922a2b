// webpack's default entry, bundled with no config (`webpack --mode production`): the package's
// main entry, its .wasm emitted as an asset. Leaves the scenario's outcome in window.observation.
import neo4j from 'neo4j-wasm';
import { observe } from '../../scenario.mjs';

window.observation = observe(neo4j, new URLSearchParams(location.search).get('uri'), 'webpack');
