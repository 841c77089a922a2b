// The connection diagnosis of the web demo (www/src/diagnose.js) against real failures: each
// failure is produced for real in headless Chromium through the package (lib/browser.js), and
// the diagnosis that `diagnose()` gives for the error the driver really threw is checked, along
// with that error's message (so that a change in the driver's wording shows here). Most cases
// run in the blank test page (tests/browser/blank.html), which imports www/src/diagnose.js;
// some go through the demo page itself, as `npm start` builds it (scripts/build-demo.mjs), over
// http and over https.
//
// Servers: kglite and kgliteAuth (each behind its websockify bridge) and kgliteTls of
// scripts/servers.mjs, from the environment under `npm test`, else started here. Also started
// here: websockify bridges in front of an HTTP port, the TLS server and a closed port, a TCP
// port that never answers, and the pages over http and over https (certificate of .tools/tls/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { buildDemo } from '../../scripts/build-demo.mjs';
import { startServers, TEST_AUTH } from '../../scripts/servers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TLS_DIR = path.join(ROOT, '.tools', 'tls');
// Generous: a shared 2-core machine, with Chromium, the servers and the bridges side by side.
const TIMEOUT = { timeout: 120_000 };
const WAIT = { timeout: 60_000 };
const START_TIMEOUT_MS = 60_000;
const HOST = '127.0.0.1';

/** Server addresses (NEO4J_WASM_*), from the environment or started here for this file. */
const serverEnv = await (async () => {
  const wanted = ['NEO4J_WASM_KGLITE_WS', 'NEO4J_WASM_KGLITE_AUTH_WS', 'NEO4J_WASM_KGLITE_TLS'];
  if (wanted.every((name) => process.env[name])) return process.env;
  const started = await startServers(['kglite', 'kgliteAuth', 'kgliteTls']);
  after(() => started.stop());
  return started.env;
})();

/** `host:port` of a `ws://host:port` bridge address. */
const hostPort = (ws) => ws.replace(/^ws:\/\//, '');

/** What this file starts: Chromium, the sites, the bridges, the silent port and the served
 * directory; all of it stopped or removed in `after`. */
const handles = { browser: null, sites: {}, bridges: [], silent: null, silentSockets: new Set(), root: null };
const addresses = {};

/** A loopback port nobody listens on (it was free a moment ago). */
function unusedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves whether a TCP connection to the loopback `port` opens. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts websockify on a free loopback port in front of `target` (`host:port`) and resolves
 * its `ws://` address once it accepts connections; stopped in `after`. */
async function startBridge(target) {
  const port = await unusedPort();
  const child = spawn(path.join(ROOT, '.tools/venv/bin/websockify'), [`${HOST}:${port}`, target],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { output = (output + chunk).slice(-2000); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  handles.bridges.push({ child, exited });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`websockify to ${target} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `ws://${HOST}:${port}`;
}

/** Ends one process this file started, by its id, and waits for it. */
async function stopProcess({ child, exited }) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

/**
 * A temporary directory to serve: links to the repository's lib/, pkg/, node_modules/, tests/
 * and www/, and demo/: the demo page as `npm start` builds it (bundled, with the Cypher editor
 * and its styles). (A page that Playwright fulfils itself counts as a public address for
 * Chromium, which then blocks its connections to 127.0.0.1: the page must come from a real
 * loopback server.)
 */
async function demoRoot() {
  const { dir: demo } = await buildDemo({ log: () => {} });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-diagnosis-'));
  for (const name of ['lib', 'pkg', 'node_modules', 'tests', 'www']) symlinkSync(path.join(ROOT, name), path.join(dir, name));
  symlinkSync(demo, path.join(dir, 'demo'));
  return dir;
}

before(async () => {
  handles.root = await demoRoot();
  handles.sites.http = await serveStatic(handles.root);
  // The same over https, with the TLS server's own certificate (self-signed: the https pages
  // are opened in a browser context that ignores certificate errors).
  const tls = { cert: readFileSync(path.join(TLS_DIR, 'cert.pem')), key: readFileSync(path.join(TLS_DIR, 'key.pem')) };
  handles.sites.https = await serveStatic(handles.root, { tls });
  // Accepts TCP connections and never says a word.
  handles.silent = net.createServer((socket) => {
    handles.silentSockets.add(socket);
    socket.once('close', () => handles.silentSockets.delete(socket));
  });
  await new Promise((resolve) => handles.silent.listen(0, HOST, resolve));
  addresses.silentPort = handles.silent.address().port;
  addresses.closedPort = await unusedPort();
  handles.browser = await launchChromium();
}, { timeout: START_TIMEOUT_MS });

after(async () => {
  await handles.browser?.close();
  await Promise.all(handles.bridges.map(stopProcess));
  for (const socket of handles.silentSockets) socket.destroy();
  await new Promise((resolve) => (handles.silent ? handles.silent.close(resolve) : resolve()));
  await handles.sites.http?.close();
  await handles.sites.https?.close();
  if (handles.root) rmSync(handles.root, { recursive: true, force: true });
});

/**
 * Opens the blank page (of the http site, or with `https` of the https one), connects there
 * with `neo4j.driver(uri, auth, config).getServerInfo()`, and resolves what failed and what
 * `diagnose()` says about it: `{ error: { name, code, message }, diagnosis, pageProtocol }`.
 * `auth` is `null` for none, else `[user, password]`. Fails if the connection succeeds or the
 * page reports an uncaught error.
 */
async function diagnoseInPage(uri, { auth = null, config = {}, https = false } = {}) {
  const context = await handles.browser.newContext({ ignoreHTTPSErrors: https });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack || e.message));
  try {
    const site = https ? handles.sites.https : handles.sites.http;
    await page.goto(`${site.url}/tests/browser/blank.html`);
    const result = await page.evaluate(async ([uri, auth, config]) => {
      const neo4j = await window.neo4jReady;
      const { diagnose } = await import('/www/src/diagnose.js');
      let driver = null;
      try {
        driver = neo4j.driver(uri, auth ? neo4j.auth.basic(...auth) : neo4j.auth.none(), config);
        await driver.getServerInfo();
        return { connected: true };
      } catch (error) {
        const pageProtocol = location.protocol;
        return {
          error: { name: error.name, code: error.code, message: String(error.message) },
          diagnosis: diagnose(error, { uri, pageProtocol }),
          pageProtocol,
        };
      } finally {
        await driver?.close();
      }
    }, [uri, auth, config]);
    assert.equal(result.connected, undefined, `${uri} should not connect`);
    return result;
  } finally {
    await context.close();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  }
}

/** The demo page (as built into demo/) from the http or https site; resolves
 * `{ page, context, pageErrors }` once the page has started. */
async function openDemo({ https = false, uri }) {
  const site = https ? handles.sites.https : handles.sites.http;
  const context = await handles.browser.newContext({ ignoreHTTPSErrors: https });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack || e.message));
  await page.goto(`${site.url}/demo/index.html?uri=${encodeURIComponent(uri)}`);
  // start() fills the URI field last.
  await page.waitForFunction((wanted) => document.getElementById('uri').value === wanted, uri, WAIT);
  return { page, context, pageErrors };
}

