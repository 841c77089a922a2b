// Runs the scripted stub Bolt server (tests/stub-server, built by scripts/setup.sh into
// .tools/bin/bolt-stub) for one test: raw Bolt and Bolt over WebSocket on one loopback port.
// The script format is described in tests/stub-server/README.md.
//
//   const stub = await startStub(`
//     S: BOLT 5.4
//     C: HELLO {"user_agent": "*", "...": "*"}
//     ...`);
//   ... connect a driver to stub.url ...
//   const { code, stderr } = await stub.done;   // 0 once every scripted connection went as scripted
//
// The script may be indented as a whole (a template literal in a test): the common leading
// whitespace is removed, so only lines indented further count as continuation lines.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The stub binary that scripts/setup.sh builds. */
export const STUB_BINARY = path.join(ROOT, '.tools', 'bin', 'bolt-stub');

/** Removes the leading whitespace all non-blank lines share, and leading and trailing blank lines. */
export function dedent(text) {
  const lines = text.replace(/^\s*\n/, '').replace(/\n\s*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return `${lines.map((l) => l.slice(common)).join('\n')}\n`;
}

/**
 * Runs bolt-stub in a new temporary folder holding `text` as `name`, with the arguments
 * `args(name)` and stdin `stdin` ('ignore' or 'pipe'): `{ child, done, stderr }`. `done`
 * resolves `{ code, signal, stderr }` once it exits (the folder is removed then); `stderr()`
 * is what it printed there so far. A test process that ends without waiting takes it along.
 */
function spawnStub(name, text, args, stdin) {
  if (!existsSync(STUB_BINARY)) {
    throw new Error(`${STUB_BINARY} is missing: run \`bash scripts/setup.sh\` first`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bolt-stub-'));
  writeFileSync(path.join(dir, name), text);
  const child = spawn(STUB_BINARY, args(name), { cwd: dir, stdio: [stdin, 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      process.removeListener('exit', kill);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stderr });
    });
  });
  return { child, done, stderr: () => stderr };
}

/**
 * Starts bolt-stub with `script` and resolves once it listens:
 * `{ port, url, wsUrl, done, stop }`. `done` resolves `{ code, signal, stderr }` when the stub
 * exits (code 0: as scripted, 1: a difference, reported in stderr, 2: timeout); `stop()` ends
 * it early and resolves like `done`. `timeout` is the stub's own limit in seconds; `port` the
 * one to listen on (0: any free one).
 */
export async function startStub(script, { timeout = 30, port: listenPort = 0 } = {}) {
  // Run in the script's folder, so that reports name it short: `script.bolt:LINE`.
  const { child, done, stderr } = spawnStub('script.bolt', dedent(script),
    (file) => [file, '--timeout', String(timeout), '--listen', `127.0.0.1:${listenPort}`], 'ignore');
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on 127\.0\.0\.1:(\d+)\n/);
      if (m) resolve(Number(m[1]));
    });
    child.once('error', reject);
    done.then(({ code, signal }) => reject(new Error(
      `bolt-stub exited (${signal ?? `code ${code}`}) before listening:\n${stderr()}`)));
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return done;
  };
  return { port, url: `bolt://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, done, stop };
}

/**
 * Starts a simulated cluster (`bolt-stub --cluster`, see tests/stub-server/src/cluster.rs) and
 * resolves once every member listens: `{ members, events, command, stop }`. `members` maps
 * each member's name to its `127.0.0.1:PORT`; `events()` resolves with every message the
 * members received so far, as `{ member, connection, message, fields }` (all that arrived
 * before the call: it waits for the cluster to say so); `command(object)` sends one command
 * (`{ table: ... }`, `{ stop: name }`) and resolves once the cluster has carried it out;
 * `stop()` ends the cluster and resolves `{ code, signal, stderr }`.
 */
export async function startCluster(config, { timeout = 300 } = {}) {
  const { child, done, stderr } = spawnStub('cluster.json', JSON.stringify(config),
    (file) => ['--cluster', file, '--timeout', String(timeout)], 'pipe');
  const members = {};
  const events = [];
  const answers = [];
  let ready;
  const started = new Promise((resolve, reject) => {
    ready = resolve;
    child.once('error', reject);
    done.then(({ code, signal }) => reject(new Error(
      `bolt-stub --cluster exited (${signal ?? `code ${code}`}) before it was ready:\n${stderr()}`)));
  });
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buffered += d;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const [word, ...rest] = line.split(' ');
      if (word === 'member') members[rest[0]] = rest[1];
      else if (word === 'ready') ready();
      else if (word === 'event') events.push(JSON.parse(rest.join(' ')));
      else if (word === 'done' || word === 'error') answers.shift()?.(line);
    }
  });
  await started;
  const command = (object) => new Promise((resolve, reject) => {
    answers.push((line) => (line.startsWith('done') ? resolve() : reject(new Error(line))));
    child.stdin.write(`${JSON.stringify(object)}\n`);
  });
  const stop = () => {
    child.stdin.end();
    return done;
  };
  const received = async () => {
    await command({ sync: true });
    return [...events];
  };
  return { members, events: received, command, stop };
}
