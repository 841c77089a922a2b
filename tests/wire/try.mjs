// Plays wire scenarios with one driver and prints what happened, for writing new scenarios:
// the stub's report when the driver left the script (what it sent instead, and the
// conversation so far), then the observation (errors shortened to their main fields).
//
// Usage: node tests/wire/try.mjs [NAME_PART] [official|ours]   (default: every scenario, official)
import official from 'neo4j-driver';
import ours from '../../lib/node.js';
import { runScenario } from '../differential/scenarios.mjs';
import { scenarios, AUTH } from './scenarios.mjs';
import { play } from './play.mjs';

const [part = '', which = 'official'] = process.argv.slice(2);
const neo4j = { official, ours }[which];
if (!neo4j) {
  process.stderr.write('usage: node tests/wire/try.mjs [NAME_PART] [official|ours]\n');
  process.exit(2);
}

/** Shortens described values (`{type, value}`) and errors for reading. */
function brief(key, value) {
  if (value && typeof value === 'object' && 'type' in value && 'value' in value && Object.keys(value).length === 2) {
    return `${value.type}:${value.value}`;
  }
  if (value && typeof value === 'object' && 'isNeo4jError' in value) {
    const { type, code, message, gqlStatus, classification, retriable, diagnosticRecord, cause } = value;
    return { type, code, message, gqlStatus, classification, retriable, diagnosticRecord, cause };
  }
  return value;
}

for (const scenario of scenarios.filter((s) => s.name.includes(part))) {
  const { observation, stub } = await play(scenario,
    (uri, address) => runScenario(scenario, neo4j, { uri, tag: address, auth: AUTH }));
  console.log(`=== ${scenario.name} (${which}): the stub exited with ${stub.code}`);
  if (stub.code !== 0) console.log(stub.stderr);
  console.log(JSON.stringify(observation, brief, 1).replace(/\n\s*/g, ' '));
}
