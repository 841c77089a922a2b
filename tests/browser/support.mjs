// Shared by the browser tests: one headless Chromium and a static server of the repository
// root for the whole test file, started before its tests and stopped after them.
import { before, after } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Chromium's flags here: no sandbox (root), no calls to the outside network, and for memory
 * checks in pages, `gc()` and an exact `performance.memory`. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--js-flags=--expose-gc', '--enable-precise-memory-info'];

/** Starts headless Chromium (close it with `browser.close()`). */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Registers the hooks; the returned object's `browser` and `site` (`{ url }`) are set once
 * the tests run. */
export function useBrowser() {
  const handles = { browser: null, site: null };
  before(async () => {
    handles.site = await serveStatic(ROOT);
    handles.browser = await launchChromium();
  });
  after(async () => {
    await handles.browser?.close();
    await handles.site?.close();
  });
  return handles;
}
