// Authentication beyond the driver's fixed token: session auth (LOGOFF/LOGON on a pooled
// connection), auth token managers (getToken, handleSecurityException and the retry it
// allows), and verifyAuthentication; against kglite with basic auth and the scripted stub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { neo4j, env, openDriver, boltUri, TEST_AUTH } from './support.mjs';
import { startStub } from '../../scripts/stub.mjs';

const { basic, bearer } = neo4j.auth;
const GOOD = basic(TEST_AUTH.user, TEST_AUTH.password);
const WRONG_PASSWORD = 'not-the-password-2718';
const WRONG = basic(TEST_AUTH.user, WRONG_PASSWORD);

const AGENT = `neo4j-wasm/${createRequire(import.meta.url)('../../package.json').version}`;
const HELLO_5 = `C: HELLO {"user_agent": "${AGENT}", "bolt_agent": {"product": "${AGENT}", "language": "JavaScript"}}`;
const TIMEOUT = { timeout: 20_000 };

const kglite = () => boltUri(env.NEO4J_WASM_KGLITE_AUTH);

/** Runs `body(stub)` against a stub serving `script`, then requires it to have gone as scripted. */
async function withStub(script, body) {
  const stub = await startStub(script, { timeout: 12 });
  try {
    await body(stub);
  } catch (error) {
    const { stderr } = await stub.stop();
    if (stderr) error.message += `\nbolt-stub said:\n${stderr}`;
    throw error;
  }
  const { code, signal, stderr } = await stub.done;
  assert.equal(code, 0, `bolt-stub exited with ${signal ?? code}:\n${stderr}`);
}

test('kglite: a session with a wrong password fails with Unauthorized; the driver\'s sessions keep working', async () => {
  const driver = openDriver(kglite(), GOOD, { maxConnectionPoolSize: 1 });
  const run = async (config) => {
    const session = driver.session(config);
    try {
      return (await session.run('RETURN 1 AS one')).records.map((r) => r.toObject());
    } finally {
      await session.close();
    }
  };
  const ONE = [{ one: neo4j.int(1) }];
  assert.deepEqual(await run({}), ONE);
  await assert.rejects(run({ auth: WRONG }), (e) => {
    assert.equal(e.code, 'Neo.ClientError.Security.Unauthorized');
    assert.ok(!e.message.includes(WRONG_PASSWORD) && !e.stack.includes(WRONG_PASSWORD));
    return true;
  });
  assert.deepEqual(await run({ auth: GOOD }), ONE);
  assert.deepEqual(await run({}), ONE);
});

test('kglite: verifyAuthentication is true for accepted credentials, false for refused ones', async () => {
  const driver = openDriver(kglite(), GOOD);
  assert.equal(await driver.verifyAuthentication(), true);
  assert.equal(await driver.verifyAuthentication({ auth: GOOD }), true);
  assert.equal(await driver.verifyAuthentication({ auth: WRONG }), false);
  const wrongDriver = openDriver(kglite(), WRONG);
  assert.equal(await wrongDriver.verifyAuthentication(), false);
  assert.equal(await wrongDriver.verifyAuthentication({ auth: GOOD }), true);
  // The driver's own connections were never touched.
  const session = driver.session();
  try {
    assert.deepEqual((await session.run('RETURN 2 AS two')).records[0].get('two'), neo4j.int(2));
  } finally {
    await session.close();
  }
});

test('verifyAuthentication rejects when the server cannot be reached', async () => {
  const driver = openDriver('bolt://127.0.0.1:9', GOOD);
  await assert.rejects(driver.verifyAuthentication({ auth: GOOD }), (e) => e.code === 'ServiceUnavailable');
});

test('verifyAuthentication refuses a database that is not a string, naming it', async () => {
  const driver = openDriver('bolt://127.0.0.1:9', GOOD);
  await assert.rejects(driver.verifyAuthentication({ database: 42 }), { message: "verifyAuthentication's database must be a string" });
});

