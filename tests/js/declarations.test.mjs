// The hand-written TypeScript declarations against the code they describe. Each lib/<module>.d.ts
// declares exactly what lib/<module>.js exports at runtime: the same names, each of the same
// kind (class, function, object with the same keys, or primitive); and each class declares its
// public members: the methods and accessors of its prototypes, the fields of a sample instance
// and its static members, no more and no fewer (members whose names start with `_` are left
// out). lib/index.d.ts is the package's entry: lib/index.js's exports plus the default export
// that lib/node.js and lib/browser.js add. Every module that provides part of the public API has
// a declaration, the declarations compile under --strict, and the usage fixtures in
// tests/packaging type-check against them with the module settings users have.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIB = path.join(ROOT, 'lib');
const FIXTURES = path.join(ROOT, 'tests/packaging');

/** The compiler settings of the packaging tests: what the declarations need (AbortSignal from
 * `dom`, Symbol.asyncDispose from `esnext.disposable`), no @types packages. */
const COMPILER_OPTIONS = {
  strict: true, noEmit: true, skipLibCheck: false, target: ts.ScriptTarget.ES2022, types: [],
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
};
const NODENEXT = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
const BUNDLER = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };

/** Entry modules that load only in the runtime they are for, and so not here: workerd.js
 * imports a .wasm file as a module, which Node does not. Their types are index.d.ts, through
 * the package's `types` export condition. */
const ONLY_IN_THEIR_RUNTIME = new Set(['workerd.js']);

const declarationFiles = fs.readdirSync(LIB).filter((f) => f.endsWith('.d.ts')).sort();
const moduleOf = (file) => file.replace(/\.d\.ts$/, '.js');

/** Compiles `files` and returns the program, failing on any diagnostic. */
function compile(files, moduleOptions, what) {
  const program = ts.createProgram(files, { ...COMPILER_OPTIONS, ...moduleOptions });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const text = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n',
  });
  assert.equal(diagnostics.length, 0, `${what}:\n${text}`);
  return program;
}

// --- the declarations, as the compiler reads them ------------------------------------------------

let checker;
/** Declared value exports of each declaration file: name → the symbol declaring the value. */
const declared = new Map();

/** The symbol behind an export, following re-exports, or null when the export is a type only. */
function valueSymbol(symbol) {
  let current = symbol;
  for (;;) {
    if (current.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d))) return null;
    if (!(current.flags & ts.SymbolFlags.Alias)) break;
    current = checker.getImmediateAliasedSymbol(current);
  }
  return current.flags & ts.SymbolFlags.Value ? current : null;
}

/** A member's name as the runtime spells it: `Symbol.asyncIterator` for a well-known symbol. */
function memberName(symbol) {
  const wellKnown = /^__@(\w+)@\d+$/.exec(symbol.escapedName);
  return wellKnown ? `Symbol.${wellKnown[1]}` : symbol.name;
}

const isPublicName = (name) => !name.startsWith('_') && !name.startsWith('#') && name !== 'constructor';
const HIDDEN = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;

/** The public member names of a type (neither private, protected nor `_`-prefixed). */
function publicMembers(type) {
  return checker.getPropertiesOfType(type)
    .filter((p) => !(p.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d) & HIDDEN))
    .map(memberName).filter(isPublicName);
}

/** What a declared value is: 'class', 'function', 'object' or a primitive's `typeof`. */
function declaredKind(symbol) {
  if (symbol.flags & ts.SymbolFlags.Class) return 'class';
  const type = checker.getTypeOfSymbol(symbol);
  if (type.getCallSignatures().length > 0) return 'function';
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (type.flags & ts.TypeFlags.NumberLike) return 'number';
  if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  return 'object';
}

// --- the modules, as Node loads them ------------------------------------------------------------

/** Runtime exports of each lib module that has a declaration, by declaration file. */
const runtime = new Map();
/** Every class lib exports, to tell lib's prototypes from built-in ones. */
const libClasses = new Set();

const isClass = (value) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));

