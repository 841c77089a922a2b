// A CommonJS script requiring the installed package (Node's require of an ES module): prints
// the scenario's observation, and what `require` returned, as JSON. Argument: the bolt:// URI.
const neo4j = require('neo4j-wasm');

import('./scenario.mjs')
  .then(({ observe }) => observe(neo4j, process.argv[2], 'node-cjs'))
  .then((observation) => {
    const required = { driver: typeof neo4j.driver, defaultDriver: typeof neo4j.default?.driver };
    console.log(JSON.stringify({ ...observation, required }));
  });