test('kglite: an auth token manager is asked for tokens, and a handled security error is retried', async () => {
  const calls = [];
  let token = WRONG;
  const manager = {
    getToken: async () => { calls.push('getToken'); return token; },
    handleSecurityException: (refused, code) => {
      calls.push(`handle ${refused.credentials === WRONG_PASSWORD ? 'wrong' : 'good'} ${code}`);
      token = GOOD;
      return true;
    },
  };
  const driver = openDriver(kglite(), manager);
  const session = driver.session();
  try {
    const value = await session.executeWrite(async (tx) => (await tx.run('RETURN 3 AS three')).records[0].get('three'));
    assert.deepEqual(value, neo4j.int(3));
  } finally {
    await session.close();
  }
  assert.deepEqual(calls, ['getToken', 'handle wrong Neo.ClientError.Security.Unauthorized', 'getToken']);
});

test('an auth token manager that does not handle the error: no retry', async () => {
  let asked = 0;
  const manager = { getToken: () => { asked += 1; return WRONG; }, handleSecurityException: () => false };
  const session = openDriver(kglite(), manager).session();
  try {
    await assert.rejects(session.executeRead((tx) => tx.run('RETURN 1')),
      (e) => e.code === 'Neo.ClientError.Security.Unauthorized' && e.retriable === false);
    assert.equal(asked, 1);
  } finally {
    await session.close();
  }
});

test('Bolt 5.4 stub: session auth switches a pooled connection with LOGOFF/LOGON, and back', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  ${HELLO_5}
  C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "secret"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: LOGOFF
     LOGON {"scheme": "bearer", "credentials": "alice-token"}
  S: SUCCESS {}
     SUCCESS {}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: LOGOFF
     LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "secret"}
  S: SUCCESS {}
     SUCCESS {}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     RECORD [2]
     SUCCESS {"type": "r"}
  C?: GOODBYE
`, async (stub) => {
  const driver = neo4j.driver(stub.url, basic('neo4j', 'secret'), { maxConnectionPoolSize: 1 });
  try {
    await driver.verifyConnectivity();
    assert.equal(await driver.supportsSessionAuth(), true);
    const alice = driver.session({ auth: bearer('alice-token') });
    assert.deepEqual((await alice.run('RETURN 1')).records.map((r) => r.toObject()), [{ 1: neo4j.int(1) }]);
    await alice.close();
    const own = driver.session();
    assert.deepEqual((await own.run('RETURN 2')).records.map((r) => r.toObject()), [{ 2: neo4j.int(2) }]);
    await own.close();
  } finally {
    await driver.close();
  }
}));

test('Bolt 5.0 stub: session auth is refused, naming the Bolt version', TIMEOUT, () => withStub(`
  S: BOLT 5.0
  C?: GOODBYE
`, async (stub) => {
  const driver = neo4j.driver(stub.url, basic('neo4j', 'secret'));
  try {
    const session = driver.session({ auth: bearer('alice-token') });
    await assert.rejects(session.run('RETURN 1'), (e) => {
      assert.match(e.message, /session auth needs Bolt 5\.1 or later.*Bolt 5\.0.*supportsSessionAuth\(\) is false/);
      assert.ok(!e.message.includes('alice-token'));
      return true;
    });
    await session.close();
  } finally {
    await driver.close();
  }
}));

test('Bolt 5.4 stub: a TokenExpired failure is handled by the manager and the work retried with its new token', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  ${HELLO_5}
  C: LOGON {"scheme": "bearer", "credentials": "token-1"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: BEGIN
  S: FAILURE {"code": "Neo.ClientError.Security.TokenExpired", "message": "the token expired"}
  C: RESET
  S: SUCCESS {}
  # A connection whose credentials were refused is closed; the retry opens a new one.
  C?: GOODBYE
  ---
  S: BOLT 5.4
  ${HELLO_5}
  C: LOGON {"scheme": "bearer", "credentials": "token-2"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: BEGIN
  S: SUCCESS {}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm:1"}
  C?: GOODBYE
`, async (stub) => {
  let generation = 1;
  const handled = [];
  const manager = {
    getToken: () => Promise.resolve(bearer(`token-${generation}`)),
    handleSecurityException: (token, code) => {
      handled.push([token.credentials, code]);
      generation += 1;
      return true;
    },
  };
  const driver = neo4j.driver(stub.url, manager, { maxConnectionPoolSize: 1 });
  try {
    const session = driver.session();
    const value = await session.executeWrite(async (tx) => (await tx.run('RETURN 1')).records[0].get('1'));
    assert.deepEqual(value, neo4j.int(1));
    assert.deepEqual(handled, [['token-1', 'Neo.ClientError.Security.TokenExpired']]);
    await session.close();
  } finally {
    await driver.close();
  }
}));
