// The package as users install it: `npm pack` of the repository, installed into a scratch
// project (tests/browser/packed.mjs), then used from there as each kind of application would:
// Node ES module and CommonJS scripts on Node 20 and 22 (TCP and WebSocket), Node loading the
// browser build (WebSocket only) through neo4j-wasm/init, apps bundled by Vite, webpack, esbuild and Rollup, a
// plain ES-module page and the classic-script build in headless Chromium (WebSocket), and
// TypeScript against the declarations. Each runs the scenario of tests/packaging/scenario.mjs.
// What each page downloads, gzipped, is written to test-output/packaging/downloads.json. Also
// checked: what the tarball holds, that it needs nothing else, that it publishes cleanly, and
// its `sideEffects`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAst } from 'rollup/parseAst';
import { useBrowser } from './support.mjs';
import {
  ROOT, FIXTURES, run, assertSucceeded, node22, installPacked, checkObservation, observeInChromium, downloadSizes,
} from './packed.mjs';
import { env, boltUri } from '../js/support.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const SETUP_TIMEOUT = { timeout: 300_000 };
const TIMEOUT = { timeout: 180_000 };
const DOWNLOADS = path.join(ROOT, 'test-output/packaging/downloads.json');

const scratch = { dir: null, packed: null, site: null };
const chromium = useBrowser();
/** Bytes each page downloaded, by page: written out after the tests. */
const downloads = {};

before(async () => {
  ({ dir: scratch.dir, packed: scratch.packed } = await installPacked());
  scratch.site = await serveStatic(scratch.dir);
}, SETUP_TIMEOUT);

after(async () => {
  await scratch.site?.close();
  if (Object.keys(downloads).length > 0) {
    await fs.mkdir(path.dirname(DOWNLOADS), { recursive: true });
    await fs.writeFile(DOWNLOADS, `${JSON.stringify(downloads, null, 2)}\n`);
  }
});

/** The files in the tarball. */
const packedFiles = () => scratch.packed.files.map((f) => f.path);
/** The installed package's directory. */
const installed = (...parts) => path.join(scratch.dir, 'node_modules/neo4j-wasm', ...parts);

test('the tarball holds the entries, the core in each form, LICENSE, README and CHANGELOG, and nothing else', TIMEOUT, async () => {
  const files = packedFiles();
  const libFiles = (await fs.readdir(path.join(ROOT, 'lib'))).map((f) => `lib/${f}`);
  for (const wanted of [...libFiles, 'package.json', 'LICENSE', 'README.md', 'CHANGELOG.md',
    'pkg/node/package.json', 'pkg/node/neo4j_wasm.js', 'pkg/node/neo4j_wasm_bg.wasm',
    'pkg/web/neo4j_wasm.js', 'pkg/web/neo4j_wasm_bg.wasm', 'pkg/inline/neo4j_wasm_bg.js', 'pkg/script/neo4j-wasm.min.js']) {
    assert.ok(files.includes(wanted), `${wanted} is missing from the tarball`);
  }
  // The Node transport's JS is in the Node build only: the browser build has no TCP.
  assert.ok(files.some((f) => f.startsWith('pkg/node/snippets/') && f.endsWith('.js')), 'pkg/node/snippets/ is missing');
  assert.ok(!files.some((f) => f.startsWith('pkg/web/snippets/')), 'pkg/web/ holds the Node transport');
  const unexpected = files.filter((f) => !/^(lib|pkg\/(node|web|inline|script))\//.test(f)
    && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f));
  assert.deepEqual(unexpected, [], 'files outside lib/, pkg/ and the package\'s documents');
  assert.match(await fs.readFile(installed('LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
});

/** Calls `visit` on every node of an ESTree AST. */
function walk(node, visit) {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node && typeof node.type === 'string') {
    visit(node);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value, visit);
  }
}

/** The string of a literal or of a template without expressions (`String.raw` included). */
function literalText(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  const template = node?.type === 'TaggedTemplateExpression' ? node.quasi : node;
  if (template?.type === 'TemplateLiteral' && template.expressions.length === 0) return template.quasis[0].value.raw;
  return null;
}

/** What a JS file loads, as `{ kind, specifier }`: modules it imports, re-exports or imports
 * dynamically (`import`), modules it requires (`require`), and files it locates with
 * `new URL('file', import.meta.url)` (`asset`). A computed name is a null specifier. */