/** Connects the demo page with what is in its form and resolves the diagnosis it shows. */
async function connectInDemo(page, { uri, user = '', password = '' }) {
  await page.fill('#uri', uri);
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#connect');
  await page.waitForSelector('#connection-state[data-state="failed"]', WAIT);
  return {
    title: await page.textContent('#diagnosis-title'),
    advice: await page.textContent('#diagnosis-advice'),
    causes: (await page.$$eval('#diagnosis-causes li', (items) => items.map((li) => li.textContent))),
    causesHidden: await page.isHidden('#diagnosis-causes'),
    detail: await page.textContent('#diagnosis-detail'),
  };
}

test('a wrong password: the server refused the user name or password', TIMEOUT, async () => {
  const uri = `bolt://${hostPort(serverEnv.NEO4J_WASM_KGLITE_AUTH_WS)}`;
  const { error, diagnosis } = await diagnoseInPage(uri, { auth: [TEST_AUTH.user, 'not-the-password-1618'] });
  assert.equal(error.code, 'Neo.ClientError.Security.Unauthorized');
  assert.equal(error.message, 'invalid username or password');
  assert.equal(diagnosis.title, 'The server refused the user name or password');
  assert.match(diagnosis.advice, /Check the user and password/);

  // No credentials at all for a server that wants them: the same diagnosis.
  const none = await diagnoseInPage(uri);
  assert.equal(none.error.code, 'Neo.ClientError.Security.Unauthorized');
  assert.equal(none.diagnosis.title, 'The server refused the user name or password');
  assert.match(none.diagnosis.advice, /a server with authentication needs both/);
});

