// Where drivers run: a Node child process per driver (bench/node-worker.mjs), or a Chromium
// page per driver (bench/page.html). Both give `{ call(op, args), close() }`; `call` resolves
// the operation's result (from bench/workload.mjs or bench/raw-bolt.mjs).
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
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

/** Starts a Node worker for `driver` (`ours`, `official`, `lite` or `raw`). */
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
 * Chromium's flags: no sandbox (root), no outside network, a `gc()` for the pages, and no
 * local-network-access checks: they treat a page whose response Playwright fulfilled (to add
 * the isolation headers) as public, and would block its WebSocket to 127.0.0.1.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--js-flags=--expose-gc', '--disable-features=LocalNetworkAccessChecks'];

/**
 * Starts headless Chromium and a static server of the repository root; `page(driver)` opens
 * bench/page.html for one driver in its own browser context. Pages are cross-origin isolated
 * (COOP/COEP added to every response), so performance.now() has its fine resolution.
 */
export async function browserHost() {
  const site = await serveStatic(ROOT);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (error) {
    await site.close();
    throw error;
  }
  const contexts = [];
  return {
    version: browser.version(),
    async page(driver) {
      const context = await browser.newContext();
      contexts.push(context);
      await context.route('**/*', async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: {
            ...response.headers(),
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
          },
        });
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.stack || e.message));
      await page.goto(`${site.url}/bench/page.html?driver=${driver}`);
      const isolated = await page.evaluate(() => window.benchReady);
      if (errors.length) throw new Error(`bench page for ${driver}: ${errors.join('\n')}`);
      return {
        isolated,
        call(op, args) {
          return withTimeout(page.evaluate(([o, a]) => window.bench[o](a), [op, args]), `${driver} ${op} in Chromium`);
        },
        async close() {
          await page.evaluate(() => window.bench.close()).catch(() => {});
          await context.close();
        },
      };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await site.close();
    },
  };
}