function referencesOfScript(text) {
  const found = [];
  walk(parseAst(text), (node) => {
    if (['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration', 'ImportExpression'].includes(node.type) && node.source) {
      found.push({ kind: 'import', specifier: literalText(node.source) });
    } else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
      found.push({ kind: 'require', specifier: literalText(node.arguments[0]) });
    } else if (node.type === 'NewExpression' && node.callee.name === 'URL' && node.arguments[1]?.type === 'MemberExpression'
      && node.arguments[1].object.type === 'MetaProperty') {
      found.push({ kind: 'asset', specifier: `./${literalText(node.arguments[0])}` });
    }
  });
  return found;
}

/** What a declaration file imports or re-exports (a `.js` path names the `.d.ts` beside it). */
function referencesOfDeclarations(text) {
  return [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1].replace(/\.js$/, '.d.ts'));
}

test('nothing outside the tarball is needed: every path package.json names, and every module a packed file loads, is in it', TIMEOUT, async () => {
  const files = new Set(packedFiles());
  const manifest = JSON.parse(await fs.readFile(installed('package.json'), 'utf8'));
  const named = [manifest.main, manifest.browser, manifest.types];
  const leaves = (value) => (typeof value === 'string' ? [value] : Object.values(value).flatMap(leaves));
  named.push(...leaves(manifest.exports), ...manifest.sideEffects.filter((p) => !p.includes('*')));
  for (const target of named) assert.ok(files.has(path.posix.normalize(target)), `package.json names ${target}, which is not in the tarball`);

  const builtins = new Set(builtinModules);
  for (const file of files) {
    const script = /\.(c|m)?js$/.test(file) && !file.endsWith('.d.ts');
    if (!script && !file.endsWith('.d.ts')) continue;
    const text = await fs.readFile(installed(file), 'utf8');
    const references = script ? referencesOfScript(text).map((r) => r.specifier) : referencesOfDeclarations(text);
    for (const reference of references) {
      assert.ok(reference !== null, `${file} loads a module whose name is computed`);
      if (reference.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), reference));
        assert.ok(files.has(target), `${file} loads ${reference}, which is not in the tarball`);
      } else {
        const isBuiltin = reference.startsWith('node:') || builtins.has(reference);
        const isOptionalPeer = reference === 'rxjs' && ['lib/rx.js', 'lib/rx.d.ts'].includes(file);
        assert.ok(isBuiltin || isOptionalPeer, `${file} loads the package ${reference}, which is not a dependency`);
      }
    }
  }
});

