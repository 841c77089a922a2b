// A Node ES module importing the installed package: prints the observation as JSON.
import neo4j from 'neo4j-wasm';
import { observe } from './observe.mjs';

console.log(JSON.stringify(await observe(neo4j, process.argv[2], 'node-esm')));
