// How the driver reaches servers in Node: TCP by default, TLS as the URI scheme or the config
// says (neo4j-driver's rules), and a WebSocket when the config gives a constructor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { neo4j, env, openDriver, boltUri, retryFalkordbStall, FALKORDB_CONFIG, OVER_WEBSOCKET, TEST_AUTH } from './support.mjs';

const none = neo4j.auth.none();
/** The self-signed certificate of the TLS server (CN=localhost, IP 127.0.0.1): its own CA. */
const CA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.tools/tls/cert.pem');
const CUSTOM_CA = { encrypted: true, trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: [CA] };

test('over WebSocket (config webSocket): queries, errors, transactions and server info', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_WS), none, OVER_WEBSOCKET);
  assert.match((await driver.getServerInfo()).agent, /^kglite-bolt-server\//);
  const session = driver.session();
  try {
    const tag = `ws${Date.now()}${Math.random()}`;
    await session.run('CREATE (:WsTest {tag: $tag})', { tag });
    const counted = await session.run('MATCH (n:WsTest {tag: $tag}) RETURN count(n) AS n', { tag });
    assert.deepEqual(counted.records.map((r) => r.toObject()), [{ n: neo4j.int(1) }]);
    await assert.rejects(session.run('RETRUN 1'), { code: 'Neo.ClientError.Statement.SyntaxError' });
    const value = await session.executeWrite(async (tx) => (await tx.run('RETURN $x AS x', { x: 'ws' })).records[0].get('x'));
    assert.equal(value, 'ws');
  } finally {
    await session.close();
  }
});

test('over WebSocket: basic auth, and FalkorDB through websockify', async () => {
  const auth = neo4j.auth.basic(TEST_AUTH.user, TEST_AUTH.password);
  await openDriver(boltUri(env.NEO4J_WASM_KGLITE_AUTH_WS), auth, OVER_WEBSOCKET).verifyConnectivity();
  const falkordb = openDriver(boltUri(env.NEO4J_WASM_FALKORDB_WS), none, { ...FALKORDB_CONFIG, ...OVER_WEBSOCKET });
  assert.equal((await retryFalkordbStall(() => falkordb.getServerInfo())).protocolVersion.toString(), '5.7');
});

test('over WebSocket: a closed port gives ServiceUnavailable naming the ws:// URL tried', async () => {
  const driver = openDriver('bolt://127.0.0.1:9', none, OVER_WEBSOCKET);
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    assert.equal(e.code, 'ServiceUnavailable');
    assert.match(e.message, /could not open a WebSocket to ws:\/\/127\.0\.0\.1:9/);
    return true;
  });
});

test('bolt+ssc:// connects over TLS to a server with a self-signed certificate', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_TLS, 'bolt+ssc'), none);
  assert.equal(driver.isEncrypted(), true);
  const session = driver.session();
  try {
    assert.deepEqual((await session.run('RETURN 1 AS one')).records[0].get('one'), neo4j.int(1));
  } finally {
    await session.close();
  }
});

test('bolt+s:// refuses a self-signed certificate: ServiceUnavailable with the reason and the address', async () => {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_TLS, 'bolt+s'), none);
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    assert.equal(e.code, 'ServiceUnavailable');
    assert.ok(e.message.includes(`could not connect to ${env.NEO4J_WASM_KGLITE_TLS} over TLS`), e.message);
    assert.match(e.message, /certificate is not trusted: self-signed certificate/);
    return true;
  });
});

test('encrypted with TRUST_CUSTOM_CA_SIGNED_CERTIFICATES trusts the CAs of trustedCertificates', async () => {
  for (const host of ['localhost', '127.0.0.1']) {
    const address = env.NEO4J_WASM_KGLITE_TLS.replace('127.0.0.1', host);
    const driver = openDriver(`bolt://${address}`, none, CUSTOM_CA);
    assert.equal(driver.isEncrypted(), true);
    const session = driver.session();
    try {
      assert.equal((await session.run('RETURN $host AS host', { host })).records[0].get('host'), host);
    } finally {
      await session.close();
    }
  }
});

test('a trustedCertificates file that cannot be read is a configuration error naming it', async () => {
  const missing = path.join(path.dirname(CA), 'missing.pem');
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE_TLS), none, { ...CUSTOM_CA, trustedCertificates: [missing] });
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    // A plain Error, as neo4j-driver's: a mistake of the application, never worth retrying.
    assert.equal(e.name, 'Error');
    assert.equal(neo4j.isRetryableError(e), false);
    assert.ok(e.message.includes(missing), e.message);
    return true;
  });
});

test('encryption set in both the URI and the config is an error; isEncrypted says what was chosen', () => {
  const driver = (uri, config) => neo4j.driver(uri, none, config);
  assert.throws(() => driver('bolt+s://localhost', { encrypted: true }), /either through the URI .* or through the config .* not both/);
  assert.throws(() => driver('neo4j+ssc://localhost', { trust: 'TRUST_ALL_CERTIFICATES' }), /not both/);
  assert.throws(() => driver('bolt+s://localhost', { encrypted: false }), /not both/);
  assert.equal(driver('bolt://localhost', {}).isEncrypted(), false);
  assert.equal(driver('bolt+s://localhost', {}).isEncrypted(), true);
  assert.equal(driver('bolt://localhost', { encrypted: 'ENCRYPTION_ON' }).isEncrypted(), true);
  assert.equal(driver('bolt://localhost', { encrypted: 'ENCRYPTION_OFF', trust: 'TRUST_ALL_CERTIFICATES' }).isEncrypted(), false);
  assert.throws(() => driver('bolt://localhost', { encrypted: 'yes' }), /encrypted must be true, false, 'ENCRYPTION_ON' or 'ENCRYPTION_OFF'/);
  assert.throws(() => driver('bolt://localhost', { encrypted: true, trust: 'TRUST_NOBODY' }), /config trust must be/);
  assert.throws(() => driver('bolt://localhost', { encrypted: true, trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES' }),
    /needs config trustedCertificates/);
});

test('over WebSocket, accepting any certificate or custom CAs is refused when the driver is made', () => {
  const driver = (uri, config) => neo4j.driver(uri, none, { ...OVER_WEBSOCKET, ...config });
  assert.throws(() => driver('bolt+ssc://localhost', {}), /accepting any certificate .* is not possible over a WebSocket/);
  assert.throws(() => driver('bolt://localhost', CUSTOM_CA), /trustedCertificates .* is not possible over a WebSocket/);
  assert.equal(driver('bolt+s://localhost', {}).isEncrypted(), true);
  assert.throws(() => driver('bolt://localhost', { webSocket: 'ws' }), /config webSocket must be a WebSocket constructor/);
});
