// The differential suite in Node: every scenario of tests/differential/scenarios.mjs runs with
// this package (lib/node.js, with its reactive entry lib/rx.js) and with the official
// neo4j-driver, both over TCP to kglite, and what the application saw must be the same (or
// differ exactly as documented).
import { test } from 'node:test';
import official from 'neo4j-driver';
import ours from '../../lib/node.js';
import '../../lib/rx.js';
import { scenarios, runScenario } from '../differential/scenarios.mjs';
import { compareObservations, uniqueTag } from '../differential/compare.mjs';
import { env, boltUri } from './support.mjs';

const uri = boltUri(env.NEO4J_WASM_KGLITE);
const authUri = boltUri(env.NEO4J_WASM_KGLITE_AUTH);
// Nothing listens on the discard port of the loopback address.
const unreachableUri = 'bolt://127.0.0.1:9';

scenarios.forEach((scenario, index) => {
  test(scenario.name, { timeout: 120_000 }, async () => {
    const tag = uniqueTag(index);
    const theirs = await runScenario(scenario, official, { uri, unreachableUri, authUri, tag: `${tag}-official`, peer: ours });
    const mine = await runScenario(scenario, ours, { uri, unreachableUri, authUri, tag: `${tag}-ours`, peer: official });
    compareObservations(scenario, theirs, mine, 'node');
  });
});
