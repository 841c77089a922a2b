// Routing on a simulated causal cluster of stub servers (tests/cluster/scenarios.mjs), in Node
// over TCP and over WebSocket: each scenario gets a fresh cluster, stopped after it.
import { test } from 'node:test';
import { neo4j, OVER_WEBSOCKET } from './support.mjs';
import { startCluster } from '../../scripts/stub.mjs';
import { CLUSTER, scenarios } from '../cluster/scenarios.mjs';

const TRANSPORTS = { TCP: {}, WebSocket: OVER_WEBSOCKET };

for (const [transport, config] of Object.entries(TRANSPORTS)) {
  for (const scenario of scenarios) {
    test(`${scenario.name} (${transport})`, { timeout: 60_000 }, async () => {
      const cluster = await startCluster(scenario.cluster ?? CLUSTER);
      try {
        await scenario.run({ neo4j, cluster, config });
      } finally {
        await cluster.stop();
      }
    });
  }
}
