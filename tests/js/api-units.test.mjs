// Unit tests of the hand-written JS API (lib/): the tape reader, records, summaries, errors,
// auth, token and bookmark managers, logging, notification constants, result transformers and
// the mapping rules of values the test servers cannot send. Wherever the
// official neo4j-driver can take the same inputs, both are run and their outcomes compared.
// Run: node --test tests/js/api-units.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import neo4j from 'neo4j-driver';

import { int, isInt } from '../../lib/integer.js';
import { Record, createFieldLookup } from '../../lib/record.js';
import { readTape } from '../../lib/tape.js';
import { writeParameters } from '../../lib/parameters.js';
import {
  ResultSummary, QueryStatistics, Plan, ProfiledPlan, QueryProfile, Notification,
  GqlStatusObject, ServerInfo, queryType, withDefaultDiagnosticRecords
} from '../../lib/result-summary.js';
import {
  Neo4jError, GQLError, newError, error, isRetriableError, isRetryableError,
  SERVICE_UNAVAILABLE, SESSION_EXPIRED, PROTOCOL_ERROR
} from '../../lib/error.js';
import { auth } from '../../lib/auth.js';
import { authTokenManagers } from '../../lib/auth-token-managers.js';
// From the entry, which loads the core the manager keeps its bookmarks in.
import { bookmarkManager } from '../../lib/node.js';
import { logging } from '../../lib/logging.js';
import * as filters from '../../lib/notification-filter.js';
import { EagerResult, resultTransformers } from '../../lib/result-transformers.js';
import { rule } from '../../lib/mapping.js';
import { vector, isVector } from '../../lib/vector.js';
import { uuid, isUUID } from '../../lib/uuid.js';

const require = createRequire(import.meta.url);
const core = require('neo4j-driver-core');
// The official protocol layer's metadata steps between a Bolt SUCCESS and its ResultSummary:
// `t_first`/`t_last` renamed (Bolt 3+), statuses' diagnostic records completed (Bolt 5.6+).
const BoltV3 = require('neo4j-driver-bolt-connection/lib/bolt/bolt-protocol-v3.js').default;
const BoltV5x6 = require('neo4j-driver-bolt-connection/lib/bolt/bolt-protocol-v5x6.js').default;

// --- helpers ---

const OBSERVED_METHODS = ['hasPlan', 'hasProfile', 'containsUpdates', 'updates',
  'containsSystemUpdates', 'systemUpdates', 'hasPageCacheStats'];

/** A comparable picture of a value: class names, own keys in order, frozenness, the results
 * of the summary classes' query methods; Integers (ours or official) by their text. */
function picture(value) {
  if (typeof value === 'bigint') return { bigint: String(value) };
  if (value === null || typeof value !== 'object') return value;
  if (isInt(value) || neo4j.isInt(value)) return { integer: value.toString() };
  if (Array.isArray(value)) return value.map(picture);
  const out = {
    class: value.constructor?.name ?? null,
    keys: Object.keys(value),
    frozen: Object.isFrozen(value)
  };
  for (const key of Object.keys(value)) out[`.${key}`] = picture(value[key]);
  for (const method of OBSERVED_METHODS) {
    if (typeof value[method] === 'function') out[`${method}()`] = picture(value[method]());
  }
  if ('diagnosticRecordAsJsonString' in value) out.json = value.diagnosticRecordAsJsonString;
  return out;
}

/** The observable fields of an error. */
function errorPicture(e) {
  return {
    isError: e instanceof Error,
    name: e.name,
    message: e.message,
    code: e.code,
    gqlStatus: e.gqlStatus,
    gqlStatusDescription: e.gqlStatusDescription,
    diagnosticRecord: e.diagnosticRecord,
    classification: e.classification,
    rawClassification: e.rawClassification,
    retriable: e.retriable,
    retryable: e.retryable,
    cause: e.cause === undefined ? undefined : errorPicture(e.cause)
  };
}

/** `{ value }` or `{ error }` of calling `fn`. */
function outcome(fn) {
  try {
    return { value: picture(fn()) };
  } catch (e) {
    return { error: errorPicture(e) };
  }
}

/** Ours and the official's integer constructors for each integer mode of the driver. */
const INTEGER_MODES = {
  Integer: [int, neo4j.int],
  number: [(n) => n, (n) => n],
  BigInt: [BigInt, BigInt]
};

/** Builds both summaries from the same Bolt metadata (`metadataOf(integer)`) and compares. */
function assertSameSummary(metadataOf, { query = 'RETURN 1', parameters = { a: 1 },
  protocolVersion = new neo4j.ProtocolVersion(5, 6) } = {}) {
  for (const [mode, [ourInt, officialInt]] of Object.entries(INTEGER_MODES)) {
    // As each driver reads the metadata off the wire.
    const metadata = metadataOf(ourInt);
    const ours = new ResultSummary(query, parameters,
      { ...metadata, statuses: withDefaultDiagnosticRecords(metadata.statuses) }, protocolVersion);
    const boltMetadata = metadataOf(officialInt);
    const official = new neo4j.ResultSummary(query, parameters,
      BoltV5x6.prototype._enrichMetadata(BoltV3.prototype.transformMetadata(boltMetadata)),
      protocolVersion);
    assert.deepEqual(picture(ours), picture(official), `integer mode ${mode}`);
  }
}

