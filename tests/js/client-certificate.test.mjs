// Client certificates for mutual TLS in Node (config clientCertificate): a throwaway CA, a server
// certificate and two client certificates made with the openssl command, and a node:tls server
// that requires a client certificate signed by that CA, records its subject, and forwards the
// plain bytes to kglite. Also: what a wrong certificate, file or password gives, and the refusal
// over a WebSocket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { neo4j, env, openDriver, OVER_WEBSOCKET } from './support.mjs';

const none = neo4j.auth.none();
const KEY_PASSWORD = 'key-password-5077';
const OTHER_KEY_PASSWORD = 'other-key-password-9213';
const WRONG_PASSWORD = 'wrong-password-4711';

let dir;
/** Path of a file in the temporary directory. */
const file = (name) => path.join(dir, name);

/** Runs openssl in the temporary directory; fails with what it printed. */
function openssl(...args) {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, `openssl ${args.join(' ')}: ${run.error?.message ?? run.stderr}`);
}

/** A key (encrypted with `password`, if given) and a certificate for `subject`, signed by the CA. */
function issue(name, subject, { password, extensions } = {}) {
  const key = password ? ['-passout', `pass:${password}`] : ['-noenc'];
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', ...key,
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  if (extensions) fs.writeFileSync(file(`${name}.ext`), extensions);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '1', '-out', `${name}.pem`, ...(extensions ? ['-extfile', `${name}.ext`] : []));
}

let server;
/** The TLS server's address. */
let address;
/** Subjects (CN) of the client certificates of the connections the TLS server accepted, in order. */
const subjects = [];
const sockets = new Set();