/** What a runtime value is: 'class', 'function', 'object' or a primitive's `typeof`. */
const runtimeKind = (value) => (isClass(value) ? 'class' : typeof value);

/**
 * Imports lib/browser.js in Node: its core fetches the .wasm next to it by a file: URL, which
 * Node's fetch does not read, so such URLs are read from disk while it loads.
 */
async function importBrowserEntry() {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => (url instanceof URL && url.protocol === 'file:'
    ? new Response(await fs.promises.readFile(url), { headers: { 'content-type': 'application/wasm' } })
    : realFetch(url, init));
  try {
    return await import(pathToFileURL(path.join(LIB, 'browser.js')).href);
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** Instances with their fields set, by class name, for the check of instance fields, made with
 * `api` (every export of lib). Classes without one here are checked by their prototypes alone. */
function sampleInstances(api) {
  const pending = () => new Promise(() => {});
  const state = { status: 'active', core: null, onEnd() {} };
  const profile = { operatorType: 'Scan', identifiers: ['n'], args: {}, dbHits: 1, rows: 1, pageCacheMisses: 0,
    pageCacheHits: 0, pageCacheHitRatio: 0, time: 1, children: [] };
  const node = new api.Node(api.int(1), ['L'], {}, '1');
  const relationship = new api.Relationship(api.int(2), api.int(1), api.int(1), 'T', {}, '2', '1', '1');
  const version = new api.ProtocolVersion(5, 8);
  const summary = new api.ResultSummary('RETURN 1', {}, { server: { address: 'a:7687', version: 'Neo4j/5' } }, version);
  return {
    Driver: new api.Driver({}),
    Session: new api.Session({}),
    Transaction: new api.Transaction(pending(), state),
    TransactionPromise: new api.TransactionPromise(pending(), state),
    ManagedTransaction: new api.ManagedTransaction({}),
    Result: new api.Result(pending(), 'RETURN 1', {}),
    EagerResult: new api.EagerResult(['n'], [], summary),
    Record: new api.Record(['n'], [1]),
    ResultSummary: summary,
    Plan: new api.Plan(profile),
    ProfiledPlan: new api.ProfiledPlan(profile),
    QueryProfile: new api.QueryProfile(profile),
    QueryStatistics: new api.QueryStatistics({ 'nodes-created': 1 }),
    ServerInfo: new api.ServerInfo({ address: 'a:7687', version: 'Neo4j/5' }, version),
    Notification: new api.Notification({ code: 'c', title: 't', description: 'd', severity: 'WARNING', category: 'HINT',
      position: { offset: 0, line: 1, column: 1 } }),
    GqlStatusObject: new api.GqlStatusObject({ gql_status: '01N42', status_description: 'd', neo4j_code: 'c',
      diagnostic_record: { _severity: 'WARNING', _classification: 'HINT', _position: { offset: 0, line: 1, column: 1 } } }),
    ProtocolVersion: version,
    Integer: api.int(1),
    Node: node,
    Relationship: relationship,
    UnboundRelationship: new api.UnboundRelationship(api.int(2), 'T', {}, '2'),
    PathSegment: new api.PathSegment(node, relationship, node),
    Path: new api.Path(node, node, [new api.PathSegment(node, relationship, node)]),
    Point: new api.Point(4326, 1, 2, 3),
    Duration: new api.Duration(1, 2, 3, 4),
    LocalTime: new api.LocalTime(1, 2, 3, 4),
    Time: new api.Time(1, 2, 3, 4, 3600),
    Date: new api.Date(2024, 2, 29),
    LocalDateTime: new api.LocalDateTime(2024, 2, 29, 1, 2, 3, 4),
    DateTime: new api.DateTime(2024, 2, 29, 1, 2, 3, 4, 3600, 'Europe/Stockholm'),
    Vector: api.vector(new Int8Array([1])),
    UUID: api.uuid('0a1b2c3d-0000-4000-8000-00000000000f'),
    UnsupportedType: new api.UnsupportedType('VECTOR', 6, 0, 'needs Bolt 6.0'),
    GQLError: new api.GQLError('m', '50N42', 'd', { OPERATION: '', OPERATION_CODE: '0', CURRENT_SCHEMA: '/' }, new Error('c')),
    Neo4jError: new api.Neo4jError('m', 'N/A', '50N42', 'd', { OPERATION: '', OPERATION_CODE: '0', CURRENT_SCHEMA: '/' },
      new Error('c')),
    EnvelopeEncryptionProfile: new api.EnvelopeEncryptionProfile({
      name: 'p',
      encapsulationService: api.localKeyEncapsulationService(new Uint8Array(32)),
      keyRepository: { findById: pending, findByAlias: pending, create: pending, setAliasById: pending, deleteById: pending },
    }),
  };
}
let samples;

/** Well-known symbols by name (Node 20 describes its own Symbol.asyncDispose as `nodejs.asyncDispose`). */
const WELL_KNOWN = new Map(Object.getOwnPropertyNames(Symbol)
  .filter((name) => typeof Symbol[name] === 'symbol').map((name) => [Symbol[name], `Symbol.${name}`]));
const keyName = (key) => (typeof key === 'symbol' ? WELL_KNOWN.get(key) ?? key.toString() : key);
/** A member name as a property key: `Symbol.x` is the well-known symbol. */
const keyOf = (name) => (name.startsWith('Symbol.') ? Symbol[name.slice('Symbol.'.length)] : name);

/** Public member names of a class at runtime: its prototypes' (up to the first that is not
 * lib's), the sample's own enumerable fields, and its static members. */
function runtimeMembers(Class, sample) {
  const instance = new Set();
  for (let proto = Class.prototype; proto !== null && libClasses.has(proto.constructor); proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) instance.add(keyName(key));
  }
  if (sample !== undefined) {
    for (const key of Reflect.ownKeys(sample)) {
      if (Object.prototype.propertyIsEnumerable.call(sample, key)) instance.add(keyName(key));
    }
  }
  const statics = new Set();
  for (let ctor = Class; libClasses.has(ctor); ctor = Object.getPrototypeOf(ctor)) {
    for (const key of Reflect.ownKeys(ctor)) statics.add(keyName(key));
  }
  for (const builtIn of ['length', 'name', 'prototype']) statics.delete(builtIn);
  return { instance: [...instance].filter(isPublicName).sort(), statics: [...statics].filter(isPublicName).sort() };
}

before(async () => {
  // The entry modules load the core, which the other modules use; node.js first.
  await import(pathToFileURL(path.join(LIB, 'node.js')).href);
  for (const file of declarationFiles) {
    const js = moduleOf(file);
    runtime.set(file, js === 'browser.js'
      ? await importBrowserEntry()
      : await import(pathToFileURL(path.join(LIB, js)).href));
  }
  for (const exports of runtime.values()) {
    for (const value of Object.values(exports)) if (isClass(value)) libClasses.add(value);
  }
  samples = sampleInstances(Object.assign({}, ...runtime.values()));

  const program = compile(declarationFiles.map((f) => path.join(LIB, f)), NODENEXT, 'the declarations do not compile');
  checker = program.getTypeChecker();
  for (const file of declarationFiles) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(LIB, file)));
    const values = new Map();
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const value = valueSymbol(symbol);
      if (value !== null) values.set(symbol.name, value);
    }
    declared.set(file, values);
  }
});

