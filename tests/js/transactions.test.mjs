// Explicit and managed transactions against kglite, a server with real transactions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, openDriver, boltUri } from './support.mjs';

// Counts as numbers: the assertions read more clearly.
const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE), neo4j.auth.none(),
  { maxTransactionRetryTime: 5000, disableLosslessIntegers: true });
const tag = () => `t${Date.now()}${Math.random()}`;
/** What a transaction that can no longer be used says when it is used. */
const ENDED = /rolled back/;

async function count(t) {
  const session = driver.session();
  try {
    return (await session.run('MATCH (n:TxTest {tag: $t}) RETURN count(n) AS c', { t })).records[0].get('c');
  } finally {
    await session.close();
  }
}

test('a committed transaction is visible to other sessions; a rolled back one is not', async () => {
  const session = driver.session();
  try {
    const kept = tag();
    const tx = await session.beginTransaction();
    assert.ok(tx instanceof neo4j.Transaction);
    assert.equal(tx.isOpen(), true);
    await tx.run('CREATE (:TxTest {tag: $t})', { t: kept });
    await tx.run('CREATE (:TxTest {tag: $t})', { t: kept });
    const inside = await tx.run('MATCH (n:TxTest {tag: $t}) RETURN count(n) AS c', { t: kept });
    assert.deepEqual(inside.records.map((r) => r.toObject()), [{ c: 2 }], 'the transaction sees its own writes');
    await tx.commit();
    assert.equal(tx.isOpen(), false);
    assert.equal(await count(kept), 2);

    const dropped = tag();
    const tx2 = await session.beginTransaction({ timeout: 10000, metadata: { app: 'tests' } });
    await tx2.run('CREATE (:TxTest {tag: $t})', { t: dropped });
    await tx2.rollback();
    assert.equal(await count(dropped), 0, 'rollback really hides the write');
    await assert.rejects(tx2.run('RETURN 1'), ENDED);
  } finally {
    await session.close();
  }
});

test('a failing query ends the transaction, which is rolled back; the session goes on', async () => {
  const session = driver.session();
  try {
    const t = tag();
    const tx = await session.beginTransaction();
    await tx.run('CREATE (:TxTest {tag: $t})', { t });
    await assert.rejects(tx.run('RETRUN 1'), { code: 'Neo.ClientError.Statement.SyntaxError' });
    assert.equal(tx.isOpen(), false);
    await assert.rejects(tx.commit(), ENDED);
    assert.equal(await count(t), 0);
    assert.equal((await session.run('RETURN 1 AS one')).records[0].get('one'), 1);
  } finally {
    await session.close();
  }
});

test('executeWrite commits what the work did and returns its value', async () => {
  const session = driver.session();
  try {
    const t = tag();
    const value = await session.executeWrite(async (tx) => {
      assert.ok(tx instanceof neo4j.ManagedTransaction);
      await tx.run('CREATE (:TxTest {tag: $t})', { t });
      const r = await tx.run('MATCH (n:TxTest {tag: $t}) RETURN count(n) AS c', { t });
      return r.records[0].get('c');
    });
    assert.equal(value, 1);
    assert.equal(await count(t), 1);
  } finally {
    await session.close();
  }
});

test('executeRead rolls back and rethrows when the work fails, without retrying a permanent error', async () => {
  const session = driver.session();
  try {
    const t = tag();
    let calls = 0;
    await assert.rejects(session.executeWrite(async (tx) => {
      calls += 1;
      await tx.run('CREATE (:TxTest {tag: $t})', { t });
      throw new Error('the application changed its mind');
    }), /changed its mind/);
    assert.equal(calls, 1);
    assert.equal(await count(t), 0);
    await assert.rejects(session.executeRead((tx) => tx.run('RETRUN')), { code: 'Neo.ClientError.Statement.SyntaxError' });
  } finally {
    await session.close();
  }
});

test('a retryable failure is retried and the retry commits', async () => {
  const session = driver.session();
  try {
    const t = tag();
    let calls = 0;
    const value = await session.executeWrite(async (tx) => {
      calls += 1;
      await tx.run('CREATE (:TxTest {tag: $t})', { t });
      if (calls === 1) throw new neo4j.Neo4jError('deadlock, try again', 'Neo.TransientError.Transaction.DeadlockDetected');
      return 'done';
    });
    assert.equal(value, 'done');
    assert.equal(calls, 2);
    assert.equal(await count(t), 1, 'the failed attempt was rolled back, the retry committed');
  } finally {
    await session.close();
  }
});

test('bookmarks chain sessions: a later session can start from an earlier one\'s bookmarks', async () => {
  const writer = driver.session();
  try {
    await writer.executeWrite((tx) => tx.run('CREATE (:TxTest {tag: $t})', { t: tag() }));
    const bookmarks = writer.lastBookmarks();
    assert.ok(Array.isArray(bookmarks));
    const reader = driver.session({ bookmarks, defaultAccessMode: neo4j.session.READ });
    try {
      assert.equal((await reader.run('RETURN 1 AS one')).records[0].get('one'), 1);
    } finally {
      await reader.close();
    }
  } finally {
    await writer.close();
  }
  assert.throws(() => driver.session({ defaultAccessMode: 'READONLY' }), /neo4j.session.READ or neo4j.session.WRITE/);
});
