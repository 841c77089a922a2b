import official from 'neo4j-driver';
import { runScenario } from '../differential/scenarios.mjs';
import { scenarios, AUTH } from './scenarios.mjs';
import { play } from './play.mjs';
const only = process.argv[2];
const which = process.argv[3] === 'ours' ? (await import('../../lib/node.js')).default : official;
const short = (k, v) => {
  if (v && typeof v === 'object' && 'type' in v && 'value' in v && Object.keys(v).length === 2) return `${v.type}:${v.value}`;
  if (v && typeof v === 'object' && v.isNeo4jError !== undefined) return { code: v.code, msg: v.message, gql: v.gqlStatus, cls: v.classification, retriable: v.retriable, diag: v.diagnosticRecord, desc: v.gqlStatusDescription, cause: v.cause };
  return v;
};
for (const scenario of scenarios) {
  if (only && !scenario.name.includes(only)) continue;
  const r = await play(scenario, (uri, address) => runScenario(scenario, which, { uri, tag: address, auth: AUTH }));
  console.log('=== ' + scenario.name, 'stub', r.stub.code);
  if (r.stub.code !== 0) console.log(r.stub.stderr);
  console.log(JSON.stringify(r.observation, short, 1).replace(/\n\s*/g, ' ').slice(0, 5000));
}