test('an HTTP port: the browser sees a failed WebSocket, and the diagnosis names the HTTP port', TIMEOUT, async () => {
  // The static server answers the WebSocket upgrade with a plain HTTP response, which the
  // browser does not show the page: the failure looks like a refused connection.
  const { port } = handles.sites.http;
  const { error, diagnosis } = await diagnoseInPage(`bolt://${HOST}:${port}`);
  assert.equal(error.code, 'ServiceUnavailable');
  assert.match(error.message, new RegExp(`^could not open a WebSocket to ws://127\\.0\\.0\\.1:${port}: the connection failed\\.`));
  assert.equal(diagnosis.title, `Nothing accepted a WebSocket connection at 127.0.0.1:${port}`);
  assert.match(diagnosis.advice, /does not say why/);
  assert.ok(diagnosis.causes.some((cause) => /not its Bolt port but an HTTP one \(Neo4j: Bolt on 7687, HTTP on 7474\)/.test(cause)),
    diagnosis.causes.join('\n'));
  assert.ok(diagnosis.causes.some((cause) => /requires TLS \(then use bolt\+s:\/\/\)/.test(cause)));

  // Through a WebSocket bridge the driver reads the HTTP answer itself, and says so.
  const bridge = hostPort(await startBridge(`${HOST}:${port}`));
  const bridged = await diagnoseInPage(`bolt://${bridge}`);
  assert.equal(bridged.error.code, 'ProtocolError');
  assert.match(bridged.error.message, /^Bolt handshake failed: the server answered the Bolt handshake with HTTP: this address is an HTTP port/);
  assert.equal(bridged.diagnosis.title, `Behind ${bridge} is a web (HTTP) port, not a Bolt port`);
  assert.match(bridged.diagnosis.advice, /Bolt port: Neo4j serves its browser on port 7474 and Bolt on 7687/);
});

