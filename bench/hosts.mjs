// Where drivers run: a Node child process per driver (bench/node-worker.mjs), or a Chromium
// page per driver (bench/page.html). Both give `{ call(op, args), close() }`; `call` resolves
// the operation's result (from bench/workload.mjs or bench/raw-bolt.mjs).
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './cdp.mjs';
import { serveStatic } from '../scripts/static-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
/** How long one operation may take before the run is abandoned. */
const CALL_TIMEOUT_MS = 180_000;

/** Node 20 has a global WebSocket only behind a flag (22 has it by default). */
const NODE_FLAGS = ['--expose-gc', ...(typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [])];

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts a Node worker for `driver` (`ours`, `base`, `official`, `lite` or `raw`; `base` loads
 * the package in the directory named by the environment variable NEO4J_WASM_BASELINE). */
export async function nodeHost(driver) {
  const child = fork(path.join(HERE, 'node-worker.mjs'), [driver],
    { cwd: ROOT, execArgv: NODE_FLAGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  let failure = null;
  const ready = new Promise((resolve, reject) => {
    child.on('message', (msg) => {
      if (msg.ready) return resolve();
      const call = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) call?.reject(new Error(`${driver} worker: ${msg.error}`));
      // Objects get the worker's CPU time for the operation too.
      else call?.resolve(msg.result && typeof msg.result === 'object' ? { ...msg.result, cpuMs: msg.cpuMs } : msg.result);
    });
    child.once('exit', (code, signal) => {
      failure = new Error(`the ${driver} worker exited (${signal ?? `code ${code}`})`);
      reject(failure);
      for (const call of pending.values()) call.reject(failure);
      pending.clear();
    });
  });
  await ready;
  return {
    call(op, args) {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      const done = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
      child.send({ id, op, args });
      return withTimeout(done, `${driver} ${op}`);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: ++nextId, op: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Chromium's flags: no sandbox (root), no outside network, and a `gc()` for the pages.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--js-flags=--expose-gc'];

/** The headers that make a page cross-origin isolated, so that performance.now() is fine. */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Starts headless Chromium (bench/cdp.mjs: no automation library, whose network instrumentation
 * would slow WebSockets down) and a static server of the repository root, with `baseline` (the
 * directory of another build of the package, or null) under /baseline/; `page(driver)` opens
 * bench/page.html for one driver in its own browser context. Pages are cross-origin isolated.
 */
export async function browserHost(baseline = null) {
  const site = await serveStatic(ROOT, { headers: ISOLATION, mounts: baseline ? { '/baseline/': baseline } : {} });
  let browser;
  try {
    browser = await launchChromium('/usr/bin/chromium', CHROMIUM_ARGS);
  } catch (error) {
    await site.close();
    throw error;
  }
  const { product } = await browser.send('Browser.getVersion');
  /** Evaluates `expression` in a page and resolves its (awaited) value; a throw rejects. */
  const evaluate = async (sessionId, expression) => {
    const { result, exceptionDetails } = await browser.send('Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    }
    return result.value;
  };
  const contexts = [];
  return {
    version: product.replace(/^\D+\//, ''),
    async page(driver) {
      const { browserContextId } = await browser.send('Target.createBrowserContext');
      contexts.push(browserContextId);
      const url = `${site.url}/bench/page.html?driver=${driver}`;
      const { targetId } = await browser.send('Target.createTarget', { url, browserContextId });
      const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
      // The page sets window.benchReady once its module starts; a failed import rejects it.
      // Until the new target has its document, there is nothing to evaluate in: try again.
      const ready = (async () => {
        for (;;) {
          try {
            return await evaluate(sessionId, `new Promise((resolve) => {
              const wait = () => (window.benchReady ? resolve(window.benchReady) : setTimeout(wait, 10));
              wait();
            })`);
          } catch (error) {
            if (!/Cannot find default execution context/.test(error.message)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      })();
      const isolated = await withTimeout(ready, `opening the bench page for ${driver}`)
        .catch((error) => { throw new Error(`bench page for ${driver}: ${error.message}`); });
      const call = (op, args) => evaluate(sessionId, `window.bench[${JSON.stringify(op)}](${JSON.stringify(args)})`);
      return {
        isolated,
        call(op, args) {
          return withTimeout(call(op, args), `${driver} ${op} in Chromium`);
        },
        async close() {
          await call('close', {}).catch(() => {});
          await browser.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
        },
      };
    },
    async close() {
      for (const browserContextId of contexts) {
        await browser.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
      }
      await browser.close();
      await site.close();
    },
  };
}
