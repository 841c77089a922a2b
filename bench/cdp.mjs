// Headless Chromium driven over the DevTools protocol on a pipe, with nothing enabled but what
// the bench asks for. Automation libraries turn on the Network domain for every page, and then
// Chromium copies each WebSocket frame to the client: that costs a browser more time than
// decoding the records does, and would be measured as the driver's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Starts `executable` headless with `args`; resolves `{ send(method, params, sessionId), close() }`.
 * `send` resolves the command's result, or rejects with the protocol's error message.
 */
export async function launchChromium(executable, args) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'neo4j-wasm-bench-chromium-'));
  // fd 3: commands to Chromium; fd 4: its answers and events. Messages end with a NUL byte.
  const child = spawn(executable, ['--headless=new', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    ...args, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const pending = new Map();
  let nextId = 0;
  let failure = null;
  let buffered = '';
  child.stdio[4].setEncoding('utf8');
  child.stdio[4].on('data', (data) => {
    const parts = (buffered + data).split('\0');
    buffered = parts.pop();
    for (const part of parts) {
      const message = JSON.parse(part);
      const call = pending.get(message.id);
      if (!call) continue;
      pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
    }
  });
  // A Chromium that cannot start reports `error` (then `close`, but no `exit`); writes to it
  // then fail too, which `close` reports.
  let startError = null;
  child.once('error', (error) => { startError = error; });
  child.stdio[3].on('error', () => {});
  const exited = new Promise((resolve) => child.once('close', (code, signal) => {
    failure = startError
      ? new Error(`could not start ${executable}: ${startError.message}`)
      : new Error(`Chromium exited (${signal ?? `code ${code}`}): ${stderr}`);
    for (const call of pending.values()) call.reject(failure);
    pending.clear();
    rmSync(profile, { recursive: true, force: true });
    resolve();
  }));
  const send = (method, params = {}, sessionId = undefined) => {
    if (failure) return Promise.reject(failure);
    const id = ++nextId;
    const done = new Promise((resolve, reject) => pending.set(id, { method, resolve, reject }));
    child.stdio[3].write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    return done;
  };
  await send('Browser.getVersion');
  return {
    send,
    async close() {
      if (failure) return;
      await send('Browser.close').catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