test('npm publish --dry-run is clean, and package.json has what a registry page shows', TIMEOUT, async () => {
  const publish = await run('npm', ['publish', '--dry-run', '--offline'], ROOT);
  assertSucceeded(publish, 'npm publish --dry-run');
  // No credentials here, and a dry run needs none: npm's remark about them is not about the package.
  const warnings = publish.stderr.split('\n').filter((line) => /^npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
  assert.deepEqual(warnings, []);
  const manifest = JSON.parse(await fs.readFile(installed('package.json'), 'utf8'));
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.license, 'Apache-2.0');
  assert.match(manifest.repository.url, /^git\+https:\/\//);
  assert.match(manifest.homepage, /^https:\/\//);
  assert.match(manifest.bugs.url, /^https:\/\//);
  assert.ok(manifest.keywords.includes('neo4j') && manifest.keywords.includes('webassembly'));
});

/** Whether a top-level statement acts on another module when its module is imported: it calls
 * or assigns through a binding that the module imports (`useCore(...)`, `await initCore()`). */
function actsOnImport(statement, imported) {
  if (statement.type !== 'ExpressionStatement') return false;
  let node = statement.expression;
  for (;;) {
    if (node.type === 'AwaitExpression') node = node.argument;
    else if (node.type === 'CallExpression') node = node.callee;
    else if (node.type === 'AssignmentExpression') node = node.left;
    else if (node.type === 'MemberExpression') node = node.object;
    else break;
  }
  return node.type === 'Identifier' && imported.has(node.name);
}

test('sideEffects lists exactly the modules that act on others when imported, and the classic script', TIMEOUT, async () => {
  const manifest = JSON.parse(await fs.readFile(installed('package.json'), 'utf8'));
  const withEffects = [];
  for (const file of packedFiles().filter((f) => f.startsWith('lib/') && f.endsWith('.js'))) {
    const ast = parseAst(await fs.readFile(installed(file), 'utf8'));
    const imported = new Set(ast.body.filter((n) => n.type === 'ImportDeclaration').flatMap((n) => n.specifiers.map((s) => s.local.name)));
    if (ast.body.some((statement) => actsOnImport(statement, imported))) withEffects.push(`./${file}`);
  }
  assert.ok(withEffects.includes('./lib/browser.js') && withEffects.includes('./lib/rx.js'), `found: ${withEffects.join(', ')}`);
  assert.deepEqual(manifest.sideEffects.filter((p) => p.startsWith('./lib/')).sort(), withEffects.sort());
  assert.ok(manifest.sideEffects.includes('./pkg/script/*.js'), 'the classic script sets a global');
});

for (const version of [20, 22]) {
  test(`Node ${version}: \`import neo4j from "neo4j-wasm"\` runs the scenario over TCP and over WebSocket, silently`, TIMEOUT, async () => {
    for (const [transport, address] of [['tcp', env.NEO4J_WASM_KGLITE], ['websocket', env.NEO4J_WASM_KGLITE_WS]]) {
      // Node 20 has a global WebSocket only with this flag (the README says so).
      const flags = version === 20 && transport === 'websocket' ? ['--experimental-websocket'] : [];
      const via = `node${version}-${transport}`;
      const result = await run(version === 20 ? process.execPath : node22(),
        [...flags, 'run-scenario.mjs', boltUri(address), transport, via], scratch.dir);
      assertSucceeded(result, `node ${via}`);
      assert.equal(result.stderr, '', `nothing on stderr (${via})`);
      assert.deepEqual(checkObservation(JSON.parse(result.stdout), via), {});
    }
  });

  test(`Node ${version}: \`require("neo4j-wasm")\` runs the scenario over TCP, with no warning on stderr`, TIMEOUT, async () => {
    const result = await run(version === 20 ? process.execPath : node22(), ['node-cjs.cjs', boltUri(env.NEO4J_WASM_KGLITE)], scratch.dir);
    assertSucceeded(result, 'node node-cjs.cjs');
    assert.equal(result.stderr, '', 'nothing on stderr');
    assert.deepEqual(checkObservation(JSON.parse(result.stdout), 'node-cjs'),
      { required: { driver: 'function', defaultDriver: 'function' } });
  });
}

test('Node with neo4j-wasm/init: the browser build, its core loaded from the bytes of neo4j-wasm/core.wasm, runs the scenario over WebSocket', TIMEOUT, async () => {
  // Node 20 has a global WebSocket only with this flag.
  const result = await run(process.execPath, ['--experimental-websocket', 'node-init.mjs', boltUri(env.NEO4J_WASM_KGLITE_WS)], scratch.dir);
  assertSucceeded(result, 'node node-init.mjs');
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.deepEqual(checkObservation(JSON.parse(result.stdout), 'node-init'), {});
});

test('Node with neo4j-wasm/init and no global WebSocket: the browser build, which has no TCP, refuses the driver and names the Node entry', TIMEOUT, async () => {
  const result = await run(process.execPath, ['node-init.mjs', boltUri(env.NEO4J_WASM_KGLITE), 'refused'], scratch.dir);
  assertSucceeded(result, 'node node-init.mjs refused');
  const { refused } = JSON.parse(result.stdout);
  assert.match(refused, /no global WebSocket, and this build of the driver \(the one for browsers\) has no TCP/);
  assert.match(refused, /import the package's Node entry, which connects over TCP/);
});

/**
 * Runs the scenario in the page at `pagePath` of the scratch project with the kglite WebSocket
 * bridge in `?uri=`, checks what it saw, records what the page downloaded under `via`, and
 * checks that it fetched `wasmFiles` .wasm files.
 */
async function checkPage(pagePath, via, wasmFiles) {
  const uri = boltUri(env.NEO4J_WASM_KGLITE_WS);
  const { observation, fetched } = await observeInChromium(chromium.browser,
    `${scratch.site.url}/${pagePath}${pagePath.includes('?') ? '&' : '?'}uri=${encodeURIComponent(uri)}`);
  checkObservation(observation, via);
  const downloaded = await downloadSizes(scratch.dir, fetched);
  const total = (key) => downloaded.reduce((sum, file) => sum + file[key], 0);
  downloads[via] = { page: pagePath, bytes: total('bytes'), gzipped: total('gzipped'), files: downloaded };
  assert.equal(downloaded.filter((f) => f.path.endsWith('.wasm')).length, wasmFiles, `.wasm files downloaded by ${pagePath}`);
}

/** Fails if a script of the bundle in `dir` imports a Node built-in or calls require(). */
async function checkBundleForBrowsers(dir) {
  const files = (await fs.readdir(dir, { recursive: true })).filter((f) => f.endsWith('.js'));
  assert.ok(files.length > 0, `no JavaScript in ${dir}`);
  const builtins = new Set(builtinModules);
  for (const file of files) {
    for (const { kind, specifier } of referencesOfScript(await fs.readFile(path.join(dir, file), 'utf8'))) {
      assert.notEqual(kind, 'require', `${file} calls require()`);
      assert.ok(specifier === null || !(specifier.startsWith('node:') || builtins.has(specifier)), `${file} loads the Node built-in ${specifier}`);
    }
  }
}

/** A command-line tool installed in the repository's node_modules. */
const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);

/** Copies the package's .wasm into `dir`, the copy step of a build whose bundler does not. */
async function copyWasm(dir) {
  await fs.copyFile(installed('pkg/web/neo4j_wasm_bg.wasm'), path.join(dir, 'neo4j_wasm_bg.wasm'));
}

test('Vite: an app importing the package builds without warnings and runs the scenario in Chromium', TIMEOUT, async () => {
  const appDir = path.join(scratch.dir, 'vite-app');
  const build = await run(bin('vite'), ['build', '--base', './', '--outDir', 'dist', '--emptyOutDir'], appDir);
  assertSucceeded(build, 'vite build');
  assert.equal(build.stderr, '', 'vite build printed to stderr');
  assert.doesNotMatch(build.stdout, /externalized for browser compatibility/);
  await checkBundleForBrowsers(path.join(appDir, 'dist'));
  await checkPage('vite-app/dist/index.html', 'vite', 1);
});

test('webpack 5 with no config: the .wasm becomes an asset, and the page runs the scenario in Chromium', TIMEOUT, async () => {
  const appDir = path.join(scratch.dir, 'webpack-app');
  await fs.rm(path.join(appDir, 'dist'), { recursive: true, force: true });
  const build = await run(bin('webpack'), ['--mode', 'production'], appDir);
  assertSucceeded(build, 'webpack --mode production');
  // Its only warnings: the .wasm is larger than webpack's default budget of 244 KiB.
  const warnings = build.stdout.split('\n')
    .filter((line) => /^WARNING in/.test(line) && !/asset size limit|performance recommendations/.test(line));
  assert.deepEqual(warnings, [], build.stdout);
  await checkBundleForBrowsers(path.join(appDir, 'dist'));
  await checkPage('webpack-app/index.html', 'webpack', 1);
});

test('esbuild: the inlined entry needs only --bundle --format=esm (and --minify); the main entry also a copy of the .wasm', TIMEOUT, async () => {
  const appDir = path.join(scratch.dir, 'esbuild-app');
  await fs.rm(path.join(appDir, 'dist'), { recursive: true, force: true });
  for (const name of ['inline', 'copy']) {
    const build = await run(bin('esbuild'), [`${name}.js`, '--bundle', '--format=esm', '--minify', `--outdir=dist/${name}`, '--log-level=warning'], appDir);
    assertSucceeded(build, `esbuild ${name}.js`);
    assert.equal(build.stderr, '', `esbuild ${name}.js printed warnings`);
  }
  await copyWasm(path.join(appDir, 'dist/copy'));
  await checkBundleForBrowsers(path.join(appDir, 'dist'));
  await checkPage('bundle.html?bundle=esbuild-app/dist/inline/inline.js', 'esbuild-inline', 0);
  await checkPage('bundle.html?bundle=esbuild-app/dist/copy/copy.js', 'esbuild-copy', 1);
});

test('Rollup with node-resolve: the inlined entry as it is; the main entry with a copy of the .wasm', TIMEOUT, async () => {
  const appDir = path.join(scratch.dir, 'rollup-app');
  await fs.rm(path.join(appDir, 'dist'), { recursive: true, force: true });
  const build = await run(bin('rollup'), ['-c'], appDir);
  assertSucceeded(build, 'rollup -c');
  // Rollup notes the package's circular imports (lib/graph-types.js and lib/mapping.js import
  // each other, which ES modules allow); nothing else.
  const warnings = [...build.stderr.matchAll(/\(!\) (.*)/g)].map((m) => m[1].replace(/\x1b\[[0-9;]*m/g, ''));
  assert.deepEqual(warnings.filter((w) => w !== 'Circular dependencies'), [], build.stderr);
  await copyWasm(path.join(appDir, 'dist/copy'));
  await checkBundleForBrowsers(path.join(appDir, 'dist'));
  await checkPage('bundle.html?bundle=rollup-app/dist/inline/inline.js', 'rollup-inline', 0);
  await checkPage('bundle.html?bundle=rollup-app/dist/copy/copy.js', 'rollup-copy', 1);
});

test('a page without a bundler imports node_modules/neo4j-wasm/lib/browser.js and runs the scenario in Chromium', TIMEOUT, async () => {
  await checkPage('plain.html', 'plain-module', 1);
});

test('the classic script sets the global `neo4j`; after `neo4j.ready` it runs the scenario in Chromium', TIMEOUT, async () => {
  await checkPage('script.html', 'classic-script', 0);
});

/** Type-checks `file` in `dir` with `tsc --strict --noEmit` and the given module options.
 * `dom` gives AbortSignal (Node projects get it from @types/node) and `esnext.disposable` gives
 * Symbol.asyncDispose: the declarations need both, as neo4j-driver's do. */
async function typeCheck(dir, file, moduleOptions) {
  const config = path.join(dir, `tsconfig.${path.basename(file, '.ts')}.${moduleOptions.moduleResolution}.json`);
  await fs.writeFile(config, JSON.stringify({
    compilerOptions: {
      ...moduleOptions, target: 'es2022', lib: ['es2022', 'esnext.disposable', 'dom'], types: [], skipLibCheck: false,
    },
    files: [file],
  }, null, 2));
  const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config,
    '--strict', '--noEmit'], dir);
  assertSucceeded(tsc, `tsc --strict --noEmit -p ${path.basename(config)}`);
}

const NODENEXT = { module: 'nodenext', moduleResolution: 'nodenext' };
const BUNDLER = { module: 'esnext', moduleResolution: 'bundler' };

test('TypeScript: neo4j-driver-style usage type-checks with module/moduleResolution nodenext', TIMEOUT, async () => {
  await typeCheck(scratch.dir, 'usage.ts', NODENEXT);
});

test('TypeScript: neo4j-driver-style usage type-checks with moduleResolution bundler', TIMEOUT, async () => {
  await typeCheck(scratch.dir, 'usage.ts', BUNDLER);
});

test('TypeScript: the entries neo4j-wasm/init and neo4j-wasm/inline type-check with nodenext and bundler', TIMEOUT, async () => {
  await typeCheck(scratch.dir, 'usage-init.ts', NODENEXT);
  await typeCheck(scratch.dir, 'usage-init.ts', BUNDLER);
});

test('TypeScript: the default import also names the types (`neo4j.Driver`), as in neo4j-driver under nodenext', TIMEOUT, async () => {
  await typeCheck(scratch.dir, 'usage-namespace.ts', NODENEXT);
});

test('with rxjs installed, `import "neo4j-wasm/rx"` makes driver.rxSession() work, and reactive usage type-checks', TIMEOUT, async () => {
  // The optional peer dependency: the scratch project finds the repository's rxjs.
  const script = `import neo4j from 'neo4j-wasm';
    import 'neo4j-wasm/rx';
    import { lastValueFrom } from 'rxjs';
    const driver = neo4j.driver(process.argv[1], neo4j.auth.none());
    const session = driver.rxSession();
    const record = await lastValueFrom(session.run('RETURN 40 + 2 AS answer').records());
    await lastValueFrom(session.close(), { defaultValue: null });
    await driver.close();
    console.log(record.get('answer').toString());`;
  const result = await run(process.execPath, ['--input-type=module', '-e', script, boltUri(env.NEO4J_WASM_KGLITE)], scratch.dir);
  assertSucceeded(result, 'node with neo4j-wasm/rx');
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.equal(result.stdout.trim(), '42');
  await typeCheck(scratch.dir, 'usage-rx.ts', NODENEXT);
  await typeCheck(scratch.dir, 'usage-rx.ts', BUNDLER);
});

test('TypeScript: the usage files are valid against neo4j-driver 6 itself, the reference', TIMEOUT, async () => {
  const dir = path.join(scratch.dir, 'reference');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(path.join(dir, 'node_modules'), { recursive: true });
  for (const dependency of ['neo4j-driver', 'rxjs']) {
    await fs.symlink(path.join(ROOT, 'node_modules', dependency), path.join(dir, 'node_modules', dependency));
  }
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'reference', private: true, type: 'module' }));
  for (const file of ['usage.ts', 'usage-namespace.ts', 'usage-rx.ts']) {
    const text = await fs.readFile(path.join(FIXTURES, file), 'utf8');
    // The official package has its reactive API in its main entry.
    await fs.writeFile(path.join(dir, file), text.replaceAll(/'neo4j-wasm(\/rx)?'/g, "'neo4j-driver'"));
  }
  await typeCheck(dir, 'usage.ts', NODENEXT);
  await typeCheck(dir, 'usage.ts', BUNDLER);
  await typeCheck(dir, 'usage-namespace.ts', NODENEXT);
  await typeCheck(dir, 'usage-rx.ts', NODENEXT);
  await typeCheck(dir, 'usage-rx.ts', BUNDLER);
});
