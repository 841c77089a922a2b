// Aborting work with an AbortSignal, against kglite: the work rejects with the signal's reason,
// the server's work ends, nothing aborted is committed, and the driver (a pool of one
// connection, so that the same connection must come back) runs the next query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, openDriver, boltUri, OVER_WEBSOCKET } from './support.mjs';
import { abortable } from '../../lib/abort.js';

/** Each transport, with the address of kglite over it. */
const TRANSPORTS = [
  ['TCP', { address: env.NEO4J_WASM_KGLITE, config: {} }],
  ['WebSocket', { address: env.NEO4J_WASM_KGLITE_WS, config: OVER_WEBSOCKET }],
];
/** A query that runs for a second or more on kglite before its one record. */
const SLOW = 'UNWIND range(1, 3000000) AS i WITH i WHERE i = -1 RETURN count(i) AS c';
/** A query with many records. */
const MANY = 'UNWIND range(1, 200000) AS i RETURN i';
const tag = () => `a${Date.now()}${Math.random()}`;

/** A driver with one connection, so that every query needs the one before to give it back. */
function driverOver({ address, config } = TRANSPORTS[0][1]) {
  return openDriver(boltUri(address), neo4j.auth.none(),
    { maxConnectionPoolSize: 1, disableLosslessIntegers: true, ...config });
}

/** The rejection of `promise`, which must reject. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** How many AbortTest nodes carry tag `t`. */
async function count(driver, t) {
  const { records } = await driver.executeQuery('MATCH (n:AbortTest {tag: $t}) RETURN count(n) AS c', { t });
  return records[0].get('c');
}

for (const [name, transport] of TRANSPORTS) {
  test(`${name}: a result aborted while it streams rejects with the reason; its session goes on`, async () => {
    const driver = driverOver(transport);
    const session = driver.session({ fetchSize: 100 });
    try {
      const controller = new AbortController();
      const result = session.run(MANY, {}, { signal: controller.signal });
      let read = 0;
      const error = await rejection((async () => {
        for await (const record of result) {
          assert.equal(record.get('i'), read + 1);
          read += 1;
          if (read === 150) controller.abort();
        }
      })());
      assert.equal(error, controller.signal.reason);
      assert.equal(error.name, 'AbortError');
      assert.equal(read, 150, 'no record is read after the abort');
      assert.equal(await rejection(result.summary()), error);
      assert.equal(result.isOpen(), false);
      const { records } = await session.run('RETURN 42 AS x');
      assert.equal(records[0].get('x'), 42);
    } finally {
      await session.close();
    }
  });

  test(`${name}: executeQuery aborted while the server works rejects with the reason`, async () => {
    const driver = driverOver(transport);
    const controller = new AbortController();
    const reason = new Error('the user went away');
    const running = driver.executeQuery(SLOW, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 100);
    assert.equal(await rejection(running), reason);
    const { records } = await driver.executeQuery('RETURN 1 AS one');
    assert.equal(records[0].get('one'), 1);
  });
}

test('an aborted signal rejects at once, before anything is sent', async () => {
  const driver = driverOver();
  const controller = new AbortController();
  controller.abort();
  const { reason } = controller.signal;
  const session = driver.session();
  try {
    assert.equal(await rejection(session.run('RETURN 1', {}, { signal: controller.signal })), reason);
    assert.equal(await rejection(driver.executeQuery('RETURN 1', {}, { signal: controller.signal })), reason);
    assert.equal(await rejection(session.executeRead(() => assert.fail('no work runs'), { signal: controller.signal })), reason);
    const tx = session.beginTransaction({ signal: controller.signal });
    assert.equal(await rejection(tx), reason);
    assert.equal(await rejection(tx.run('RETURN 1')), reason);
    assert.equal((await session.run('RETURN 1 AS one')).records[0].get('one'), 1);
  } finally {
    await session.close();
  }
});

test('executeWrite aborted while its work runs is not retried and writes nothing', async () => {
  const driver = driverOver();
  const session = driver.session();
  const t = tag();
  try {
    const controller = new AbortController();
    let tries = 0;
    const error = await rejection(session.executeWrite(async (tx) => {
      tries += 1;
      await tx.run('CREATE (:AbortTest {tag: $t})', { t });
      controller.abort();
      await tx.run('CREATE (:AbortTest {tag: $t})', { t });
    }, { signal: controller.signal }));
    assert.equal(error, controller.signal.reason);
    assert.equal(tries, 1);
    assert.equal(await count(driver, t), 0);
  } finally {
    await session.close();
  }
});

test('an explicit transaction aborted is rolled back; its queries and commit give the reason', async () => {
  const driver = driverOver();
  const session = driver.session();
  const t = tag();
  try {
    const controller = new AbortController();
    const tx = await session.beginTransaction({ signal: controller.signal });
    await tx.run('CREATE (:AbortTest {tag: $t})', { t });
    const streaming = tx.run(MANY);
    controller.abort();
    const { reason } = controller.signal;
    assert.equal(await rejection(streaming), reason);
    assert.equal(tx.isOpen(), false);
    assert.equal(await rejection(tx.run('RETURN 1')), reason);
    assert.equal(await rejection(tx.commit()), reason);
    await tx.rollback();
    assert.equal(await count(driver, t), 0);
    const next = await session.beginTransaction();
    await next.run('CREATE (:AbortTest {tag: $t})', { t });
    await next.commit();
    assert.equal(await count(driver, t), 1, 'the session begins a new transaction');
  } finally {
    await session.close();
  }
});

test('a signal that is not an AbortSignal is a TypeError', () => {
  const session = driverOver().session();
  for (const signal of [true, {}, 'abort']) {
    assert.throws(() => session.run('RETURN 1', {}, { signal }), TypeError);
    assert.throws(() => session.beginTransaction({ signal }), TypeError);
  }
  return session.close();
});

test('the promise that tells the core of an abort settles once the work is done, aborted or not', { timeout: 10_000 }, async () => {
  // The core listens to it; a promise that never settled kept the core's handlers (and what
  // they hold) alive after every call made with a signal.
  for (const outcome of [Promise.resolve('done'), Promise.reject(new Error('failed'))]) {
    let told;
    const work = abortable(new AbortController().signal, (aborted) => {
      told = aborted;
      return outcome;
    });
    await work.catch(() => {});
    assert.equal(await told, undefined);
  }
});
