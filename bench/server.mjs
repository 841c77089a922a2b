// Starts the benchmark Bolt server (`bolt-stub --bench`, built by scripts/setup.sh from
// tests/stub-server) on 127.0.0.1, and reads its CPU time so that runs can show it idles.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BINARY = path.join(ROOT, '.tools', 'bin', 'bolt-stub');
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * Starts the server; resolves `{ port, url, wsUrl, shapes, cpuMs(), stop() }` once it listens.
 * `shapes` maps each record shape to `{ keys, listBytes }`. The server ends by itself after
 * `timeout` seconds, should this process die without stopping it.
 */
export async function startBenchServer({ timeout = 3600 } = {}) {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`bash scripts/setup.sh\` first`);
  const child = spawn(BINARY, ['--bench', '--timeout', String(timeout)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    process.removeListener('exit', kill);
    resolve({ code, signal });
  }));
  const { port, shapes } = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const listening = out.match(/^listening on 127\.0\.0\.1:(\d+)\n/);
      const lines = [...out.matchAll(/^shape (\S+) (\S+) (\d+)$/gm)];
      // The `return` shape is printed last.
      if (listening && lines.some((m) => m[1] === 'return')) {
        resolve({
          port: Number(listening[1]),
          shapes: Object.fromEntries(lines.map(([, name, keys, bytes]) =>
            [name, { keys: keys.split(','), listBytes: Number(bytes) }])),
        });
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(
      `bolt-stub --bench exited (${signal ?? `code ${code}`}) before listening:\n${stderr}`)));
  });
  return {
    port,
    url: `bolt://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    shapes,
    /** The server's CPU time so far (user + system), in milliseconds. */
    cpuMs() {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