const SERVER = { address: 'localhost:7687', version: 'Neo4j/5.26.0' };

// --- Record ---

describe('readTape', () => {
  // Tags of src/packstream/tape.rs.
  const [NULL, INT, INT64, FLOAT, STRING, LIST, MAP] = [0, 3, 4, 5, 6, 8, 9];
  const utf8 = (text) => new TextEncoder().encode(text);
  const read = (words, ascii, keys = [], mode = 0, floats = [], text = '') => readTape(Int32Array.from(words),
    Float64Array.from(floats), utf8(ascii), utf8(text), new Uint8Array(0), keys, mode);

  test('a repeated key keeps its first position and takes the last value; __proto__ is own', () => {
    const keys = [];
    const object = read([MAP, 4, 0, 1, INT, 1, 1, 9, LIST, 0, 2, 1, NULL, 0, INT, 3], 'a__proto__b', keys);
    assert.deepEqual(Object.keys(object), ['a', '__proto__', 'b']);
    assert.deepEqual([object.a, object.b], [int(3), null]);
    assert.equal(Object.getPrototypeOf(object), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(object, '__proto__'),
      { value: [], enumerable: true, writable: true, configurable: true });
    assert.deepEqual(keys, ['a', '__proto__', 'b']);
  });

  test('known keys come from the stream\'s list, unremembered ones (-1) from the text', () => {
    const keys = ['x'];
    // Other text than ASCII comes from its own buffer, its length ~(UTF-16 units): 'é😀' is three.
    const words = [MAP, 3, 0, FLOAT, -1, 1, STRING, ~3, -1, ~1, STRING, 2];
    assert.deepEqual(read(words, 'yab', keys, 0, [0.5], 'é😀\ufeff'), { x: 0.5, y: 'é😀', '\ufeff': 'ab' });
    assert.deepEqual(keys, ['x']);
  });

  test('integers in each mode', () => {
    const words = [LIST, 3, INT, -5, INT64, 0, 1, INT64, -1, 0x7fffffff];
    assert.deepEqual(read(words, ''), [int(-5), int(2 ** 32), int('9223372036854775807')]);
    assert.deepEqual(read(words, '', [], 1), [-5, 2 ** 32, Infinity]);
    assert.deepEqual(read(words, '', [], 2), [-5n, 2n ** 32n, 2n ** 63n - 1n]);
    // Numbers: ±Infinity beyond ±(2^53 - 1), as the official driver gives.
    assert.deepEqual(read([LIST, 2, INT64, 0, -0x200000, INT64, 1, -0x200000], '', [], 1), [-Infinity, -(2 ** 53 - 1)]);
  });
});