// --- the checks ---------------------------------------------------------------------------------

test('every declaration file describes a module of lib/, and every module of the public API has one', async () => {
  for (const file of declarationFiles) {
    assert.ok(fs.existsSync(path.join(LIB, moduleOf(file))), `lib/${file} describes no module: lib/${moduleOf(file)} is missing`);
  }
  const publicValues = new Set(Object.values(runtime.get('index.d.ts')));
  for (const js of fs.readdirSync(LIB).filter((f) => f.endsWith('.js'))) {
    if (declarationFiles.includes(js.replace(/\.js$/, '.d.ts')) || ONLY_IN_THEIR_RUNTIME.has(js)) continue;
    const exports = await import(pathToFileURL(path.join(LIB, js)).href);
    const reached = Object.keys(exports).filter((name) => publicValues.has(exports[name]));
    assert.deepEqual(reached, [], `lib/${js} provides part of the public API but has no lib/${js.replace(/\.js$/, '.d.ts')}`);
  }
});

test('each declaration file declares exactly the values its module exports', () => {
  for (const file of declarationFiles) {
    const names = [...declared.get(file).keys()];
    let expected = Object.keys(runtime.get(file));
    if (file === 'index.d.ts') {
      // The package's entry types: index.js's exports and the default the entry modules add.
      assert.ok(!expected.includes('default'), 'lib/index.js has no default export: node.js and browser.js add it');
      expected = [...expected, 'default'];
    }
    assert.deepEqual(names.sort(), expected.sort(), `lib/${file} against the exports of lib/${moduleOf(file)}`);
  }
});

