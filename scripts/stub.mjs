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
 * Starts bolt-stub with `script` and resolves once it listens:
 * `{ port, url, wsUrl, done, stop }`. `done` resolves `{ code, signal, stderr }` when the stub
 * exits (code 0: as scripted, 1: a difference, reported in stderr, 2: timeout); `stop()` ends
 * it early and resolves like `done`. `timeout` is the stub's own limit in seconds.
 */
export async function startStub(script, { timeout = 30 } = {}) {
  if (!existsSync(STUB_BINARY)) {
    throw new Error(`${STUB_BINARY} is missing: run \`bash scripts/setup.sh\` first`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bolt-stub-'));
  const file = path.join(dir, 'script.bolt');
  writeFileSync(file, dedent(script));
  // Run in the script's folder, so that reports name it short: `script.bolt:LINE`.
  const child = spawn(STUB_BINARY, [path.basename(file), '--timeout', String(timeout)],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test process that ends without waiting takes its stub with it.
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
      `bolt-stub exited (${signal ?? `code ${code}`}) before listening:\n${stderr}`)));
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return done;
  };
  return { port, url: `bolt://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, done, stop };
}