describe('Record', () => {
  const cases = [
    [['a', 'b', 'c'], [1, 'two', null]],
    [['x', 'x'], ['first', 'second']],
    [['toString', 'constructor', 'hasOwnProperty'], [1, 2, 3]],
    [[], []]
  ];
  const probes = ['a', 'b', 'c', 'x', 'toString', 'constructor', 'missing', '', 0, 1, 2, 3, -1,
    1.5];

  test('get, has, iteration and toObject behave as the official', () => {
    for (const [keys, fields] of cases) {
      const ours = new Record(keys, fields);
      const official = new neo4j.Record(keys, fields);
      assert.deepEqual(picture(ours), picture(official));
      for (const probe of probes) {
        assert.deepEqual(outcome(() => ours.get(probe)), outcome(() => official.get(probe)),
          `get(${probe}) of [${keys}]`);
        assert.equal(ours.has(probe), official.has(probe), `has(${probe}) of [${keys}]`);
      }
      const visits = (record) => {
        const seen = [];
        record.forEach((value, key, r) => seen.push([value, key, r === record]));
        return seen;
      };
      assert.deepEqual(visits(ours), visits(official));
      const mapper = (value, key, r) => [key, value, r.length];
      assert.deepEqual(ours.map(mapper), official.map(mapper));
      assert.deepEqual([...ours.entries()], [...official.entries()]);
      assert.deepEqual([...ours.values()], [...official.values()]);
      assert.deepEqual([...ours], [...official]);
      assert.deepEqual(ours.toObject(), official.toObject());
      assert.deepEqual(JSON.stringify(ours), JSON.stringify(official));
    }
  });

  test('a missing key or index fails with the official Neo4jError', () => {
    const record = new Record(['a'], [1]);
    assert.throws(() => record.get('b'), (e) => e instanceof Neo4jError &&
      e.message === "This record has no field with key 'b', available keys are: [a]." &&
      e.code === 'N/A' && e.gqlStatus === '50N42' && e.retriable === false);
    assert.throws(() => record.get(1), /no field with index '1'/);
  });

  test('records share a precomputed lookup', () => {
    const keys = ['n', 'm'];
    const lookup = createFieldLookup(keys);
    assert.equal(Object.getPrototypeOf(lookup), null);
    const first = new Record(keys, [1, 2], lookup);
    const second = new Record(keys, [3, 4], lookup);
    assert.equal(first._fieldLookup, second._fieldLookup);
    assert.deepEqual([first.get('m'), second.get('n'), second.get(1)], [2, 3, 4]);
    assert.deepEqual(lookup, Object.assign(Object.create(null), { n: 0, m: 1 }));
  });

  test('toObject makes own properties even of __proto__, never a prototype', () => {
    const payload = { polluted: true };
    const object = new Record(['__proto__', 'a'], [payload, 1]).toObject();
    assert.equal(Object.getPrototypeOf(object), Object.prototype);
    assert.ok(Object.hasOwn(object, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(object, '__proto__').value, payload);
    assert.equal(object.polluted, undefined);
    assert.deepEqual(Object.keys(object), ['__proto__', 'a']);
  });
});

// --- ResultSummary ---

describe('ResultSummary', () => {
  test('empty metadata', () => {
    assertSameSummary(() => ({}));
    assertSameSummary(() => ({}), { protocolVersion: undefined });
  });

  test('a write: type, counters, timings, database, server', () => {
    assertSameSummary((i) => ({
      t_first: i(12),
      t_last: i(3),
      type: 'w',
      db: 'neo4j',
      bookmark: 'FB:kcwQ',
      server: SERVER,
      stats: {
        'nodes-created': i(3),
        'nodes-deleted': i(1),
        'relationships-created': i(2),
        'relationships-deleted': i(4),
        'properties-set': i(5),
        'labels-added': i(6),
        'labels-removed': i(7),
        'indexes-added': i(8),
        'indexes-removed': i(9),
        'constraints-added': i(10),
        'constraints-removed': i(11),
        'unknown-counter': i(99)
      }
    }));
  });

  test('counters: contains-updates and system updates, given or derived', () => {
    assertSameSummary((i) => ({ type: 's', stats: { 'system-updates': i(2) } }));
    assertSameSummary((i) => ({ type: 's', stats: { 'system-updates': i(0) } }));
    assertSameSummary((i) => ({
      stats: { 'nodes-created': i(0), 'contains-updates': true, 'contains-system-updates': false }
    }));
    assertSameSummary((i) => ({
      stats: { 'properties-set': i(1), 'contains-updates': false, 'system-updates': i(4),
        'contains-system-updates': true }
    }));
  });

  test('an EXPLAIN plan', () => {
    assertSameSummary(() => ({
      type: 'r',
      plan: {
        operatorType: 'ProduceResults@neo4j',
        identifiers: ['n'],
        args: { planner: 'COST', 'planner-version': '5.0' },
        children: [
          { operatorType: 'Filter', identifiers: ['n'], args: {}, children: [
            { operatorType: 'AllNodesScan', identifiers: ['n'], args: { EstimatedRows: 10.0 } }
          ] }
        ]
      }
    }));
  });

  test('a PROFILE profile, with and without page cache figures', () => {
    assertSameSummary((i) => ({
      type: 'r',
      profile: {
        operatorType: 'ProduceResults',
        identifiers: ['n'],
        args: { Rows: i(2) },
        dbHits: i(7),
        rows: i(2),
        pageCacheHits: i(3),
        pageCacheMisses: i(1),
        pageCacheHitRatio: 0.75,
        time: i(1234),
        children: [
          { operatorType: 'AllNodesScan', identifiers: ['n'], args: {}, dbHits: i(3), rows: i(2) },
          { operatorType: 'Argument', identifiers: [], args: {} }
        ]
      }
    }));
  });

  test('notifications of older servers become GQL statuses after the stream status', () => {
    const notifications = (i) => [
      { code: 'Neo.ClientNotification.Statement.UnknownLabelWarning', title: 'Unknown label',
        description: 'The label `Persn` does not exist', severity: 'WARNING',
        category: 'UNRECOGNIZED', position: { offset: i(9), line: i(1), column: i(10) } },
      { code: 'Neo.ClientNotification.Statement.CartesianProduct', title: 'Cartesian product',
        description: 'A cartesian product', severity: 'INFORMATION', category: 'PERFORMANCE' },
      { code: 'Neo.ClientNotification.Made.Up', title: 'Odd', severity: 'FATAL',
        category: 'NEW_CATEGORY' },
      { code: 'Neo.ClientNotification.Bare' }
    ];
    const streams = [
      undefined,
      { have_records_streamed: true, pulled: true, has_keys: true },
      { have_records_streamed: false, pulled: true, has_keys: true },
      { have_records_streamed: false, pulled: false, has_keys: true },
      { have_records_streamed: false, pulled: true, has_keys: false }
    ];
    for (const stream of streams) {
      assertSameSummary((i) => ({ notifications: notifications(i), stream_summary: stream }),
        { protocolVersion: new neo4j.ProtocolVersion(5, 4) });
      assertSameSummary(() => ({ stream_summary: stream }));
    }
  });

  test('GQL statuses of newer servers, and the notifications they stand for', () => {
    const statuses = (i) => [
      { gql_status: '00000', status_description: 'note: successful completion',
        diagnostic_record: { OPERATION: '', OPERATION_CODE: '0', CURRENT_SCHEMA: '/' } },
      { gql_status: '01N50', status_description: 'warn: label does not exist',
        neo4j_code: 'Neo.ClientNotification.Statement.UnknownLabelWarning',
        title: 'Unknown label', description: 'The label `Persn` does not exist',
        diagnostic_record: { _severity: 'WARNING', _classification: 'UNRECOGNIZED',
          _position: { offset: i(9), line: i(1), column: i(10) },
          _status_parameters: { label: 'Persn', count: i(2) } } },
      { gql_status: '03N90', status_description: 'info: cartesian product',
        neo4j_code: 'Neo.ClientNotification.Statement.CartesianProduct', title: 'Cartesian',
        description: 'A cartesian product', diagnostic_record: { _severity: 'INFORMATION',
          _classification: 'SOMETHING_NEW', CURRENT_SCHEMA: '/custom' } },
      { gql_status: '03N42', status_description: 'info: no record', neo4j_code: 'Neo.X.Y.Z' },
      { gql_status: '02000', status_description: 'note: no data', diagnostic_record: null }
    ];
    assertSameSummary((i) => ({ statuses: statuses(i), t_first: i(1), t_last: i(2),
      server: SERVER, db: 'movies' }));
    // Notifications given too: the notifications are kept as sent.
    assertSameSummary((i) => ({ statuses: statuses(i),
      notifications: [{ code: 'Neo.ClientNotification.Other', title: 't', description: 'd',
        severity: 'WARNING', category: 'HINT' }] }));
    assertSameSummary(() => ({ statuses: [] }));
  });

  test('pre-GQL statuses come ordered: no data, warnings, success, information', () => {
    const summary = new ResultSummary('RETURN 1', {}, {
      stream_summary: { have_records_streamed: true, pulled: true, has_keys: true },
      notifications: [
        { code: 'info', severity: 'INFORMATION' },
        { code: 'warning', severity: 'WARNING' }
      ]
    });
    assert.deepEqual(summary.gqlStatusObjects.map((s) => s.gqlStatus),
      ['01N42', '00000', '03N42']);
    const empty = new ResultSummary('RETURN 1', {}, { stream_summary: { pulled: true } });
    assert.deepEqual(empty.gqlStatusObjects.map((s) => s.statusDescription), ['note: no data']);
  });

  test('timings keep their integer type; counters become numbers', () => {
    const ours = new ResultSummary('q', {}, {
      t_first: int(5), t_last: 6n, stats: { 'nodes-created': int(2), 'system-updates': 3n }
    });
    assert.ok(isInt(ours.resultAvailableAfter) && ours.resultAvailableAfter.toNumber() === 5);
    assert.equal(ours.resultConsumedAfter, 6n);
    assert.equal(ours.counters.updates().nodesCreated, 2);
    assert.equal(ours.counters.systemUpdates(), 3);
    assert.ok(Object.isFrozen(ours.counters.updates()));
    // The names neo4j-driver's own constructor takes work too.
    const official = new ResultSummary('q', {}, { result_available_after: 1, result_consumed_after: 2 });
    assert.deepEqual([official.resultAvailableAfter, official.resultConsumedAfter], [1, 2]);
  });

  test('class exports match the official names and queryType', () => {
    const classes = { ResultSummary, QueryStatistics, Plan, ProfiledPlan, QueryProfile,
      Notification, GqlStatusObject, ServerInfo };
    for (const [name, cls] of Object.entries(classes)) assert.equal(cls.name, name);
    assert.deepEqual(queryType, core.queryType);
    assert.ok(new ResultSummary('q', {}, {}).server instanceof ServerInfo);
  });
});

// --- errors ---

describe('Neo4jError', () => {
  const codes = [SERVICE_UNAVAILABLE, SESSION_EXPIRED, PROTOCOL_ERROR, 'N/A', undefined,
    'Neo.TransientError.General.DatabaseUnavailable', 'Neo.TransientError.Transaction.Terminated',
    'Neo.TransientError.Cluster.NotALeader', 'Neo.ClientError.Security.AuthorizationExpired',
    'Neo.ClientError.Security.Unauthorized', 'Neo.ClientError.Security.TokenExpired',
    'Neo.ClientError.Statement.SyntaxError', 'Neo.ClientError.Cluster.NotALeader',
    'Neo.DatabaseError.General.UnknownError', 'Neo.ClientError.Transaction.Terminated'];

  test('retriability by code is the official one', () => {
    for (const code of codes) {
      const ours = new Neo4jError('m', code, '50N42', 'd');
      const official = new neo4j.Neo4jError('m', code, '50N42', 'd');
      assert.equal(ours.retriable, official.retriable, code);
      assert.equal(ours.retryable, official.retryable, code);
      assert.equal(Neo4jError.isRetriable(ours), neo4j.Neo4jError.isRetriable(official), code);
      assert.equal(isRetryableError(ours), neo4j.isRetryableError(official), code);
      assert.equal(isRetriableError(ours), neo4j.Neo4jError.isRetriable(official), code);
    }
    for (const other of [null, undefined, new Error('x'), { retriable: true }]) {
      assert.equal(isRetriableError(other), false);
      assert.equal(isRetryableError(other), false);
    }
  });

  test('fields are the official ones', () => {
    const records = [undefined, { _classification: 'CLIENT_ERROR' },
      { OPERATION: '', _classification: 'TRANSIENT_ERROR', _status_parameters: { n: 1 } },
      { _classification: 'NOT_A_CLASSIFICATION' }, {}];
    for (const diagnosticRecord of records) {
      const ours = new Neo4jError('boom', 'Neo.ClientError.Statement.SyntaxError', '42001',
        'error: syntax error', diagnosticRecord);
      const official = new neo4j.Neo4jError('boom', 'Neo.ClientError.Statement.SyntaxError',
        '42001', 'error: syntax error', diagnosticRecord);
      assert.deepEqual(errorPicture(ours), errorPicture(official));
      assert.equal(ours.diagnosticRecordAsJsonString, official.diagnosticRecordAsJsonString);
    }
    assert.deepEqual(errorPicture(newError('x', SESSION_EXPIRED)),
      errorPicture(core.newError('x', SESSION_EXPIRED)));
  });

  test('causes chain through GQLError', () => {
    const make = (Gql, Neo) => new Neo('outer', 'Neo.ClientError.X', '22000', 'outer d', {},
      new Gql('inner', '22N01', 'inner d', { _classification: 'CLIENT_ERROR' }));
    const ours = make(GQLError, Neo4jError);
    const official = make(core.GQLError, core.Neo4jError);
    assert.deepEqual(errorPicture(ours), errorPicture(official));
    assert.equal(ours.cause.name, 'GQLError');
    assert.equal(ours.findByGqlStatus('22N01'), ours.cause);
    assert.equal(ours.findByGqlStatus('22000'), ours);
    assert.equal(ours.findByGqlStatus('00000'), undefined);
    assert.deepEqual(['22N01', '42000'].map((s) => ours.containsGqlCause(s)),
      ['22N01', '42000'].map((s) => official.containsGqlCause(s)));
    assert.ok(ours instanceof GQLError && ours instanceof Error);
  });

  test('the diagnostic record as JSON shows integers as text', () => {
    const record = { OPERATION: '', big: 12n, integer: int(7), nested: { when: 3 } };
    const official = { OPERATION: '', big: 12n, integer: neo4j.int(7), nested: { when: 3 } };
    assert.equal(new Neo4jError('m', 'c', 's', 'd', record).diagnosticRecordAsJsonString,
      new neo4j.Neo4jError('m', 'c', 's', 'd', official).diagnosticRecordAsJsonString);
  });

  test('retriable and retryable are own fields, as in the official, and retriable decides', () => {
    const args = ['lost', 'Neo.ClientError.General.Unknown', '50N42', 'd'];
    const e = new Neo4jError(...args);
    assert.deepEqual(Object.keys(e), Object.keys(new neo4j.Neo4jError(...args)));
    assert.equal(isRetryableError(e), false);
    e.retriable = true;
    assert.equal(isRetryableError(e), true);
  });

  test('error code constants', () => {
    assert.deepEqual(error, neo4j.error);
    assert.deepEqual([SERVICE_UNAVAILABLE, SESSION_EXPIRED, PROTOCOL_ERROR],
      [neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED, neo4j.error.PROTOCOL_ERROR]);
  });
});

// --- auth tokens ---

describe('auth', () => {
  test('tokens are the official ones, with the same keys in the same order', () => {
    const circular = { a: 1 };
    circular.self = circular;
    const calls = [
      ['basic', 'neo4j', 'pw'], ['basic', 'neo4j', 'pw', 'realm'], ['basic', 'neo4j', 'pw', null],
      ['basic', 'neo4j', 'pw', ''], ['kerberos', 'dGlja2V0'], ['bearer', 'dG9rZW4='], ['none'],
      ['custom', 'me', 'secret', 'realm', 'sso', { a: 1, b: [1n, 2] }],
      ['custom', 'me', '', '', 'sso', {}], ['custom', 'me', null, undefined, 'sso'],
      ['custom', undefined, 'secret', 'realm', 'sso', Object.create(null)],
      ['custom', 'me', 'secret', null, 'x', circular]
    ];
    for (const [name, ...args] of calls) {
      const ours = outcome(() => auth[name](...args));
      const official = outcome(() => neo4j.auth[name](...args));
      assert.deepEqual(ours, official, `${name}(${args.length} arguments)`);
    }
    assert.throws(() => auth.custom('me', 'secret', null, 'x', circular),
      (e) => e instanceof Neo4jError && !e.message.includes('secret'));
  });
});

// --- token managers ---

/** A provider of auth tokens `t1`, `t2`, ... with a given expiration, counting its calls. */
function countingProvider(expiration) {
  const provider = async () => {
    provider.calls += 1;
    return { token: auth.bearer(`t${provider.calls}`), expiration };
  };
  provider.calls = 0;
  return provider;
}

describe('authTokenManagers', () => {
  test('bearer: a new token once the expiration has passed (by the given clock)', async () => {
    let now = 1_000;
    const provider = countingProvider(new Date(2_000));
    const manager = authTokenManagers.bearer({ tokenProvider: provider }, () => now);
    assert.deepEqual(await manager.getToken(), auth.bearer('t1'));
    now = 2_000;
    assert.deepEqual(await manager.getToken(), auth.bearer('t1'));
    now = 2_001;
    assert.deepEqual(await manager.getToken(), auth.bearer('t2'));
    assert.equal(provider.calls, 2);
  });

  test('bearer: a token without expiration is kept', async () => {
    const provider = countingProvider(undefined);
    const manager = authTokenManagers.bearer({ tokenProvider: provider }, () => 1e15);
    await manager.getToken();
    await manager.getToken();
    assert.equal(provider.calls, 1);
  });

  test('concurrent getToken calls share one refresh', async () => {
    const pending = [];
    const manager = authTokenManagers.bearer({
      tokenProvider: () => new Promise((resolve) => pending.push(resolve))
    }, () => 0);
    const waiting = [manager.getToken(), manager.getToken(), manager.getToken()];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pending.length, 1);
    pending.forEach((resolve) => resolve({ token: auth.bearer('shared') }));
    assert.deepEqual(await Promise.all(waiting), Array(3).fill(auth.bearer('shared')));
  });

  test('a security error on the current token refreshes it', async () => {
    const provider = countingProvider(undefined);
    const manager = authTokenManagers.bearer({ tokenProvider: provider });
    const first = await manager.getToken();
    assert.equal(manager.handleSecurityException(auth.bearer('old'),
      'Neo.ClientError.Security.TokenExpired'), true);
    assert.deepEqual(await manager.getToken(), first, 'another token: nothing refreshed');
    assert.equal(manager.handleSecurityException({ ...first },
      'Neo.ClientError.Security.TokenExpired'), true);
    assert.deepEqual(await manager.getToken(), auth.bearer('t2'));
    assert.equal(manager.handleSecurityException(auth.bearer('t2'),
      'Neo.ClientError.Security.Forbidden'), false);
    assert.equal(provider.calls, 2);
  });

  test('a failed refresh fails getToken, and the next call tries again', async () => {
    let fail = true;
    const manager = authTokenManagers.basic({
      tokenProvider: () => {
        if (fail) throw new Error('provider down');
        return auth.basic('neo4j', 'rotated');
      }
    });
    await assert.rejects(manager.getToken(), /provider down/);
    fail = false;
    assert.deepEqual(await manager.getToken(), auth.basic('neo4j', 'rotated'));
  });

  test('a failed refresh nobody waits for is no unhandled rejection', async () => {
    const unhandled = [];
    const record = (reason) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      let calls = 0;
      const manager = authTokenManagers.basic({
        tokenProvider: async () => {
          calls += 1;
          if (calls === 2) throw new Error('provider down');
          return auth.basic('neo4j', `pw${calls}`);
        }
      });
      const token = await manager.getToken();
      assert.equal(manager.handleSecurityException(token,
        'Neo.ClientError.Security.Unauthorized'), true);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      assert.deepEqual(await manager.getToken(), auth.basic('neo4j', 'pw3'));
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  test('handled security codes and token refreshes are the official ones', async () => {
    const codes = ['Neo.ClientError.Security.Unauthorized', 'Neo.ClientError.Security.TokenExpired',
      'Neo.ClientError.Security.AuthorizationExpired', 'Neo.ClientError.Security.Forbidden'];
    for (const kind of ['basic', 'bearer']) {
      for (const code of codes) {
        const run = async (managers) => {
          let calls = 0;
          const manager = managers[kind]({
            tokenProvider: async () => {
              calls += 1;
              const token = auth.basic('neo4j', `pw${calls}`);
              return kind === 'basic' ? token : { token, expiration: new Date(Date.now() + 1e7) };
            }
          });
          const token = await manager.getToken();
          const handled = manager.handleSecurityException(token, code);
          const next = await manager.getToken();
          return { handled, next, calls };
        };
        assert.deepEqual(await run(authTokenManagers), await run(neo4j.authTokenManagers),
          `${kind} ${code}`);
      }
    }
    // An expired token is refreshed by both at every call.
    const expired = async (managers) => {
      const provider = countingProvider(new Date(0));
      const manager = managers.bearer({ tokenProvider: provider });
      for (let n = 0; n < 3; n++) await manager.getToken();
      return provider.calls;
    };
    assert.equal(await expired(authTokenManagers), await expired(neo4j.authTokenManagers));
  });

  test('argument checks', async () => {
    assert.deepEqual(Object.keys(authTokenManagers).sort(), ['basic', 'bearer']);
    for (const kind of ['basic', 'bearer']) {
      for (const tokenProvider of [undefined, 'token', {}]) {
        assert.deepEqual(outcome(() => authTokenManagers[kind]({ tokenProvider })).error.message,
          outcome(() => neo4j.authTokenManagers[kind]({ tokenProvider })).error.message);
        assert.throws(() => authTokenManagers[kind]({ tokenProvider }), TypeError);
      }
    }
    assert.ok(Object.isFrozen(authTokenManagers));
  });
});

// --- bookmark manager ---

describe('parameter tapes', () => {
  const copy = ([words, floats, text, bytes]) => [[...words], [...floats], text, [...bytes]];

  test('a getter that writes another tape while one is being written gets a writer of its own', () => {
    let inner;
    const outer = copy(writeParameters({
      a: 'x',
      get b() {
        inner = copy(writeParameters({ c: 'yy', d: 1.5 }, ''));
        return 'z';
      },
    }, ''));
    assert.deepEqual(inner, copy(writeParameters({ c: 'yy', d: 1.5 }, '')));
    assert.equal(outer[2], 'axbz');
    assert.equal(inner[2], 'cyyd');
    assert.deepEqual(inner[1], [1.5]);
  });

  test('a tape after a failed one starts afresh', () => {
    const good = copy(writeParameters({ rows: [{ id: 'a' }, { id: 'b' }] }, ''));
    assert.throws(() => writeParameters({ rows: [{ id: 'a' }, { id: () => {} }] }, ''),
      /parameter rows\[1\]\.id: functions and symbols cannot be sent/);
    assert.deepEqual(copy(writeParameters({ rows: [{ id: 'a' }, { id: 'b' }] }, '')), good);
  });
});

describe('bookmarkManager', () => {
  /** Runs the same steps on a manager and reports what it and its consumer saw. */
  async function scenario(factory) {
    const consumed = [];
    let supplied = ['s1'];
    const manager = factory({
      initialBookmarks: ['a', 'b'],
      bookmarksSupplier: async () => supplied,
      bookmarksConsumer: async (bookmarks) => { consumed.push([...bookmarks]); }
    });
    const seen = [await manager.getBookmarks()];
    await manager.updateBookmarks(['a'], ['c']);
    supplied = null;
    seen.push(await manager.getBookmarks());
    await manager.updateBookmarks(new Set(['b', 'c', 'unknown']), ['d', 'd']);
    supplied = ['d', 'e'];
    seen.push(await manager.getBookmarks());
    const plain = factory();
    await plain.updateBookmarks([], ['x']);
    seen.push(await plain.getBookmarks());
    seen.push(await factory({ initialBookmarks: new Set(['y']) }).getBookmarks());
    return { seen, consumed };
  }

  test('behaves as the official', async () => {
    assert.deepEqual(await scenario(bookmarkManager), await scenario(neo4j.bookmarkManager));
  });

  test('bookmarks that are not iterable are a TypeError, as with the official', async () => {
    assert.throws(() => bookmarkManager({ initialBookmarks: 5 }), TypeError);
    assert.throws(() => neo4j.bookmarkManager({ initialBookmarks: 5 }), TypeError);
    await assert.rejects(bookmarkManager().updateBookmarks(5, ['a']), TypeError);
    await assert.rejects(neo4j.bookmarkManager().updateBookmarks(5, ['a']), TypeError);
  });

  test('replaces the bookmarks a transaction started from', async () => {
    const manager = bookmarkManager({ initialBookmarks: ['a', 'b'] });
    await manager.updateBookmarks(['a', 'b'], ['c']);
    assert.deepEqual(await manager.getBookmarks(), ['c']);
    assert.ok(Array.isArray(await manager.getBookmarks()));
  });
});

// --- logging ---

describe('logging', () => {
  test('console logging prints time, level and message with the matching console method',
    (t) => {
      const printed = {};
      for (const method of ['error', 'warn', 'info', 'debug', 'log']) {
        printed[method] = [];
        t.mock.method(console, method, (text) => printed[method].push(text));
      }
      const config = logging.console('debug');
      assert.deepEqual(Object.keys(config), Object.keys(neo4j.logging.console('debug')));
      assert.equal(config.level, 'debug');
      assert.equal(logging.console(undefined, true).unredactDebugLogs, true);
      const before = Date.now();
      for (const level of ['error', 'warn', 'info', 'debug']) config.logger(level, `${level} text`);
      const after = Date.now();
      for (const level of ['error', 'warn', 'info', 'debug']) {
        assert.equal(printed[level].length, 1, level);
        const [, time, shown, message] = printed[level][0].match(/^(\d+) ([A-Z]+) (.*)$/);
        assert.ok(Number(time) >= before && Number(time) <= after);
        assert.deepEqual([shown, message], [level.toUpperCase(), `${level} text`]);
      }
      assert.deepEqual(printed.log, []);
    });
});

// --- notification constants ---

describe('notification constants', () => {
  test('same values and frozenness as the official', () => {
    const names = ['notificationCategory', 'notificationClassification',
      'notificationSeverityLevel', 'notificationFilterDisabledCategory',
      'notificationFilterDisabledClassification', 'notificationFilterMinimumSeverityLevel'];
    for (const name of names) {
      assert.deepEqual(filters[name], neo4j[name], name);
      assert.equal(Object.isFrozen(filters[name]), Object.isFrozen(neo4j[name]), name);
    }
    assert.deepEqual(Object.keys(filters).sort(), [...names].sort());
  });
});

// --- result transformers ---

/**
 * A result with the official Result interface over fixed records: `keys()`, `summary()`, async
 * iteration, `subscribe`. `then` (which the official transformers use) only when asked for;
 * `closedEarly` tells whether iteration was stopped before the end.
 */
function fakeResult(RecordClass, { keys = ['n'], rows = [[1], [2], [3]], failure, thenable }) {
  const summary = { fake: 'summary' };
  const records = rows.map((row) => new RecordClass(keys, row));
  const result = {
    closedEarly: false,
    keys: async () => keys,
    summary: async () => {
      if (failure) throw failure;
      return summary;
    },
    async * [Symbol.asyncIterator]() {
      let done = false;
      try {
        yield * records;
        done = true;
        if (failure) throw failure;
      } finally {
        result.closedEarly = !done;
      }
    },
    subscribe({ onKeys, onNext, onCompleted, onError }) {
      queueMicrotask(() => {
        onKeys?.(keys);
        records.forEach((record) => onNext?.(record));
        if (failure) onError?.(failure);
        else onCompleted?.(summary);
      });
    }
  };
  if (thenable) {
    result.then = (resolve, reject) =>
      (failure ? Promise.reject(failure) : Promise.resolve({ records, summary }))
        .then(resolve, reject);
  }
  return result;
}

describe('resultTransformers', () => {
  const configs = {
    eager: [],
    eagerResultTransformer: [],
    first: [],
    summary: [],
    mapped: [{ map: (record) => (record.get('n') % 2 ? record.get('n') * 10 : undefined) }],
    mappedResultTransformer: [{
      map: (record) => record.get('n'),
      collect: (values, summary, keys) => ({ sum: values.reduce((a, b) => a + b, 0), keys })
    }]
  };
  const shapes = [{}, { rows: [] }, { keys: [], rows: [] }, { keys: ['n', 'm'], rows: [[5, 6]] }];

  test('outcomes are the official ones', async () => {
    for (const [name, args] of Object.entries(configs)) {
      for (const shape of shapes) {
        const ours = await resultTransformers[name](...args)(fakeResult(Record, shape));
        const official = await neo4j.resultTransformers[name](...args)(
          fakeResult(neo4j.Record, { ...shape, thenable: true }));
        assert.deepEqual(picture(ours), picture(official), `${name} ${JSON.stringify(shape)}`);
      }
    }
    assert.deepEqual(Object.keys(resultTransformers).sort(),
      ['eager', 'eagerResultTransformer', 'first', 'hydrated', 'mapped', 'mappedResultTransformer',
        'summary']);
  });

  test('mapped without map or collect fails as the official', () => {
    for (const config of [undefined, null, {}]) {
      assert.deepEqual(outcome(() => resultTransformers.mapped(config)),
        outcome(() => neo4j.resultTransformers.mapped(config)));
    }
  });

  test('eager builds an EagerResult', async () => {
    const eager = await resultTransformers.eager()(fakeResult(Record, {}));
    assert.ok(eager instanceof EagerResult);
    assert.deepEqual(eager.keys, ['n']);
    assert.deepEqual(eager.records.map((r) => r.get(0)), [1, 2, 3]);
    assert.deepEqual(eager.summary, { fake: 'summary' });
  });

  test('first stops reading after the first record', async () => {
    const result = fakeResult(Record, {});
    assert.equal((await resultTransformers.first()(result)).get('n'), 1);
    assert.equal(result.closedEarly, true);
    assert.equal(await resultTransformers.first()(fakeResult(Record, { rows: [] })), undefined);
  });

  test('failures of the result, of map and of collect reject', async () => {
    const failure = new Neo4jError('failed', 'Neo.TransientError.X', '50N42', 'd');
    for (const name of Object.keys(configs)) {
      await assert.rejects(resultTransformers[name](...configs[name])(
        fakeResult(Record, { rows: [], failure })), (e) => e === failure, name);
    }
    const broken = new Error('map broke');
    await assert.rejects(resultTransformers.mapped({ map: () => { throw broken; } })(
      fakeResult(Record, {})), (e) => e === broken);
    await assert.rejects(resultTransformers.mapped({ collect: () => { throw broken; } })(
      fakeResult(Record, {})), (e) => e === broken);
  });
});

describe('mapping rules', () => {
  // Vectors need Bolt 6 and UUIDs Bolt 6.1, which the test servers do not speak: these rules are
  // compared with the official ones here, on values of this package (which both recognise).
  /** A value as comparable data: vectors and UUIDs (of either package) by their contents. */
  const contents = (value) => (isVector(value) ? { vector: value.getType(), items: [...value.asTypedArray()] }
    : isUUID(value) ? { uuid: value.toString() } : value);
  /** What a rule does to a value read from a result: validate, then convert. */
  const read = (made, value) => outcome(() => {
    made.validate(value, 'f');
    return contents(made.convert(value, 'f'));
  });
  const VALUES = [vector(Int8Array.from([1, 2])), vector(Float32Array.from([1.5])),
    uuid('0a1b2c3d-0000-4000-8000-00000000000f'), 'text', 7];
  const RULES = {
    vector: (r) => r.asVector(),
    dimension: (r) => r.asVector({ dimension: 2 }),
    type: (r) => r.asVector({ type: 'FLOAT32' }),
    typedList: (r) => r.asVector({ asTypedList: true }),
    uuid: (r) => r.asUUID(),
    uuidText: (r) => r.asUUID({ stringify: true }),
  };

  test('vector and UUID rules check and convert values as the official', () => {
    for (const [name, make] of Object.entries(RULES)) {
      for (const value of VALUES) {
        assert.deepEqual(read(make(rule), value), read(make(neo4j.rule), value), `${name} ${contents(value)}`);
      }
    }
  });

  test('vector and UUID rules convert parameters as the official', () => {
    const sent = (r) => [
      r.asVector({ asTypedList: true }).parameterConversion(Int16Array.from([3, 4])),
      r.asUUID({ stringify: true }).parameterConversion('0a1b2c3d00004000800000000000000f'),
      r.asVector().parameterConversion, r.asUUID().parameterConversion,
    ].map(contents);
    assert.deepEqual(sent(rule), sent(neo4j.rule));
  });
});