before(async () => {
  const version = spawnSync('openssl', ['version']);
  if (version.status !== 0) throw new Error('these tests need the openssl command, to make their certificates');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-mtls-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-noenc',
    '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=neo4j-wasm test CA');
  issue('server', '/CN=localhost', { extensions: 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' });
  issue('one', '/CN=client-one', { password: KEY_PASSWORD });
  issue('two', '/CN=client-two', { password: OTHER_KEY_PASSWORD });
  fs.writeFileSync(file('not-a-key.pem'), 'private-notes-6502\n');

  const [, kgliteHost, kglitePort] = /^(.*):(\d+)$/.exec(env.NEO4J_WASM_KGLITE);
  server = tls.createServer({
    key: fs.readFileSync(file('server.key')), cert: fs.readFileSync(file('server.pem')),
    ca: fs.readFileSync(file('ca.pem')), requestCert: true, rejectUnauthorized: true,
  }, (socket) => {
    subjects.push(socket.getPeerCertificate().subject.CN);
    const upstream = net.connect(Number(kglitePort), kgliteHost);
    for (const [from, to] of [[socket, upstream], [upstream, socket]]) {
      sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => { sockets.delete(from); to.destroy(); });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${server.address().port}`;
});

after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** TLS trusting the test CA, presenting `clientCertificate`, plus `config`. */
function mtlsConfig(clientCertificate, config = {}) {
  return {
    encrypted: true, trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: [file('ca.pem')],
    clientCertificate, ...config,
  };
}

/** The first client certificate, its key's password given for the whole certificate. */
const one = () => ({ certfile: file('one.pem'), keyfile: file('one.key'), password: KEY_PASSWORD });
/** The second one, its key's password given with the key file. */
const two = () => ({ certfile: [file('two.pem')], keyfile: [{ path: file('two.key'), password: OTHER_KEY_PASSWORD }] });

/** The subjects recorded while `work` runs. */
async function subjectsDuring(work) {
  const before = subjects.length;
  await work();
  return subjects.slice(before);
}

/** A read transaction (kglite runs one write transaction at a time) begun in a new session of
 * `driver`, so on a connection of its own. */
async function openTransaction(driver) {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  const tx = await session.beginTransaction();
  await tx.run('RETURN 1');
  return { tx, done: async () => { await tx.commit(); await session.close(); } };
}

/** `RETURN 1` through `executeQuery`: the value. */
const returnOne = async (driver) => (await driver.executeQuery('RETURN 1 AS one')).records[0].get('one');

test('a query works with a client certificate, trusting the test CA or (bolt+ssc) any certificate', async () => {
  const trusted = openDriver(`bolt://${address}`, none, mtlsConfig(one()));
  assert.deepEqual(await subjectsDuring(async () => assert.deepEqual(await returnOne(trusted), neo4j.int(1))), ['client-one']);
  const ssc = openDriver(`bolt+ssc://${address}`, none, { clientCertificate: two() });
  assert.deepEqual(await subjectsDuring(async () => assert.deepEqual(await returnOne(ssc), neo4j.int(1))), ['client-two']);
});

test('without a client certificate the connection fails: ServiceUnavailable saying the server requires one', async () => {
  const driver = openDriver(`bolt://${address}`, none, mtlsConfig(undefined));
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    assert.equal(e.code, 'ServiceUnavailable', e.message);
    assert.match(e.message, /the server requires a client certificate \(config clientCertificate\)/);
    return true;
  });
});

test('a rotating provider: connections opened after updateCertificate present the new certificate, open ones keep theirs', async () => {
  const provider = neo4j.clientCertificateProviders.rotating({ initialCertificate: one() });
  const driver = openDriver(`bolt://${address}`, none, mtlsConfig(provider));
  let first;
  assert.deepEqual(await subjectsDuring(async () => { first = await openTransaction(driver); }), ['client-one']);
  provider.updateCertificate(two());
  let second;
  assert.deepEqual(await subjectsDuring(async () => { second = await openTransaction(driver); }), ['client-two']);
  // The first connection still works, with the certificate it opened with.
  assert.equal((await first.tx.run('RETURN "still open" AS s')).records[0].get('s'), 'still open');
  await first.done();
  await second.done();
  // Both connections go back to the pool and are reused: nothing new is opened.
  assert.deepEqual(await subjectsDuring(async () => assert.deepEqual(await returnOne(driver), neo4j.int(1))), []);
});

test('a provider of one\'s own, with async methods: asked for the first connection, then whenever hasUpdate() says so', async () => {
  const calls = [];
  const updates = [false, true];
  const certificates = [one(), two()];
  const provider = {
    hasUpdate: async () => { calls.push('hasUpdate'); return updates.shift(); },
    getClientCertificate: async () => { calls.push('getClientCertificate'); return certificates.shift(); },
  };
  const driver = openDriver(`bolt://${address}`, none, mtlsConfig(provider));
  const opened = await subjectsDuring(async () => {
    const transactions = [];
    for (let i = 0; i < 3; i++) transactions.push(await openTransaction(driver));
    for (const t of transactions) await t.done();
  });
  assert.deepEqual(opened, ['client-one', 'client-one', 'client-two']);
  assert.deepEqual(calls, ['getClientCertificate', 'hasUpdate', 'hasUpdate', 'getClientCertificate']);
});

test('the time the provider takes counts toward connectionAcquisitionTimeout', async () => {
  const provider = { hasUpdate: () => false, getClientCertificate: () => new Promise(() => {}) };
  const driver = openDriver(`bolt://${address}`, none, mtlsConfig(provider, { connectionAcquisitionTimeout: 300 }));
  const session = driver.session();
  try {
    await assert.rejects(session.run('RETURN 1'), /could not acquire a connection to .* within 300 ms \(connectionAcquisitionTimeout\)/);
  } finally {
    await session.close();
  }
});

test('a keyfile that cannot be read or used: a plain Error naming the file, never its contents', async () => {
  const cases = [
    [{ ...one(), keyfile: file('missing.key') }, `cannot read the client certificate's keyfile ${file('missing.key')}`],
    [{ ...one(), keyfile: file('not-a-key.pem') }, `the client certificate (certfile ${file('one.pem')}, keyfile ${file('not-a-key.pem')}) cannot be used`],
    [{ ...one(), certfile: file('one.key') }, `the client certificate (certfile ${file('one.key')}, keyfile ${file('one.key')}) cannot be used`],
  ];
  const secrets = ['private-notes-6502', ...fs.readFileSync(file('one.key'), 'utf8').split('\n').filter((l) => l.length > 20)];
  for (const [clientCertificate, naming] of cases) {
    const driver = openDriver(`bolt://${address}`, none, mtlsConfig(clientCertificate));
    await assert.rejects(driver.verifyConnectivity(), (e) => {
      // A plain Error, as for an unreadable trustedCertificates file: never worth retrying.
      assert.equal(e.name, 'Error', e.message);
      assert.equal(neo4j.isRetryableError(e), false);
      assert.ok(e.message.includes(naming), e.message);
      for (const secret of secrets) assert.ok(!e.message.includes(secret), `the error shows ${secret}: ${e.message}`);
      return true;
    });
  }
});

test('a wrong password is named as the problem, and no password shows in errors or debug logs', async () => {
  const lines = [];
  const logging = { level: 'debug', logger: (_level, message) => lines.push(message) };
  const driver = openDriver(`bolt://${address}`, none, mtlsConfig({ ...one(), password: WRONG_PASSWORD }, { logging }));
  const messages = [];
  await assert.rejects(driver.verifyConnectivity(), (e) => {
    assert.equal(e.name, 'Error');
    assert.match(e.message, new RegExp(`the client certificate \\(.*one\\.key\\) cannot be used: .*bad decrypt.*: the key's password is wrong or missing`));
    messages.push(e.message);
    return true;
  });
  // A good certificate, logged at debug, then bad certificates refused.
  const good = openDriver(`bolt://${address}`, none, mtlsConfig(one(), { logging }));
  await returnOne(good);
  const provider = neo4j.clientCertificateProviders.rotating({ initialCertificate: one() });
  for (const bad of [{ certfile: 1, keyfile: 'k', password: WRONG_PASSWORD }, { keyfile: { path: 'k', password: WRONG_PASSWORD } }]) {
    assert.throws(() => provider.updateCertificate(bad), (e) => { messages.push(e.message); return e instanceof TypeError; });
    assert.throws(() => neo4j.clientCertificateProviders.rotating({ initialCertificate: bad }), (e) => { messages.push(e.message); return e instanceof TypeError; });
    assert.throws(() => neo4j.driver(`bolt://${address}`, none, { clientCertificate: bad }), (e) => { messages.push(e.message); return e instanceof TypeError; });
  }
  assert.ok(lines.length > 0, 'something was logged');
  for (const text of [...messages, ...lines]) {
    for (const password of [WRONG_PASSWORD, KEY_PASSWORD]) assert.ok(!text.includes(password), `a password shows in: ${text}`);
  }
});

test('a bad clientCertificate is a TypeError when the driver is made; a failing provider fails the connection', async () => {
  assert.throws(() => neo4j.driver('bolt+s://localhost', none, { clientCertificate: 'client.pem' }),
    { name: 'TypeError', message: /config clientCertificate should be a ClientCertificateProvider .* or a ClientCertificate .*, but got string/ });
  assert.throws(() => neo4j.clientCertificateProviders.rotating({ initialCertificate: { certfile: [], keyfile: 'k' } }),
    { name: 'TypeError', message: /initialCertificate should be a ClientCertificate .*, but got an object with keys certfile, keyfile/ });
  const provider = { hasUpdate: () => false, getClientCertificate: () => { throw new Error('the vault is sealed'); } };
  const failing = openDriver(`bolt://${address}`, none, mtlsConfig(provider));
  await assert.rejects(failing.verifyConnectivity(), { message: 'the client certificate provider failed: the vault is sealed' });
  const wrong = openDriver(`bolt://${address}`, none, mtlsConfig({ hasUpdate: () => false, getClientCertificate: () => ({}) }));
  await assert.rejects(wrong.verifyConnectivity(),
    { message: /^the client certificate provider failed: the certificate getClientCertificate\(\) gave should be a ClientCertificate/ });
});

test('over a WebSocket (config webSocket), clientCertificate is refused when the driver is made, saying why', () => {
  assert.throws(() => neo4j.driver('bolt+s://localhost', none, { ...OVER_WEBSOCKET, clientCertificate: one() }), (e) => {
    assert.equal(e.name, 'Error');
    assert.match(e.message, /^config clientCertificate is not possible over a WebSocket \(config webSocket\): a WebSocket takes no client certificate from the driver/);
    assert.match(e.message, /Leave webSocket out to connect over TCP/);
    return true;
  });
});
