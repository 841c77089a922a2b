// The wire scenarios in Node (tests/wire/scenarios.mjs): each one is played by a fresh stub
// server to the official neo4j-driver and to this package, both over TCP. The official driver
// must follow the script (else the script is wrong), this package must too, and what the
// application saw must be the same (or differ exactly as documented).
// Node 20: node --experimental-websocket --test tests/js/wire.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import official from 'neo4j-driver';
import ours from '../../lib/node.js';
import { runScenario } from '../differential/scenarios.mjs';
import { compareObservations } from '../differential/compare.mjs';
import { scenarios, AUTH } from '../wire/scenarios.mjs';
import { play, offScript } from '../wire/play.mjs';

/** Plays `scenario` with the driver module `neo4j`. */
const playWith = (scenario, neo4j) => play(scenario,
  (uri, address) => runScenario(scenario, neo4j, { uri, tag: address, auth: AUTH }));

for (const scenario of scenarios) {
  test(scenario.name, { timeout: 60_000 }, async () => {
    const theirs = await playWith(scenario, official);
    assert.equal(theirs.stub.code, 0, offScript('the official driver', theirs.stub));
    const mine = await playWith(scenario, ours);
    assert.equal(mine.stub.code, 0, offScript('this package', mine.stub));
    compareObservations(scenario, theirs.observation, mine.observation);
  });
}
