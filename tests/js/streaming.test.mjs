// Results read batch by batch (`session.stream`, `tx.stream`) against kglite: large results
// in bounded batches, early consume, and records kept readable across COMMIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, openDriver, boltUri } from './support.mjs';

const uri = boltUri(env.NEO4J_WASM_KGLITE);
const none = { scheme: 'none' };

test('100 000 rows arrive in batches of fetchSize, in order', async () => {
  const driver = openDriver(uri, none, { fetchSize: 1000 });
  const session = driver.session();
  try {
    const stream = await session.stream('UNWIND range(1, 100000) AS i RETURN i', {});
    assert.deepEqual(stream.keys(), ['i']);
    let expected = 1;
    let batches = 0;
    for (let batch = await stream.nextBatch(); batch !== null; batch = await stream.nextBatch()) {
      assert.ok(batch.length <= 1000, `a batch of ${batch.length}`);
      for (const [i] of batch) assert.equal(i, expected++);
      batches += 1;
    }
    assert.equal(expected, 100001);
    assert.ok(batches >= 100, `${batches} batches`);
    const summary = await stream.consume();
    assert.equal(summary.type, 'r');
  } finally {
    await session.close();
  }
});

test('fetchSize -1 fetches everything with one PULL', async () => {
  const session = openDriver(uri, none, {}).session({ fetchSize: -1 });
  try {
    const stream = await session.stream('UNWIND range(1, 5000) AS i RETURN i', {});
    const first = await stream.nextBatch();
    assert.equal(first.length, 5000);
    assert.equal(await stream.nextBatch(), null);
  } finally {
    await session.close();
  }
});

test('consume after one batch discards the rest; the connection is reused for the next query', async () => {
  const driver = openDriver(uri, none, { fetchSize: 10, maxConnectionPoolSize: 1, connectionAcquisitionTimeout: 10000 });
  const session = driver.session();
  try {
    const stream = await session.stream('UNWIND range(1, 1000) AS i RETURN i', {});
    assert.equal((await stream.nextBatch()).length, 10);
    const summary = await stream.consume();
    assert.deepEqual(summary.fields, ['i']);
    assert.equal(await stream.nextBatch(), null, 'nothing left after consume');
    // With a pool of one, this only works if the first connection went back clean.
    assert.deepEqual((await session.run('RETURN 7 AS n', {})).records, [[7]]);
  } finally {
    await session.close();
  }
});

test('records of a transaction not read before COMMIT stay readable after it', async () => {
  const session = openDriver(uri, none, { fetchSize: 3 }).session();
  try {
    const tx = await session.beginTransaction();
    const stream = await tx.stream('UNWIND range(1, 20) AS i RETURN i', {});
    await tx.commit();
    const seen = [];
    for (let batch = await stream.nextBatch(); batch !== null; batch = await stream.nextBatch()) {
      seen.push(...batch.map(([i]) => i));
    }
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, k) => k + 1));
  } finally {
    await session.close();
  }
});

test('a query failing at run time rejects with the server error; the session goes on', async () => {
  const session = openDriver(uri, none, { fetchSize: 5 }).session();
  try {
    // The division by zero comes at row 11; kglite reports it when the query runs, other
    // servers while streaming: either way the error must reach the reader.
    await assert.rejects(async () => {
      const stream = await session.stream('UNWIND range(10, -10, -1) AS i RETURN 100 / i AS q', {});
      for (let b = await stream.nextBatch(); b !== null; b = await stream.nextBatch());
    }, (e) => e.name === 'Neo4jError' && /division by zero/.test(e.message) && e.code.startsWith('Neo.'));
    assert.deepEqual((await session.run('RETURN 1 AS one', {})).records, [[1]]);
  } finally {
    await session.close();
  }
});
