// The public API in Node, against real Bolt servers over TCP (Node's default transport;
// WebSocket and TLS: transport.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neo4j, env, openDriver, boltUri, retryFalkordbStall, FALKORDB_CONFIG, TEST_AUTH } from './support.mjs';

const none = neo4j.auth.none();

test('kglite: server info names the server and the negotiated Bolt version', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE), none);
  const info = await driver.getServerInfo();
  assert.ok(info instanceof neo4j.ServerInfo);
  assert.match(info.agent, /^kglite-bolt-server\//);
  assert.equal(info.protocolVersion.toString(), '5.4');
});

test('kglite: writes nodes and reads them back in one session', async () => {
  const session = openDriver(boltUri(env.NEO4J_WASM_KGLITE), none).session();
  try {
    const tag = `t${Date.now()}`;
    for (const [i, name] of ['Ada', 'Grace', 'Edsger'].entries()) {
      const created = await session.run('CREATE (p:Pioneer {name: $name, rank: $rank, tag: $tag}) RETURN p',
        { name, rank: neo4j.int(i), tag });
      assert.equal(created.records.length, 1);
      assert.deepEqual(created.records[0].keys, ['p']);
      const node = created.records[0].get('p');
      assert.ok(neo4j.isNode(node));
      assert.deepEqual(node.labels, ['Pioneer']);
      assert.equal(node.properties.name, name);
      assert.deepEqual(node.properties.rank, neo4j.int(i));
      assert.equal(typeof node.elementId, 'string');
      assert.equal(created.summary.counters.updates().nodesCreated, 1);
    }
    const read = await session.run('MATCH (p:Pioneer {tag: $tag}) RETURN p.name AS name, p.rank AS rank ORDER BY rank', { tag });
    assert.deepEqual(read.records.map((r) => r.keys), [['name', 'rank'], ['name', 'rank'], ['name', 'rank']]);
    assert.deepEqual(read.records.map((r) => r.toObject()),
      [{ name: 'Ada', rank: neo4j.int(0) }, { name: 'Grace', rank: neo4j.int(1) }, { name: 'Edsger', rank: neo4j.int(2) }]);
  } finally {
    await session.close();
  }
});

test('kglite: parameters and results round-trip every JSON-like type', async () => {
  const session = openDriver(boltUri(env.NEO4J_WASM_KGLITE), none).session();
  try {
    const value = { s: 'héllo ✓', f: 1.5, t: true, n: null, list: [1, 'two', [3]], map: { a: { b: 'c' } } };
    const { records: [record] } = await session.run('RETURN $v AS v, $big AS big', { v: value, big: 2n ** 60n });
    assert.deepEqual(record.get('v'), value);
    assert.deepEqual(record.get('big'), neo4j.int(2n ** 60n));
  } finally {
    await session.close();
  }
});

test('kglite: a server error is a Neo4jError and the session stays usable', async () => {
  const session = openDriver(boltUri(env.NEO4J_WASM_KGLITE), none).session();
  try {
    await assert.rejects(session.run('RETRUN 1'), (e) => {
      assert.ok(e instanceof neo4j.Neo4jError);
      assert.equal(e.name, 'Neo4jError');
      assert.equal(e.code, 'Neo.ClientError.Statement.SyntaxError');
      // Bolt 5.4 has no GQL diagnostic record: neo4j-driver classifies the error UNKNOWN.
      assert.equal(e.classification, 'UNKNOWN');
      assert.equal(e.retriable, false);
      return true;
    });
    assert.deepEqual((await session.run('RETURN 2 AS two')).records[0].get('two'), neo4j.int(2));
  } finally {
    await session.close();
  }
});

test('kglite with basic auth: wrong password is Unauthorized and never echoed', async () => {
  const secret = 'not-the-password-3141';
  const bad = openDriver(boltUri(env.NEO4J_WASM_KGLITE_AUTH), neo4j.auth.basic(TEST_AUTH.user, secret));
  await assert.rejects(bad.verifyConnectivity(), (e) => {
    assert.equal(e.code, 'Neo.ClientError.Security.Unauthorized');
    assert.ok(!e.message.includes(secret) && !e.stack.includes(secret));
    return true;
  });
  const good = openDriver(boltUri(env.NEO4J_WASM_KGLITE_AUTH), neo4j.auth.basic(TEST_AUTH.user, TEST_AUTH.password));
  await good.verifyConnectivity();
});

test('falkordb: a second server implementation answers on Bolt 5.7', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_FALKORDB), none, FALKORDB_CONFIG);
  const info = await retryFalkordbStall(() => driver.getServerInfo());
  assert.equal(info.protocolVersion.toString(), '5.7');
  const session = driver.session();
  try {
    const tag = `t${Date.now()}${Math.random()}`;
    const created = await retryFalkordbStall(() => session.run('CREATE (c:City {name: $name, tag: $tag}) RETURN c.name AS name', { name: 'Malmö', tag }));
    assert.deepEqual(created.records.map((r) => r.toObject()), [{ name: 'Malmö' }]);
    const counted = await session.run('MATCH (c:City {tag: $tag}) RETURN count(c) AS n', { tag });
    assert.deepEqual(counted.records.map((r) => r.toObject()), [{ n: neo4j.int(1) }]);
  } finally {
    await session.close();
  }
});

test('a closed port gives ServiceUnavailable naming the address tried and why', async () => {
  const driver = openDriver('bolt://127.0.0.1:9', none, { connectionTimeout: 20000 });
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    assert.equal(e.code, neo4j.error.SERVICE_UNAVAILABLE);
    assert.equal(e.retriable, true);
    assert.match(e.message, /could not connect to 127\.0\.0\.1:9 over TCP: connect ECONNREFUSED/);
    return true;
  });
});

test('bad URIs and config are rejected with a message saying what is accepted', () => {
  assert.throws(() => neo4j.driver('http://localhost', none), /unknown scheme 'http'.*bolt, bolt\+s/);
  assert.throws(() => neo4j.driver('bolt://localhost?policy=eu', none), /only allowed with neo4j:\/\//);
  assert.throws(() => neo4j.driver('bolt://localhost', none, { connectionTimeout: -1 }), /connectionTimeout/);
});

test('kglite (Bolt 5.4): what the protocol supports', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE), none);
  assert.equal(await driver.supportsMultiDb(), true);
  assert.equal(await driver.supportsTransactionConfig(), true);
  assert.equal(await driver.supportsUserImpersonation(), true);
  assert.equal(await driver.supportsSessionAuth(), true);
});

test('logging: pool events reach the logger at debug level, and credentials never do', async () => {
  const lines = [];
  const logging = { level: 'debug', logger: (level, message) => lines.push(`${level} ${message}`) };
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_AUTH), neo4j.auth.basic(TEST_AUTH.user, TEST_AUTH.password), { logging });
  await driver.verifyConnectivity();
  await driver.close();
  assert.ok(lines.some((l) => /^debug opened a connection to .*: Bolt 5\.4, server kglite/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^info closing the connection pool/.test(l)), lines.join('\n'));
  assert.ok(lines.every((l) => !l.includes(TEST_AUTH.password)));
  assert.throws(() => neo4j.driver('bolt://localhost', none, { logging: { level: 'verbose', logger: () => {} } }),
    /config logging must be/);
});
