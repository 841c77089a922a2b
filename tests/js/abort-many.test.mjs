// Thousands of queries aborted as they start, in a row, on a pool of one connection against
// kglite: each rejects with its reason, none leaves a place of the pool taken, and the driver
// answers the next query and closes cleanly afterwards (once, this overflowed the stack in the
// core: every aborted run left a waiter behind in the pool).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, openDriver, boltUri, OVER_WEBSOCKET } from './support.mjs';

/** How many runs are aborted in a row: more than the 4 000 that once broke the driver. */
const ABORTED_RUNS = 6000;

for (const [name, address, config] of [
  ['TCP', env.NEO4J_WASM_KGLITE, {}],
  ['WebSocket', env.NEO4J_WASM_KGLITE_WS, OVER_WEBSOCKET],
]) {
  test(`${name}: ${ABORTED_RUNS} runs aborted as they start leave the pool as it was`, async () => {
    const driver = openDriver(boltUri(address), neo4j.auth.none(),
      { maxConnectionPoolSize: 1, connectionAcquisitionTimeout: 20_000, ...config });
    const session = driver.session();
    try {
      for (let i = 0; i < ABORTED_RUNS; i += 1) {
        const controller = new AbortController();
        const result = session.run('RETURN $i AS i', { i }, { signal: controller.signal });
        controller.abort();
        await assert.rejects(result, (error) => error === controller.signal.reason);
      }
      const { records } = await session.run('RETURN 42 AS answer');
      assert.equal(records[0].get('answer').toNumber(), 42);
      // Every place of the pool is free: a second session gets the one connection too.
      const other = driver.session();
      try {
        assert.equal((await other.run('RETURN 1 AS one')).records[0].get('one').toNumber(), 1);
      } finally {
        await other.close();
      }
    } finally {
      await session.close();
    }
    await driver.close();
  });
}
