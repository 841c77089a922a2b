// Routing drivers (neo4j://) against kglite, whose routing table names one server for every
// role: over TCP (a kglite that advertises its own TCP address) and over WebSocket (one that
// advertises its websockify bridge). Cluster behaviour (failover, leader changes, expiry) is
// covered by tests/js/cluster.test.mjs and the core's tests, on simulated clusters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, openDriver, boltUri, OVER_WEBSOCKET } from './support.mjs';

const TIMEOUT = { timeout: 60_000 };
const routed = boltUri(env.NEO4J_WASM_KGLITE_ROUTED, 'neo4j');

test('reads and writes go through the routing table over TCP', TIMEOUT, async () => {
  const driver = openDriver(`${routed}?region=test`);
  const tag = `routed${Date.now()}`;
  await driver.executeQuery('CREATE (:Routed {tag: $tag})', { tag });
  const { records } = await driver.executeQuery('MATCH (n:Routed {tag: $tag}) RETURN count(n) AS n', { tag },
    { routing: neo4j.routing.READ });
  assert.equal(records[0].get('n').toNumber(), 1);
  const info = await driver.getServerInfo();
  assert.equal(info.address, env.NEO4J_WASM_KGLITE_ROUTED);
  await driver.verifyConnectivity();
});

test('sessions read and write through the routing table over WebSocket', TIMEOUT, async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_WS, 'neo4j'), undefined, OVER_WEBSOCKET);
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const n = await session.executeWrite(async (tx) => (await tx.run('RETURN 41 + 1 AS n')).records[0].get('n'));
    assert.equal(n.toNumber(), 42);
    const { records } = await session.run('RETURN "read" AS mode');
    assert.equal(records[0].get('mode'), 'read');
  } finally {
    await session.close();
  }
});

test('the resolver turns the URI address into the routers to try', TIMEOUT, async () => {
  const asked = [];
  const driver = openDriver('neo4j://cluster.invalid', undefined, {
    resolver: async (address) => {
      asked.push(address);
      return [env.NEO4J_WASM_KGLITE_ROUTED];
    },
  });
  const { records } = await driver.executeQuery('RETURN 1 AS one');
  assert.equal(records[0].get('one').toNumber(), 1);
  assert.deepEqual(asked, ['cluster.invalid:7687']);
});

test('when no router answers, the error names each router tried and why', TIMEOUT, async () => {
  const driver = openDriver('neo4j://127.0.0.1:1', undefined, { resolver: () => ['127.0.0.1:2', '127.0.0.1'] });
  await assert.rejects(driver.verifyConnectivity(), (error) => {
    assert.equal(error.code, 'ServiceUnavailable');
    assert.equal(error.retriable, true);
    assert.match(error.message, /routing table for the home database: tried 127\.0\.0\.1:2 \(.+\), 127\.0\.0\.1:7687 \(.+\)/);
    return true;
  });
});

test('a resolver that is not a function and a routing context on bolt:// are refused', () => {
  assert.throws(() => neo4j.driver(routed, undefined, { resolver: ['a:7687'] }), /config resolver must be a function/);
  assert.throws(() => neo4j.driver(`${boltUri(env.NEO4J_WASM_KGLITE_ROUTED)}?region=test`), /routing context|query/i);
});