test('each declared value has the kind of its runtime value, and objects have the same keys', () => {
  for (const file of declarationFiles) {
    const exports = file === 'index.d.ts' ? runtime.get('node.d.ts') : runtime.get(file);
    for (const [name, symbol] of declared.get(file)) {
      const value = exports[name];
      const label = `lib/${file}: ${name}`;
      assert.equal(declaredKind(symbol), runtimeKind(value), label);
      if (runtimeKind(value) === 'object') {
        const keys = checker.getPropertiesOfType(checker.getTypeOfSymbol(symbol)).map(memberName);
        assert.deepEqual(keys.sort(), Object.keys(value).sort(), `${label}: declared keys against runtime keys`);
      }
    }
  }
});

test('each declared class has exactly the public members of its runtime class', () => {
  const checked = new Set();
  for (const file of declarationFiles) {
    for (const [name, symbol] of declared.get(file)) {
      const Class = runtime.get(file)[name];
      if (!(symbol.flags & ts.SymbolFlags.Class) || checked.has(Class)) continue;
      checked.add(Class);
      const sample = samples[Class.name];
      const label = `lib/${path.basename(symbol.declarations[0].getSourceFile().fileName)}: class ${Class.name}`;
      const declaredInstance = publicMembers(checker.getDeclaredTypeOfSymbol(symbol));
      const declaredStatics = publicMembers(checker.getTypeOfSymbol(symbol)).filter((n) => n !== 'prototype');
      const actual = runtimeMembers(Class, sample);
      const undeclared = actual.instance.filter((n) => !declaredInstance.includes(n));
      assert.deepEqual(undeclared, [], `${label}: public runtime members that are not declared`);
      const missing = declaredInstance.filter((n) => !(keyOf(n) in (sample ?? Class.prototype)));
      assert.deepEqual(missing, [], `${label}: declared members missing at runtime` +
        (sample === undefined ? ' (for instance fields, give the class a sample instance in this test)' : ''));
      assert.deepEqual(actual.statics.filter((n) => !declaredStatics.includes(n)), [], `${label}: undeclared static members`);
      assert.deepEqual(declaredStatics.filter((n) => !(keyOf(n) in Class)), [], `${label}: declared static members missing at runtime`);
    }
  }
  assert.equal(checked.size, libClasses.size, 'every class lib exports is checked');
  const unused = Object.keys(samples).filter((name) => ![...checked].some((Class) => Class.name === name));
  assert.deepEqual(unused, [], 'samples of no exported class');
});

for (const [label, options] of [['nodenext', NODENEXT], ['bundler', BUNDLER]]) {
  test(`the usage fixtures type-check against the declarations, moduleResolution ${label}`, () => {
    // They import 'neo4j-wasm' by name: the repository's own package.json resolves it to lib/index.d.ts.
    compile(['usage.ts', 'usage-namespace.ts', 'usage-rx.ts'].map((f) => path.join(FIXTURES, f)), options, `tsc --strict (${label})`);
  });
}