test('TLS: bolt+s:// to a server without TLS, and trust settings a browser cannot honour', TIMEOUT, async () => {
  const plain = hostPort(serverEnv.NEO4J_WASM_KGLITE_WS);
  // wss:// to the plain bridge: the TLS handshake fails, which the browser reports like any failure.
  const secure = await diagnoseInPage(`bolt+s://${plain}`);
  assert.equal(secure.error.code, 'ServiceUnavailable');
  assert.match(secure.error.message, new RegExp(`^could not open a WebSocket to wss://${plain.replaceAll('.', '\\.')}: the connection failed\\.`));
  assert.equal(secure.diagnosis.title, `Nothing accepted an encrypted WebSocket connection (wss://) at ${plain}`);
  assert.ok(secure.diagnosis.causes.includes('the server does not use TLS (then use bolt:// or neo4j://);'), secure.diagnosis.causes.join('\n'));
  assert.ok(secure.diagnosis.causes.includes(`the browser does not trust the server's TLS certificate (open https://${plain} once to see why).`));

  // Accepting any certificate, or trusting a custom CA: refused before anything is opened.
  for (const [uri, config, what] of [
    [`bolt+ssc://${plain}`, {}, /^accepting any certificate \(bolt\+ssc:\/\/, neo4j\+ssc:\/\/ or trust: 'TRUST_ALL_CERTIFICATES'\)/],
    [`bolt://${plain}`, { encrypted: true, trust: 'TRUST_ALL_CERTIFICATES' }, /^accepting any certificate/],
    [`bolt://${plain}`, { encrypted: true, trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', trustedCertificates: ['/ca.pem'] },
      /^trusting the CAs in trustedCertificates \(trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES'\)/],
  ]) {
    const { error, diagnosis } = await diagnoseInPage(uri, { config });
    assert.match(error.message, what);
    assert.match(error.message, /is not possible in a browser: a browser trusts only the certificates of its own CA store/);
    assert.equal(diagnosis.title, 'This TLS setting cannot work in a browser', `${uri} ${JSON.stringify(config)}`);
    assert.match(diagnosis.advice, /Use a certificate signed by a trusted CA/);
  }

  // bolt:// through a bridge to a server that takes TLS only: the driver sees the TLS answer.
  const bridge = hostPort(await startBridge(serverEnv.NEO4J_WASM_KGLITE_TLS));
  const tlsOnly = await diagnoseInPage(`bolt://${bridge}`);
  assert.equal(tlsOnly.error.code, 'ProtocolError');
  assert.match(tlsOnly.error.message, /^Bolt handshake failed: the server answered the Bolt handshake with TLS: it only accepts encrypted connections/);
  assert.equal(tlsOnly.diagnosis.title, `The Bolt server behind ${bridge} accepts only encrypted (TLS) connections`);
  assert.match(tlsOnly.diagnosis.advice, /websockify --ssl-target/);
});

test('mixed content: bolt:// from a page served over https (the demo page)', TIMEOUT, async () => {
  const plain = hostPort(serverEnv.NEO4J_WASM_KGLITE_WS);
  const uri = `bolt://${plain}`;
  // On an https page the driver opens wss:// even for bolt://, since browsers block unencrypted
  // WebSockets there (Chromium lets loopback addresses through, but no others); so nothing is
  // blocked, and the plain bridge resets the TLS handshake.
  const blank = await diagnoseInPage(uri, { https: true });
  assert.equal(blank.pageProtocol, 'https:');
  assert.equal(blank.error.code, 'ServiceUnavailable');
  assert.match(blank.error.message, new RegExp(`^could not open a WebSocket to wss://${plain.replaceAll('.', '\\.')}: the connection failed\\.`));
  assert.equal(blank.diagnosis.title, 'This https page may only open encrypted connections (mixed content)');
  assert.match(blank.diagnosis.advice, new RegExp(`the driver tried an encrypted one \\(wss://\\) to ${plain.replaceAll('.', '\\.')}`));
  assert.match(blank.diagnosis.advice, /connect with bolt\+s:\/\/; or open this page over http:\/\//);

  // The same in the demo page's connection panel.
  const demo = await openDemo({ https: true, uri });
  try {
    const shown = await connectInDemo(demo.page, { uri });
    assert.equal(shown.title, blank.diagnosis.title);
    assert.equal(shown.advice, blank.diagnosis.advice);
    assert.equal(shown.causesHidden, true);
    assert.equal(shown.detail, `ServiceUnavailable: ${blank.error.message}`);

    // bolt+s:// from the https page is no mixed content: the usual TLS causes instead.
    const secure = await connectInDemo(demo.page, { uri: `bolt+s://${plain}` });
    assert.equal(secure.title, `Nothing accepted an encrypted WebSocket connection (wss://) at ${plain}`);
    assert.ok(secure.causes.includes('the server does not use TLS (then use bolt:// or neo4j://);'), secure.causes.join('\n'));
    assert.deepEqual(demo.pageErrors, []);
  } finally {
    await demo.context.close();
  }
});

test('the demo page over http shows the wrong-password and TLS-setting diagnoses', TIMEOUT, async () => {
  const uri = `bolt://${hostPort(serverEnv.NEO4J_WASM_KGLITE_AUTH_WS)}`;
  const demo = await openDemo({ uri });
  try {
    const refused = await connectInDemo(demo.page, { uri, user: TEST_AUTH.user, password: 'not-the-password-1618' });
    assert.equal(refused.title, 'The server refused the user name or password', refused.detail);
    assert.equal(refused.detail, 'Neo.ClientError.Security.Unauthorized: invalid username or password');
    assert.equal(refused.causesHidden, true);

    const ssc = await connectInDemo(demo.page, { uri: uri.replace('bolt://', 'bolt+ssc://'), user: TEST_AUTH.user, password: TEST_AUTH.password });
    assert.equal(ssc.title, 'This TLS setting cannot work in a browser');
    assert.match(ssc.detail, /^Error: accepting any certificate .* is not possible in a browser/);

    // The right password connects, and the diagnosis goes away.
    await demo.page.fill('#uri', uri);
    await demo.page.fill('#password', TEST_AUTH.password);
    await demo.page.click('#connect');
    await demo.page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
    assert.equal(await demo.page.isHidden('#diagnosis'), true);
    assert.deepEqual(demo.pageErrors, []);
  } finally {
    await demo.context.close();
  }
});

test('a bridge without its server, and a port that never answers', TIMEOUT, async () => {
  // websockify accepts the WebSocket, then closes it when it cannot reach its target: with
  // 1011, or, when its TCP connection goes before its close frame arrives, 1006.
  const bridge = hostPort(await startBridge(`${HOST}:${addresses.closedPort}`));
  const closed = await diagnoseInPage(`bolt://${bridge}`);
  assert.equal(closed.error.code, 'ServiceUnavailable');
  assert.match(closed.error.message, /^the connection to the server closed: WebSocket closed \(code (1011|1006)/);
  assert.equal(closed.diagnosis.title, `Something at ${bridge} answered, but not in Bolt`);
  assert.match(closed.diagnosis.advice, /a WebSocket bridge cannot reach its Bolt server/);

  // The WebSocket upgrade gets no answer: the driver gives up after connectionTimeout.
  const silent = `${HOST}:${addresses.silentPort}`;
  const timedOut = await diagnoseInPage(`bolt://${silent}`, { config: { connectionTimeout: 2000 } });
  assert.equal(timedOut.error.code, 'ServiceUnavailable');
  assert.equal(timedOut.error.message, `could not connect to ${silent} within 2000 ms (connectionTimeout): the connection did not open`);
  assert.equal(timedOut.diagnosis.title, `${silent} did not answer in time`);
});
