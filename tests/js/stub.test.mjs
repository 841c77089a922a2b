// Wire-level scenarios against the scripted stub server (tests/stub-server): exact messages
// and fields per Bolt version, the manifest handshake, failures no real server produces.
// Each test starts a stub with its script, drives the public API at it over TCP (two also
// over WebSocket, which the stub serves on the same port), and then requires the stub to
// exit 0 (every scripted connection went exactly as scripted); otherwise the stub's report
// (expected vs got, script line) is the assertion message.
// Node 20: node --experimental-websocket --test tests/js/stub.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import net from 'node:net';
// Imported directly rather than through support.mjs, which would start every real server
// these tests do not use.
import neo4j from '../../lib/node.js';
import { startStub } from '../../scripts/stub.mjs';

const { int } = neo4j;
const { Node, Relationship, Path, PathSegment } = neo4j.types;

const AGENT = `neo4j-wasm/${createRequire(import.meta.url)('../../package.json').version}`;
const AUTH = neo4j.auth.basic('neo4j', 'secret');
/** The LOGON (5.1+) or the auth part of HELLO (up to 5.0) for AUTH. */
const AUTH_JSON = '"scheme": "basic", "principal": "neo4j", "credentials": "secret"';
/** HELLO as the driver sends it on 5.3 and later. */
const HELLO_5 = `C: HELLO {"user_agent": "${AGENT}", "bolt_agent": {"product": "${AGENT}", "language": "JavaScript"}}`;
const LOGON = `C: LOGON {${AUTH_JSON}}`;
/** Handshake and authentication on a 5.x `version` as the driver does them with AUTH,
 * indented like the scripts below (two spaces) so that it can be put into them. */
const connect5 = (version) => `S: BOLT ${version}
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}`;
/** The same on 5.4. */
const CONNECT_5 = connect5('5.4');
/** Bolt 6.0 chosen from a server's manifest, then authentication, indented likewise. */
const CONNECT_6 = `S: BOLT MANIFEST 6.0 CAPS 0
  C: BOLT 6.0
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/2025.10.0"}
     SUCCESS {}`;
/** Each test has this long; a hang fails it instead of the whole run. The stub gives up
 * earlier (STUB_TIMEOUT_S), so that its report of where it waited is the failure message. */
const TIMEOUT = { timeout: 20_000 };
const STUB_TIMEOUT_S = 12;
/** The transports a test runs over: Node's default (TCP), and Node's WebSocket. */
const TRANSPORTS = [['TCP', {}], ['WebSocket', { webSocket: globalThis.WebSocket }]];

/** A stub serving `script`. */
function stubFor(script) {
  return startStub(script, { timeout: STUB_TIMEOUT_S });
}

/** Waits for the stub to finish and fails with its report unless it exited 0. */
async function assertScripted(stub) {
  const { code, signal, stderr } = await stub.done;
  assert.equal(code, 0, `bolt-stub exited with ${signal ?? code}:\n${stderr}`);
}

/** Runs `body(driver)` against a fresh stub with `script`, closes the driver, checks the stub.
 * When `body` fails, the stub is stopped and what it said is added to the error. */
async function withStub(script, body, { auth = AUTH, config = {} } = {}) {
  const stub = await stubFor(script);
  const driver = neo4j.driver(stub.url, auth, { connectionTimeout: 5000, ...config });
  try {
    await body(driver, stub);
  } catch (error) {
    await driver.close();
    const { stderr } = await stub.stop();
    if (stderr) error.message += `\nbolt-stub said:\n${stderr}`;
    throw error;
  }
  await driver.close();
  await assertScripted(stub);
}

/** The rejection of `promise`, which must reject. */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the promise to reject');
}

for (const [over, config] of TRANSPORTS) {
  test(`Bolt 5.4 over ${over}: HELLO and LOGON carry exactly the driver's fields, GOODBYE on close`, TIMEOUT, () => withStub(`
    S: BOLT 5.4
    ${HELLO_5}
    ${LOGON}
    S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-7"}
       SUCCESS {}
    C: GOODBYE
  `, async (driver, stub) => {
    const info = await driver.getServerInfo();
    assert.deepEqual({ ...info },
      { address: `127.0.0.1:${stub.port}`, agent: 'Neo4j/5.26.0', protocolVersion: new neo4j.ProtocolVersion(5, 4) });
  }, { config }));
}

test('Bolt 5.4: the configured userAgent goes into HELLO, the product into bolt_agent', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  C: HELLO {"user_agent": "my-app/2.1", "bolt_agent": {"product": "${AGENT}", "language": "JavaScript"}}
  C: LOGON {"scheme": "none"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: GOODBYE
`, (driver) => driver.verifyConnectivity(), { auth: neo4j.auth.none(), config: { userAgent: 'my-app/2.1' } }));

test('Bolt 5.4: RUN and PULL fields, records with graph values, bookmarks chained to the next RUN', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "MATCH (a)-[r]->(b) WHERE a.name = $name RETURN a, r, $n AS n" {"name": "Ada", "n": 1.0} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["a", "r", "n"], "t_first": 3}
     RECORD [{"$node": [1, ["Person"], {"name": "Ada"}, "4:db:1"]}, {"$rel": [9, 1, 2, "KNOWS", {"since": 1843}, "5:db:9", "4:db:1", "4:db:2"]}, 1.0]
     SUCCESS {"type": "r", "t_last": 4, "bookmark": "bm:1", "db": "neo4j"}
  C: RUN "RETURN 1" {} {"bookmarks": ["bm:1"]}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     RECORD [1]
     SUCCESS {"type": "r", "bookmark": "bm:2"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records, summary } = await session.run(
    'MATCH (a)-[r]->(b) WHERE a.name = $name RETURN a, r, $n AS n', { name: 'Ada', n: 1 });
  assert.equal(records.length, 1);
  assert.deepEqual(records[0].keys, ['a', 'r', 'n']);
  assert.deepEqual(records[0].get('a'), new Node(int(1), ['Person'], { name: 'Ada' }, '4:db:1'));
  assert.deepEqual(records[0].get('r'),
    new Relationship(int(9), int(1), int(2), 'KNOWS', { since: int(1843) }, '5:db:9', '4:db:1', '4:db:2'));
  assert.equal(records[0].get('n'), 1);
  assert.equal(summary.queryType, 'r');
  assert.deepEqual([summary.resultAvailableAfter, summary.resultConsumedAfter], [int(3), int(4)]);
  assert.equal(summary.database.name, 'neo4j');
  assert.deepEqual(session.lastBookmarks(), ['bm:1']);
  await session.run('RETURN 1');
  assert.deepEqual(session.lastBookmarks(), ['bm:2']);
  await session.close();
}));

test('Bolt 5.4: every structured value type decodes', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN values" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["path", "point2", "point3", "bytes", "date", "time", "localtime", "localdatetime", "datetime", "zoned", "duration"]}
     RECORD [{"$path": [[{"$node": [1, ["A"], {}, "n1"]}, {"$node": [2, ["B"], {}, "n2"]}], [{"$urel": [7, "R", {}, "r7"]}], [1, 1]]}, {"$point": [7203, 1, 2.5]}, {"$point": [9157, 1, 2, 3]}, {"$bytes": "00 ff 10"}, {"$date": "2024-05-01"}, {"$time": [3600000000000, 7200]}, {"$localtime": [1]}, {"$localdatetime": [1700000000, 2]}, {"$datetime": [1700000000, 3, -3600]}, {"$datetime": [1700000000, 4, "Europe/Stockholm"]}, {"$duration": [14, 3, 30, 5]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records: [record] } = await session.run('RETURN values');
  const values = record.toObject();
  const [start, end] = [new Node(int(1), ['A'], {}, 'n1'), new Node(int(2), ['B'], {}, 'n2')];
  const r7 = new Relationship(int(7), int(1), int(2), 'R', {}, 'r7', 'n1', 'n2');
  assert.deepEqual(values.path, new Path(start, end, [new PathSegment(start, r7, end)]));
  assert.deepEqual(values.point2, new neo4j.types.Point(int(7203), 1, 2.5));
  assert.deepEqual(values.point3, new neo4j.types.Point(int(9157), 1, 2, 3));
  assert.deepEqual(values.bytes, Int8Array.of(0, -1, 16));
  assert.ok(neo4j.isDate(values.date) && neo4j.isTime(values.time) && neo4j.isLocalTime(values.localtime) &&
    neo4j.isLocalDateTime(values.localdatetime) && neo4j.isDateTime(values.datetime) &&
    neo4j.isDateTime(values.zoned) && neo4j.isDuration(values.duration), 'every temporal value decodes');
  const texts = Object.fromEntries(record.keys.slice(4).map((key) => [key, values[key].toString()]));
  assert.deepEqual(texts, {
    date: '2024-05-01',
    time: '01:00:00+02:00',
    localtime: '00:00:00.000000001',
    localdatetime: '2023-11-14T22:13:20.000000002',
    datetime: '2023-11-14T21:13:20.000000003-01:00',
    zoned: '2023-11-14T23:13:20.000000004+01:00[Europe/Stockholm]',
    duration: 'P1Y2M3DT30.000000005S',
  });
  await session.close();
}));

// Records reach JS in batches, built from one flat tape per batch: keys and labels cross once
// per stream, strings are cut from one decoded text, integers follow the driver's mode.
const MODES = [
  ['Integer objects', {}, (s) => neo4j.int(s)],
  ['numbers (disableLosslessIntegers)', { disableLosslessIntegers: true },
    (s) => { const n = Number(s); return Number.isSafeInteger(n) ? n : Math.sign(n) * Infinity; }],
  ['BigInts (useBigInt)', { useBigInt: true }, (s) => BigInt(s)],
];
for (const [mode, config, integer] of MODES) {
  test(`records across batches, values as ${mode}: own __proto__ keys, non-ASCII text, 64-bit integers`, TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN data" {} {}
     PULL {"n": 2}
  S: SUCCESS {"fields": ["m", "s", "n"]}
     RECORD [{"__proto__": {"polluted": true}, "constructor": 1, "é": [1, {"x": null}]}, "Göteborg 😀 𝄞", {"$node": [1, ["Person", "Émigré"], {"__proto__": 5, "name": "Åsa"}, "4:db:1"]}]
     RECORD [{"__proto__": {"polluted": true}, "constructor": 2, "é": []}, "", {"$node": [9223372036854775807, ["Person"], {}, "4:db:2"]}]
     SUCCESS {"has_more": true}
  C: PULL {"n": 2}
  S: RECORD [{"k": -9223372036854775808, "é": 2.5}, "ascii", {"$node": [-2147483649, ["Émigré"], {"name": "x"}, "4:db:3"]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
    const session = driver.session();
    const { records } = await session.run('RETURN data');
    const [first, second, third] = records.map((r) => r.toObject());
    for (const m of [first.m, second.m]) {
      assert.equal(Object.getPrototypeOf(m), Object.prototype);
      assert.deepEqual(Object.keys(m), ['__proto__', 'constructor', 'é']);
      assert.deepEqual(Object.getOwnPropertyDescriptor(m, '__proto__').value, { polluted: true });
    }
    assert.equal(({}).polluted, undefined);
    assert.deepEqual([first.m.constructor, first.m['é']], [integer('1'), [integer('1'), { x: null }]]);
    assert.deepEqual(second.m['é'], []);
    assert.deepEqual(third.m, { k: integer('-9223372036854775808'), 'é': 2.5 });
    assert.deepEqual(records.map((r) => r.get('s')), ['Göteborg 😀 𝄞', '', 'ascii']);
    // A computed key, so that the literal defines a property instead of setting a prototype.
    const properties = { ['__proto__']: integer('5'), name: 'Åsa' };
    assert.ok(Object.hasOwn(properties, '__proto__'));
    assert.deepEqual(first.n, new Node(integer('1'), ['Person', 'Émigré'], properties, '4:db:1'));
    assert.deepEqual(second.n, new Node(integer('9223372036854775807'), ['Person'], {}, '4:db:2'));
    assert.deepEqual(third.n, new Node(integer('-2147483649'), ['Émigré'], { name: 'x' }, '4:db:3'));
    await session.close();
  }, { config: { fetchSize: 2, ...config } }));
}

test('fetchSize: PULL asks for that many, and again while the server has more', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND range(1, 3) AS i RETURN i" {} {}
     PULL {"n": 2}
  S: SUCCESS {"fields": ["i"]}
     RECORD [1]
     RECORD [2]
     SUCCESS {"has_more": true}
  C: PULL {"n": 2}
  S: RECORD [3]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('UNWIND range(1, 3) AS i RETURN i');
  assert.deepEqual(records.map((r) => r.get('i')), [int(1), int(2), int(3)]);
  await session.close();
}, { config: { fetchSize: 2 } }));

test('streaming: the next PULL goes out as a batch ends; summary() sends DISCARD for the rest', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND range(1, 9) AS i RETURN i" {} {}
     PULL {"n": 2}
  # SUCCESS {"fields": ["i"]}, RECORD [1], RECORD [2], SUCCESS {"has_more": true} in one write,
  # so that the batch's SUCCESS is in when its first record is read (the driver hands records
  # on as soon as none are waiting: a batch split over two reads is read before its end).
  S: <RAW> 00 0d b1 70 a1 86 66 69 65 6c 64 73 91 81 69 00 00 00 04 b1 71 91 01 00 00 00 04 b1 71 91 02 00 00 00 0d b1 70 a1 88 68 61 73 5f 6d 6f 72 65 c3 00 00
  C: PULL {"n": 2}
  S: RECORD [3]
     RECORD [4]
     SUCCESS {"has_more": true}
  C: DISCARD {"n": -1}
  S: SUCCESS {"type": "r", "t_last": 3}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const result = session.run('UNWIND range(1, 9) AS i RETURN i');
  const records = result[Symbol.asyncIterator]();
  assert.deepEqual((await records.next()).value.get('i'), int(1));
  assert.deepEqual((await records.next()).value.get('i'), int(2));
  const consuming = result.summary();
  // One turn of the event loop: the result is now waiting for DISCARD's answer.
  await new Promise(setImmediate);
  assert.deepEqual(await result.keys(), ['i'], 'readable while the result is busy');
  const summary = await consuming;
  assert.deepEqual([summary.queryType, summary.resultConsumedAfter], ['r', int(3)]);
  // The batch on its way when summary() was called stays readable; nothing after it.
  assert.deepEqual((await records.next()).value.get('i'), int(3));
  assert.deepEqual((await records.next()).value.get('i'), int(4));
  assert.deepEqual(await records.next(), { done: true, value: summary });
  await session.close();
}, { config: { fetchSize: 2 } }));

/** Stub script lines for RECORD [first] to RECORD [last]. */
const recordLines = (first, last) => Array.from({ length: last - first + 1 },
  (_, i) => `     RECORD [${first + i}]`).join('\n');

test('session.close() ends a result being read: the records that arrived stay, the rest are discarded', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND range(1, 2500) AS i RETURN i" {} {}
     PULL {"n": 10}
  S: SUCCESS {"fields": ["i"]}
${recordLines(1, 10)}
     SUCCESS {"has_more": true}
  # The next PULL goes out before the first batch is read if its SUCCESS came with its records.
  C?: PULL {"n": 10}
  S: ${recordLines(11, 20).trim()}
     SUCCESS {"has_more": true}
  C: DISCARD {"n": -1}
  S: SUCCESS {"type": "r", "bookmark": "bm1"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const result = session.run('UNWIND range(1, 2500) AS i RETURN i');
  const records = result[Symbol.asyncIterator]();
  const seen = [];
  for (let i = 0; i < 5; i++) seen.push((await records.next()).value.get('i').toNumber());
  await session.close();
  for (let next = await records.next(); !next.done; next = await records.next()) {
    seen.push(next.value.get('i').toNumber());
  }
  const arrived = seen.length === 10 ? 10 : 20;
  assert.deepEqual(seen, Array.from({ length: arrived }, (_, i) => i + 1), 'the records that arrived, then the end');
  assert.equal((await result.summary()).queryType, 'r');
}, { config: { fetchSize: 10 } }));

test('explicit transaction: BEGIN carries the bookmarks, timeout and metadata; COMMIT; the bookmark chains', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: BEGIN {"bookmarks": ["bm0"], "tx_timeout": 4000, "tx_metadata": {"app": "t"}}
  S: SUCCESS {}
  C: RUN "CREATE (n)" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"type": "w"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm1"}
  C: BEGIN {"bookmarks": ["bm1"]}
  S: SUCCESS {}
  C: ROLLBACK
  S: SUCCESS {}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session({ bookmarks: ['bm0'] });
  const beginning = session.beginTransaction({ timeout: 4000, metadata: { app: 't' } });
  // One turn of the event loop: the session is now waiting for its connection to open.
  await new Promise(setImmediate);
  assert.deepEqual(session.lastBookmarks(), ['bm0'], 'readable while the session is busy');
  const tx = await beginning;
  await tx.run('CREATE (n)');
  await tx.commit();
  assert.deepEqual(session.lastBookmarks(), ['bm1']);
  const tx2 = await session.beginTransaction();
  await tx2.rollback();
  await session.close();
}));

test('explicit transaction: a query run before BEGIN is answered goes out with it, in one round trip', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  # Nothing is answered before the query arrives: a driver waiting for BEGIN's answer first
  # would wait forever.
  C: BEGIN {}
     RUN "CREATE (n)" {} {}
     PULL {"n": 1000}
  S: SUCCESS {}
     SUCCESS {"fields": []}
     SUCCESS {"type": "w"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm1"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const tx = session.beginTransaction();
  await tx.run('CREATE (n)');
  assert.equal((await tx).isOpen(), true);
  await tx.commit();
  assert.deepEqual(session.lastBookmarks(), ['bm1']);
  await session.close();
}));

test('a bookmark manager carries one session\'s bookmark into another session\'s work', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "CREATE (n)" {} {"bookmarks": ["bm0"]}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"bookmark": "bm1"}
  C: BEGIN {"bookmarks": ["bm1"], "mode": "r"}
  S: SUCCESS {}
  C: RUN "MATCH (n) RETURN n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm2"}
  C: GOODBYE
`, async (driver) => {
  const updates = [];
  let known = ['bm0'];
  const bookmarkManager = {
    getBookmarks: async () => new Set(known),
    updateBookmarks: (previous, next) => { updates.push([previous, next]); known = next; },
  };
  const writer = driver.session({ bookmarkManager });
  await writer.run('CREATE (n)');
  await writer.close();
  const reader = driver.session({ bookmarkManager });
  await reader.executeRead((tx) => tx.run('MATCH (n) RETURN n'));
  await reader.close();
  assert.deepEqual(updates, [[['bm0'], ['bm1']], [['bm1'], ['bm2']]]);
  assert.throws(() => driver.session({ bookmarkManager: {} }), /bookmarkManager must have getBookmarks/);
}));

test('neo4j.bookmarkManager() shared by sessions: each starts from the others\' bookmarks, and the manager reads and takes them', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "CREATE (n)" {} {"bookmarks": ["bm0"]}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"bookmark": "bm1"}
  C: BEGIN {"bookmarks": ["bm1", "extra"], "mode": "r"}
  S: SUCCESS {}
  C: RUN "MATCH (n) RETURN n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm2"}
  C: BEGIN {"bookmarks": ["bm2"]}
     RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {}
     SUCCESS {"fields": ["1"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm3"}
  C: GOODBYE
`, async (driver) => {
  const bookmarkManager = neo4j.bookmarkManager({ initialBookmarks: ['bm0'] });
  const writer = driver.session({ bookmarkManager });
  await writer.run('CREATE (n)');
  await writer.close();
  assert.deepEqual(await bookmarkManager.getBookmarks(), ['bm1']);
  // Updated by the application between sessions: the next work starts from it too.
  await bookmarkManager.updateBookmarks([], ['extra']);
  const reader = driver.session({ bookmarkManager, defaultAccessMode: neo4j.session.READ });
  await reader.executeRead((tx) => tx.run('MATCH (n) RETURN n'));
  await reader.close();
  assert.deepEqual(await bookmarkManager.getBookmarks(), ['bm2']);
  await driver.executeQuery('RETURN 1', {}, { bookmarkManager });
  assert.deepEqual(await bookmarkManager.getBookmarks(), ['bm3']);
}));

test('executeQuery sends BEGIN with its RUN and PULL in one write, as one WebSocket frame would be', TIMEOUT, async (t) => {
  const writes = [];
  const write = net.Socket.prototype.write;
  t.mock.method(net.Socket.prototype, 'write', function (bytes, ...rest) {
    writes.push(Buffer.from(bytes).toString('latin1'));
    return write.call(this, bytes, ...rest);
  });
  await withStub(`
  ${CONNECT_5}
  C: BEGIN {}
     RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {}
     SUCCESS {"fields": ["1"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm1"}
  C: GOODBYE
`, async (driver) => {
    const { records } = await driver.executeQuery('RETURN 1');
    assert.equal(records.length, 0);
    // BEGIN is a one-field structure tagged 0x11; only the driver's socket writes these.
    const holding = (text) => writes.filter((w) => w.includes(text));
    assert.deepEqual(holding('\xB1\x11'), holding('RETURN 1'), 'BEGIN and RUN in the same write');
    assert.equal(holding('RETURN 1').length, 1);
    assert.deepEqual(await driver.executeQueryBookmarkManager.getBookmarks(), ['bm1']);
  });
});

for (const unredactDebugLogs of [false, true]) {
  test(`debug logging traces every Bolt message, credentials never, parameters and records ${unredactDebugLogs ? 'when unredacted' : 'not by default'}`, TIMEOUT, () => {
    const lines = [];
    const logging = { level: 'debug', logger: (level, message) => lines.push(`${level} ${message}`), unredactDebugLogs };
    return withStub(`
  S: BOLT 5.4
  ${HELLO_5}
  C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "s3cret-pw"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: RUN "RETURN $x AS x" {"x": "private-value"} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["x"]}
     RECORD ["private-value"]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
      const session = driver.session();
      const { records } = await session.run('RETURN $x AS x', { x: 'private-value' });
      assert.equal(records[0].get('x'), 'private-value');
      await session.close();
      await driver.close();
      const traced = lines.filter((line) => / [CS]: /.test(line)).map((line) => line.replace(/^debug \[#\d+ [^\]]+\] /, ''));
      assert.deepEqual(traced.filter((line) => !line.startsWith('C: HELLO')), [
        'C: LOGON { ... }',
        'S: SUCCESS {"server": "Neo4j/5.26.0"}',
        'S: SUCCESS {}',
        `C: RUN "RETURN $x AS x" ${unredactDebugLogs ? '{"x": "private-value"}' : '{ ... }'} {}`,
        'C: PULL {"n": 1000}',
        'S: SUCCESS {"fields": ["x"]}',
        `S: RECORD ${unredactDebugLogs ? '["private-value"]' : '[ ... ]'}`,
        'S: SUCCESS {"type": "r"}',
        'C: GOODBYE',
      ]);
      assert.ok(traced[0].startsWith('C: HELLO {"user_agent": '), traced[0]);
      assert.ok(lines.every((line) => !line.includes('s3cret-pw')), 'no line shows the password');
      assert.equal(lines.some((line) => line.includes('private-value')), unredactDebugLogs);
    }, { auth: neo4j.auth.basic('neo4j', 's3cret-pw'), config: { logging } });
  });
}

test('TELEMETRY goes out when the server asks for it, with the API used, and never when disabled', TIMEOUT, async () => {
  const script = (telemetry) => `
  S: BOLT 5.4
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/5.26.0", "hints": {"telemetry.enabled": true}}
     SUCCESS {}
  ${telemetry ? 'C: TELEMETRY 2' : ''}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  ${telemetry ? 'S: SUCCESS {}' : ''}
  S: SUCCESS {"fields": ["1"]}
     SUCCESS {}
  ${telemetry ? 'C: TELEMETRY 0' : ''}
  C: BEGIN {}
  ${telemetry ? 'S: SUCCESS {}' : ''}
  S: SUCCESS {}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {}
  C: GOODBYE
`;
  for (const telemetry of [true, false]) {
    await withStub(script(telemetry), async (driver) => {
      const session = driver.session();
      await session.run('RETURN 1');
      await session.executeWrite((tx) => tx.run('RETURN 2'));
      await session.close();
    }, { config: { telemetryDisabled: !telemetry } });
  }
});

test('notification filters: the driver\'s go into HELLO, a session\'s into RUN and BEGIN; notifications reach the summary', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  C: HELLO {"user_agent": "${AGENT}", "bolt_agent": {"product": "${AGENT}", "language": "JavaScript"}, "notifications_minimum_severity": "WARNING", "notifications_disabled_categories": ["HINT", "GENERIC"]}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: RUN "MATCH (n) RETURN n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     SUCCESS {"notifications": [{"code": "Neo.ClientNotification.Statement.CartesianProduct", "title": "cartesian", "description": "a cartesian product", "severity": "WARNING", "category": "PERFORMANCE", "position": {"offset": 0, "line": 1, "column": 1}}]}
  C: RUN "RETURN 1" {} {"notifications_minimum_severity": "OFF"}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     SUCCESS {}
  C: BEGIN {"mode": "r", "notifications_minimum_severity": "OFF"}
  S: SUCCESS {}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     SUCCESS {}
  C: COMMIT
  S: SUCCESS {}
  C: GOODBYE
`, async (driver) => {
  const { summary } = await driver.session().run('MATCH (n) RETURN n');
  assert.deepEqual(summary.notifications.map((n) => [n.code, n.severityLevel, n.category]),
    [['Neo.ClientNotification.Statement.CartesianProduct', 'WARNING', 'PERFORMANCE']]);
  assert.equal(summary.gqlStatusObjects.some((s) => s.classification === 'PERFORMANCE'), true);
  const quiet = driver.session({ notificationFilter: { minimumSeverityLevel: neo4j.notificationFilterMinimumSeverityLevel.OFF } });
  await quiet.run('RETURN 1');
  await quiet.executeRead((tx) => tx.run('RETURN 2'));
  await quiet.close();
}, { config: { notificationFilter: {
  minimumSeverityLevel: neo4j.notificationFilterMinimumSeverityLevel.WARNING,
  disabledCategories: [neo4j.notificationFilterDisabledCategory.HINT, neo4j.notificationFilterDisabledCategory.GENERIC],
} } }));

test('a notification filter with both disabledCategories and disabledClassifications is refused', () => {
  assert.throws(() => neo4j.driver('bolt://127.0.0.1:1', AUTH, { notificationFilter: { disabledCategories: [], disabledClassifications: [] } }),
    /disabledCategories or disabledClassifications, not both/);
});

test('a server that answers with TLS says to use an encrypted scheme', TIMEOUT, () => withStub(`
  S: <RAW> 15 03 03 00 02 02 46
`, async (driver) => {
  const error = await rejection(driver.verifyConnectivity());
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  assert.match(error.message, /answered the Bolt handshake with TLS.*use bolt\+s:\/\//);
}));

test('Bolt 4.4: credentials and the utc patch in HELLO, no LOGON, no bolt_agent; 4.4 values', TIMEOUT, () => withStub(`
  S: BOLT 4.4
  C: HELLO {"user_agent": "${AGENT}", "patch_bolt": ["utc"], ${AUTH_JSON}}
  S: SUCCESS {"server": "Neo4j/4.4.30", "connection_id": "bolt-3", "patch_bolt": ["utc"]}
  C: RUN "MATCH (n) RETURN n, n.seen AS seen" {} {}
     PULL {"n": 1000}
  # No element ids before 5.0; the utc patch makes date-times UTC-based (tag I, not F).
  S: SUCCESS {"fields": ["n", "seen"]}
     RECORD [{"$node": [42, ["Person"], {"name": "Ada"}]}, {"$datetime": [1700000000, 5, 3600]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('MATCH (n) RETURN n, n.seen AS seen');
  // The element id of a node before 5.0 is its id, as text.
  assert.deepEqual(records[0].get('n'), new Node(int(42), ['Person'], { name: 'Ada' }, '42'));
  const seen = records[0].get('seen');
  assert.ok(neo4j.isDateTime(seen));
  assert.equal(seen.toString(), '2023-11-14T23:13:20.000000005+01:00', 'the UTC date-time decodes');
  await session.close();
}));

test('Bolt 4.4 without the utc patch acknowledged: legacy date-times decode', TIMEOUT, () => withStub(`
  S: BOLT 4.4
  C: HELLO {"user_agent": "${AGENT}", "patch_bolt": ["utc"], ${AUTH_JSON}}
  S: SUCCESS {"server": "Neo4j/4.4.30"}
  C: RUN "RETURN datetime()" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["t"]}
     RECORD [{"$datetime": [1700003600, 5, "Europe/Stockholm"]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('RETURN datetime()');
  const t = records[0].get('t');
  assert.ok(neo4j.isDateTime(t));
  // Legacy seconds count the wall-clock time in the zone.
  assert.deepEqual([t.year, t.month, t.day, t.hour, t.minute, t.second, t.nanosecond, t.timeZoneId].map(String),
    ['2023', '11', '14', '23', '13', '20', '5', 'Europe/Stockholm'], 'the legacy date-time decodes');
  await session.close();
}));

test('manifest handshake: the driver picks 6.0 and speaks it', TIMEOUT, () => withStub(`
  S: BOLT MANIFEST 6.0 5.8-5.6 5.4-5.0 4.4-4.2 CAPS 0
  C: BOLT 6.0
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/2025.10.0", "connection_id": "bolt-60"}
     SUCCESS {}
  C: RUN "RETURN $v AS v" {"v": [1.0, 2.5]} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["v"]}
     RECORD [{"$vector": ["f32", [1.5, -2]]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const info = await driver.getServerInfo();
  assert.equal(info.protocolVersion.toString(), '6.0');
  assert.equal(info.agent, 'Neo4j/2025.10.0');
  const session = driver.session();
  const { records } = await session.run('RETURN $v AS v', { v: [1, 2.5] });
  const v = records[0].get('v');
  assert.ok(neo4j.isVector(v), 'the vector decodes on 6.0');
  assert.deepEqual(v.asTypedArray(), Float32Array.of(1.5, -2));
  await session.close();
}));

test('manifest handshake: the driver picks 6.1 as neo4j-driver 6.3 does, and UUIDs cross both ways', TIMEOUT, () => withStub(`
  S: BOLT MANIFEST 6.1-6.0 5.8-5.6 CAPS 0
  C: BOLT 6.1
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/2026.01.0"}
     SUCCESS {}
  C: RUN "RETURN $u AS u" {"u": {"$uuid": "0a1b2c3d-0000-4000-8000-00000000000f"}} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["u"]}
     RECORD [{"$uuid": "ffeeddcc-bbaa-9988-7766-554433221100"}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  assert.equal((await driver.getServerInfo()).protocolVersion.toString(), '6.1');
  const session = driver.session();
  const { records } = await session.run('RETURN $u AS u', { u: neo4j.uuid('0a1b2c3d-0000-4000-8000-00000000000f') });
  const u = records[0].get('u');
  assert.ok(neo4j.isUUID(u) && u instanceof neo4j.UUID, 'the UUID decodes on 6.1');
  assert.equal(u.toString(), 'ffeeddcc-bbaa-9988-7766-554433221100');
  await session.close();
}));

test('Bolt 6.0: Vector parameters go out as vector structures of their element type', TIMEOUT, () => withStub(`
  ${CONNECT_6}
  C: RUN "RETURN $a, $b" {"a": {"$vector": ["i16", [1, -2, 300]]}, "b": [{"$vector": ["f64", [0.5, -1e300]]}, {"$vector": ["i64", [-4294967297]]}]} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  await session.run('RETURN $a, $b', {
    a: neo4j.vector(Int16Array.of(1, -2, 300)),
    b: [neo4j.vector(Float64Array.of(0.5, -1e300)), neo4j.vector(BigInt64Array.of(-4294967297n))],
  });
  await session.close();
}));

{
  // Keys cross into the core once per query and are referred to after: maps that repeat them,
  // and one with more distinct keys than are remembered, must all arrive as written.
  const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, `v${i}`]));
  const rows = [{ id: 'a', tags: ['x'] }, wide, { tags: [], id: 'b', k4999: 'late', k0: 'early' }, { id: 'c', tags: ['y'] }];
  test('a list of maps parameter with repeated keys, and a map of 5000 keys, arrive as written', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND $rows AS r RETURN r" ${JSON.stringify({ rows })} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
    const session = driver.session();
    await session.run('UNWIND $rows AS r RETURN r', { rows });
    await session.close();
  }));
}

for (const [version, connect, kind, value, needs] of [
  ['5.4', CONNECT_5, 'Vector', () => neo4j.vector(Float32Array.of(1)), /Vector values need Bolt 6\.0/],
  ['6.0', CONNECT_6, 'UUID', () => neo4j.uuid(new Uint8Array(16)), /UUID values need Bolt 6\.1/],
]) {
  test(`Bolt ${version}: a ${kind} parameter is refused before anything is sent, and the session goes on`, TIMEOUT, () => withStub(`
  ${connect}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
    const session = driver.session();
    await assert.rejects(session.run('RETURN $v', { v: value() }), (error) => needs.test(error.message));
    const { records } = await session.run('RETURN 1');
    assert.equal(records[0].get(0).toNumber(), 1);
    await session.close();
  }));
}

test('manifest handshake: the driver picks 5.8 when the server also lists a 6.2 it cannot speak', TIMEOUT, () => withStub(`
  S: BOLT MANIFEST 6.2 5.8-5.0 CAPS 0
  C: BOLT 5.8
  ${HELLO_5}
  ${LOGON}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     SUCCESS {}
  C: GOODBYE
`, async (driver) => {
  const info = await driver.getServerInfo();
  assert.equal(info.protocolVersion.toString(), '5.8');
}));

test('Bolt 5.8: a session without a database stays on the home database the server reports', TIMEOUT, () => withStub(`
  ${connect5('5.8')}
  C: BEGIN {}
  S: SUCCESS {"db": "movies"}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
     SUCCESS {"type": "r", "db": "movies"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm1"}
  C: RUN "RETURN 2" {} {"bookmarks": ["bm1"], "db": "movies"}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"], "db": "movies"}
     SUCCESS {"type": "r", "db": "movies"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  await session.executeWrite((tx) => tx.run('RETURN 1'));
  const { summary } = await session.run('RETURN 2');
  assert.equal(summary.database.name, 'movies');
  await session.close();
}));

test('Bolt 5.8: the database an auto-commit query reports is where the session\'s next work goes', TIMEOUT, () => withStub(`
  ${connect5('5.8')}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"], "db": "movies"}
     SUCCESS {"type": "r", "db": "movies", "bookmark": "bm1"}
  C: BEGIN {"bookmarks": ["bm1"], "mode": "r", "db": "movies"}
  S: SUCCESS {"db": "movies"}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     SUCCESS {"type": "r", "db": "movies"}
  C: COMMIT
  S: SUCCESS {"bookmark": "bm2"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  await session.run('RETURN 1');
  await session.executeRead((tx) => tx.run('RETURN 2'));
  await session.close();
}));

test('an iterator that met a FAILURE gives the same error at every later read (neo4j-driver waits forever)', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND [1, 0] AS x RETURN 1 / x AS y" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["y"]}
     RECORD [1]
     FAILURE {"code": "Neo.ClientError.Statement.ArithmeticError", "message": "/ by zero"}
  C: RESET
  S: SUCCESS {}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const result = session.run('UNWIND [1, 0] AS x RETURN 1 / x AS y');
  const iterator = result[Symbol.asyncIterator]();
  assert.deepEqual((await iterator.next()).value.get('y'), int(1));
  const first = await rejection(iterator.next());
  assert.equal(first.code, 'Neo.ClientError.Statement.ArithmeticError');
  assert.equal(await rejection(iterator.next()), first);
  assert.equal(await rejection(iterator.peek()), first);
  assert.equal(await rejection(result.summary()), first);
  assert.equal(result.isOpen(), false);
  await session.close();
}));

test('an aborted result: RESET ends the query on the server, and the connection is used again', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND range(1, 1000000) AS i RETURN i" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["i"]}
     RECORD [1]
  C: RESET
  S: IGNORED
     SUCCESS {}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const controller = new AbortController();
  const result = session.run('UNWIND range(1, 1000000) AS i RETURN i', {}, { signal: controller.signal });
  // The server is still producing the first batch when the application gives up.
  const waiting = result[Symbol.asyncIterator]().next();
  assert.deepEqual(await result.keys(), ['i']);
  controller.abort();
  assert.equal(await rejection(waiting), controller.signal.reason);
  const { records } = await session.run('RETURN 1 AS n');
  assert.deepEqual(records[0].get('n'), int(1));
  await session.close();
}, { config: { maxConnectionPoolSize: 1 } }));

test('a transaction aborted while BEGIN waits for its answer rejects with the signal\'s reason', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: BEGIN {}
  C: RESET
  S: IGNORED
     SUCCESS {}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  // The connection is open before the transaction begins, so that BEGIN goes out at once.
  await session.run('RETURN 1 AS n');
  const controller = new AbortController();
  const begun = session.beginTransaction({ signal: controller.signal });
  const waiting = rejection(begun);
  // BEGIN is out (it goes as the transaction is awaited); the server does not answer.
  await new Promise(setImmediate);
  controller.abort();
  assert.equal(await waiting, controller.signal.reason);
  const { records } = await session.run('RETURN 1 AS n');
  assert.deepEqual(records[0].get('n'), int(1));
  await session.close();
}, { config: { maxConnectionPoolSize: 1 } }));

for (const [end, request] of [['commit', 'COMMIT'], ['rollback', 'ROLLBACK']]) {
  test(`a ${end} whose answer does not come ends when the signal aborts, with its reason`, TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: BEGIN {}
  S: SUCCESS {}
  C: ${request}
  C: RESET
  C?: GOODBYE
`, async (driver) => {
    const session = driver.session();
    const controller = new AbortController();
    const tx = await session.beginTransaction({ signal: controller.signal });
    const ending = rejection(tx[end]());
    await new Promise(setImmediate);
    controller.abort();
    assert.equal(await ending, controller.signal.reason);
    assert.equal(tx.isOpen(), false);
    await session.close();
  }, { config: { maxConnectionPoolSize: 1 } }));
}

test('a FAILURE rejects with the server\'s code; RESET recovers the connection for the next query', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN oops" {} {}
     PULL {"n": 1000}
  S: FAILURE {"code": "Neo.ClientError.Statement.SyntaxError", "message": "Variable \`oops\` not defined"}
     IGNORED
  C: RESET
  S: SUCCESS {}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('RETURN oops'));
  assert.ok(error instanceof neo4j.Neo4jError);
  assert.equal(error.code, 'Neo.ClientError.Statement.SyntaxError');
  assert.equal(error.message, 'Variable `oops` not defined');
  // Bolt 5.4 has no GQL diagnostic record: neo4j-driver classifies the error UNKNOWN.
  assert.equal(error.classification, 'UNKNOWN');
  const { records } = await session.run('RETURN 1 AS n');
  assert.deepEqual(records.map((r) => r.get('n')), [int(1)]);
  await session.close();
}));

test('the server closing mid-stream rejects with ServiceUnavailable; the next query opens a new connection', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "UNWIND range(1, 10) AS i RETURN i" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["i"]}
     RECORD [1]
     RECORD [2]
     <EXIT>
  ---
  ${CONNECT_5}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('UNWIND range(1, 10) AS i RETURN i'));
  assert.equal(error.code, neo4j.error.SERVICE_UNAVAILABLE);
  assert.match(error.message, /closed/);
  assert.deepEqual((await session.run('RETURN 1 AS n')).records.map((r) => r.get('n')), [int(1)]);
  await session.close();
}));

for (const [fault, answer, message] of [
  ['the connection breaking after COMMIT went out', '<EXIT>', /connection broke after COMMIT was sent: the transaction may or may not have been committed/],
  // A message with a tag Bolt does not have.
  ['an answer to COMMIT that cannot be read', '<RAW> 00 02 b0 55 00 00', /answer could not be read after COMMIT was sent: the transaction may or may not have been committed \(.+\)/],
]) {
  test(`${fault}: the outcome is unknown, and the error says so`, TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: BEGIN {}
  S: SUCCESS {}
  C: RUN "CREATE (n)" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": []}
     SUCCESS {"type": "w"}
  C: COMMIT
  S: ${answer}
`, async (driver) => {
    const session = driver.session();
    const tx = await session.beginTransaction();
    await tx.run('CREATE (n)');
    const error = await rejection(tx.commit());
    assert.equal(error.code, neo4j.error.SERVICE_UNAVAILABLE);
    assert.equal(error.retriable, true, 'retried like any lost connection: the work must be idempotent');
    assert.equal(error.gqlStatus, '08007');
    assert.match(error.message, message);
    await session.close();
  }));
}

test('COMMIT ignored with no failure before it is an error: the transaction was not committed', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: BEGIN {}
  S: SUCCESS {}
  C: COMMIT
  S: IGNORED
  C: RESET
  S: SUCCESS {}
  C?: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const tx = await session.beginTransaction();
  const error = await rejection(tx.commit());
  assert.equal(error.code, 'ProtocolError');
  assert.match(error.message, /ignored COMMIT, with no failure before it: the transaction was not committed/);
  await session.close();
}));

test('a server that goes silent fails the query after receiveTimeout; the next query gets a new connection', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["1"]}
  ---
  ${CONNECT_5}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     RECORD [2]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('RETURN 1'));
  assert.equal(error.code, neo4j.error.SERVICE_UNAVAILABLE);
  assert.match(error.message, /no answer from the server within 0\.3 s \(the receiveTimeout config\); the connection is closed/);
  assert.deepEqual((await session.run('RETURN 2')).records.map((r) => r.get('2')), [int(2)]);
  await session.close();
}, { config: { receiveTimeout: 300 } }));

test('a server silent past a transaction\'s timeout (plus grace) fails the transaction', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: BEGIN {"tx_timeout": 100}
  S: SUCCESS {}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
`, async (driver) => {
  const session = driver.session();
  const tx = await session.beginTransaction({ timeout: 100 });
  const error = await rejection(tx.run('RETURN 1'));
  assert.equal(error.code, neo4j.error.SERVICE_UNAVAILABLE);
  assert.match(error.message, /within 5\.1 s \(the transaction's timeout of 0\.1 s plus 5 s of grace\)/);
  await session.close();
}));

/** A Bolt 5.7+ FAILURE that the server marks idempotent: the query changed nothing. */
const IDEMPOTENT_FAILURE = 'FAILURE {"neo4j_code": "Neo.TransientError.Request.ResourceExhaustion", "message": "busy", ' +
  '"gql_status": "50N00", "description": "error: general processing exception", "diagnostic_record": {"_idempotent": true}}';

test('session.run runs a query once more when the server marks its failure idempotent', TIMEOUT, () => withStub(`
  ${connect5('5.8')}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: ${IDEMPOTENT_FAILURE}
     IGNORED
  C: RESET
  S: SUCCESS
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('RETURN 1 AS n');
  assert.deepEqual(records.map((r) => r.get('n')), [int(1)]);
  await session.close();
}));

for (const [where, driverConfig, sessionConfig] of [['driver', { disableAutoCommitRetries: true }, {}],
  ['session', {}, { disableAutoCommitRetries: true }]]) {
  test(`disableAutoCommitRetries in the ${where} config: the idempotent failure is the query's, and only once more if it happens twice`, TIMEOUT, () => withStub(`
  ${connect5('5.8')}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: ${IDEMPOTENT_FAILURE}
     IGNORED
  C: RESET
  S: SUCCESS
  # Without the option: rerun once, and the second failure is the query's.
  C: RUN "RETURN 2 AS n" {} {}
     PULL {"n": 1000}
  S: ${IDEMPOTENT_FAILURE}
     IGNORED
  C: RESET
  S: SUCCESS
  C: RUN "RETURN 2 AS n" {} {}
     PULL {"n": 1000}
  S: ${IDEMPOTENT_FAILURE}
     IGNORED
  C: RESET
  S: SUCCESS
  C: GOODBYE
`, async (driver) => {
    const session = driver.session(sessionConfig);
    const error = await rejection(session.run('RETURN 1 AS n'));
    assert.equal(error.code, 'Neo.TransientError.Request.ResourceExhaustion');
    assert.equal(error.diagnosticRecord._idempotent, true);
    await session.close();
    const retrying = driver.session({ disableAutoCommitRetries: false });
    assert.equal((await rejection(retrying.run('RETURN 2 AS n'))).code, 'Neo.TransientError.Request.ResourceExhaustion');
    await retrying.close();
  }, { config: driverConfig }));
}

test('a garbage message is a protocol error, not a hang; the connection is not reused', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  # A whole chunked message whose body starts with a reserved marker (0xDE).
  S: <RAW> 00 04 DE AD BE EF 00 00
  C?: GOODBYE
  ---
  ${CONNECT_5}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     RECORD [2]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('RETURN 1'));
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  assert.match(error.message, /invalid data.*0xDE/);
  assert.deepEqual((await session.run('RETURN 2')).records.map((r) => r.get('2')), [int(2)]);
  await session.close();
}));

test('a record with malformed fields, its summary with it, is a protocol error when read; its connection stays in step', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
  # In one write: a RECORD whose list declares two fields and holds one, and SUCCESS {"type": "r"}.
  S: <RAW> 00 04 B1 71 92 01 00 00 00 0A B1 70 A1 84 74 79 70 65 81 72 00 00
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     RECORD [2]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('RETURN 1'));
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  assert.match(error.message, /invalid data.*list/);
  assert.deepEqual((await session.run('RETURN 2')).records.map((r) => r.get('2')), [int(2)]);
  await session.close();
}));

/** A stub `<RAW>` line's bytes for one message with `body`, chunked as Bolt does. */
function rawMessage(body) {
  const bytes = [];
  for (let at = 0; at < body.length; at += 0xffff) {
    const chunk = body.subarray(at, at + 0xffff);
    bytes.push(chunk.length >> 8, chunk.length & 0xff, ...chunk);
  }
  bytes.push(0, 0);
  return Buffer.from(bytes).toString('hex').replace(/../g, '$& ').trim();
}

const MALFORMED_RECORDS = [
  // A RECORD whose one field is a list claiming 2^31 items, holding none.
  ['a list claiming 2^31 items', Buffer.from([0xb1, 0x71, 0x91, 0xd6, 0x80, 0, 0, 0]), /invalid data.*list/],
  // Lists of one item nested 200 000 deep.
  ['lists nested 200 000 deep', Buffer.concat([Buffer.from([0xb1, 0x71, 0x91]), Buffer.alloc(200_000, 0x91), Buffer.from([1])]), /invalid data.*nest/],
];

for (const [what, body, message] of MALFORMED_RECORDS) test(`a malformed record (${what}) with nothing after it fails the query when it arrives, not when more bytes come`, TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [1]
  # Then silence.
  S: <RAW> ${rawMessage(body)}
  C: RESET
  S: IGNORED
     SUCCESS {}
  C: RUN "RETURN 2" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["2"]}
     RECORD [2]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const result = session.run('RETURN 1');
  const seen = [];
  const error = await rejection((async () => {
    for await (const record of result) seen.push(record.get('n'));
  })());
  assert.deepEqual(seen, [int(1)], 'the record before the malformed one is read');
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  assert.match(error.message, message);
  // The pool RESETs the connection before it lends it again.
  assert.deepEqual((await session.run('RETURN 2')).records.map((r) => r.get('2')), [int(2)]);
  await session.close();
}, { config: { maxConnectionPoolSize: 1 } }));

test('a malformed record, then a server that answers nothing more: the query fails at once all the same', TIMEOUT, () => withStub(`
  ${CONNECT_5}
  C: RUN "RETURN 1" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
  S: <RAW> ${rawMessage(MALFORMED_RECORDS[0][1])}
  C: RESET
  C?: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const error = await rejection(session.run('RETURN 1'));
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  await session.close();
}));

test('Bolt 5.0: credentials in HELLO (LOGON came in 5.1), no bolt_agent (5.3), element ids', TIMEOUT, () => withStub(`
  S: BOLT 5.0
  C: HELLO {"user_agent": "${AGENT}", ${AUTH_JSON}}
  S: SUCCESS {"server": "Neo4j/5.0.0", "connection_id": "bolt-50"}
  C: RUN "MATCH (n) RETURN n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     RECORD [{"$node": [7, [], {}, "4:abc:7"]}]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('MATCH (n) RETURN n');
  assert.deepEqual(records[0].get('n'), new Node(int(7), [], {}, '4:abc:7'));
  await session.close();
}));

test('a garbage handshake answer is a protocol error naming the bytes', TIMEOUT, () => withStub(`
  S: <RAW> 12 34 56 78
`, async (driver) => {
  const error = await rejection(driver.verifyConnectivity());
  assert.equal(error.code, neo4j.error.PROTOCOL_ERROR);
  assert.match(error.message, /12 34 56 78/);
}));

test('an HTTP answer to the handshake says the address is an HTTP port', TIMEOUT, () => withStub(`
  S: HTTP
`, async (driver) => {
  const error = await rejection(driver.verifyConnectivity());
  assert.match(error.message, /HTTP port/);
}));

test('a server that never answers the handshake fails within connectionTimeout', TIMEOUT, () => withStub(`
  S: <SLEEP 2500>
`, async (driver) => {
  const started = Date.now();
  const error = await rejection(driver.verifyConnectivity());
  assert.equal(error.code, neo4j.error.SERVICE_UNAVAILABLE);
  assert.match(error.message, /within 1000 ms \(connectionTimeout\): the connection opened, but the server did not complete/);
  assert.ok(Date.now() - started < 2400, `took ${Date.now() - started} ms`);
}, { config: { connectionTimeout: 1000 } }));

test('NOOP chunks between messages are ignored', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  ${HELLO_5}
  ${LOGON}
  S: <NOOP>
     SUCCESS {"server": "Neo4j/5.26.0"}
     <NOOP>
     SUCCESS {}
  C: RUN "RETURN 1 AS n" {} {}
     PULL {"n": 1000}
  S: SUCCESS {"fields": ["n"]}
     <NOOP>
     RECORD [1]
     SUCCESS {"type": "r"}
  C: GOODBYE
`, async (driver) => {
  const session = driver.session();
  const { records } = await session.run('RETURN 1 AS n');
  assert.deepEqual(records.map((r) => r.get('n')), [int(1)]);
  await session.close();
}));

for (const [over, config] of TRANSPORTS) {
  test(`over ${over}: messages packed into one write (frame) and split across writes are reassembled`, TIMEOUT, () => withStub(`
    S: BOLT 5.4
    ${HELLO_5}
    ${LOGON}
    # Both SUCCESS {} in one frame.
    S: <RAW> 00 03 B1 70 A0 00 00 00 03 B1 70 A0 00 00
    C: RUN "RETURN 1 AS n" {} {}
       PULL {"n": 1000}
    # SUCCESS {"fields": ["n"]} split inside its chunk header and before its end marker.
    S: <RAW> 00
       <RAW> 0D B1 70 A1 86 66 69 65 6C 64 73 91 81 6E
       <RAW> 00 00
    # RECORD [1] and SUCCESS {} in one frame.
       <RAW> 00 04 B1 71 91 01 00 00 00 03 B1 70 A0 00 00
    C: GOODBYE
  `, async (driver) => {
    const session = driver.session();
    const { records } = await session.run('RETURN 1 AS n');
    assert.deepEqual(records.map((r) => r.toObject()), [{ n: int(1) }]);
    assert.deepEqual(records[0].keys, ['n']);
    await session.close();
  }, { config }));
}

test('a LOGON FAILURE rejects with the server\'s security error', TIMEOUT, () => withStub(`
  S: BOLT 5.4
  ${HELLO_5}
  C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "wrong"}
  S: SUCCESS {"server": "Neo4j/5.26.0"}
     FAILURE {"code": "Neo.ClientError.Security.Unauthorized", "message": "The client is unauthorized due to authentication failure."}
  C?: GOODBYE
`, async (driver) => {
  const error = await rejection(driver.verifyConnectivity());
  assert.equal(error.code, 'Neo.ClientError.Security.Unauthorized');
  assert.equal(error.retriable, false);
}, { auth: neo4j.auth.basic('neo4j', 'wrong') }));

test('the connection.recv_timeout_seconds hint: a server gone silent fails the query in time', TIMEOUT, async () => {
  const stub = await stubFor(`
    S: BOLT 5.4
    ${HELLO_5}
    ${LOGON}
    S: SUCCESS {"server": "Neo4j/5.26.0", "hints": {"connection.recv_timeout_seconds": 1}}
       SUCCESS {}
    C: RUN "RETURN 1" {} {}
       PULL {"n": 1000}
    # The server goes silent; the driver must give up and close the connection.
  `);
  const driver = neo4j.driver(stub.url, AUTH, {});
  let timer;
  let ok = false;
  try {
    const outcome = await Promise.race([
      rejection(driver.session().run('RETURN 1')),
      new Promise((resolve) => { timer = setTimeout(resolve, 3000, 'still waiting after 3 s'); }),
    ]);
    assert.ok(outcome instanceof Error, `the query is ${outcome}`);
    assert.match(outcome.message, /recv_timeout_seconds/);
    ok = true;
  } finally {
    clearTimeout(timer);
    await driver.close();
    // A stub still serving a stuck driver would otherwise run until its own timeout.
    if (!ok) await stub.stop();
  }
  await assertScripted(stub);
});

test('several connections: one section per connection, REPEAT for identical ones', TIMEOUT, async () => {
  const stub = await stubFor(`
    !: REPEAT 2
    S: BOLT 5.4
    ${HELLO_5}
    ${LOGON}
    S: SUCCESS {"server": "Neo4j/5.26.0"}
       SUCCESS {}
    C: GOODBYE
    ---
    S: BOLT NONE
  `);
  for (let i = 0; i < 2; i++) {
    const driver = neo4j.driver(stub.url, AUTH, {});
    await driver.verifyConnectivity();
    await driver.close();
  }
  const driver = neo4j.driver(stub.url, AUTH, {});
  const error = await rejection(driver.verifyConnectivity());
  assert.match(error.message, /none of the offered Bolt versions/);
  await driver.close();
  await assertScripted(stub);
});

// The stub's own checks, so that a passing test above means what it says.

test('stub: a client message that differs is reported with the script line, expected and got', TIMEOUT, async () => {
  const stub = await stubFor(`
    S: BOLT 5.4
    ${HELLO_5}
    ${LOGON}
    S: SUCCESS {"server": "Neo4j/5.26.0"}
       SUCCESS {}
    C: RUN "RETURN 1" {} {}
       PULL {"n": 1000}
    S: SUCCESS {"fields": ["1"]}
    ---
    # Never reached: the stub exits at the first difference.
    S: BOLT 5.4
  `);
  const driver = neo4j.driver(stub.url, AUTH, {});
  await rejection(driver.session().run('RETURN 2'));
  await driver.close();
  const { code, stderr } = await stub.done;
  assert.equal(code, 1, stderr);
  assert.match(stderr, /script\.bolt:6: expected C: RUN "RETURN 1" \{\} \{\}/);
  assert.match(stderr, /got C: RUN "RETURN 2" \{\} \{\}/);
  assert.match(stderr, /query: expected "RETURN 1", got "RETURN 2"/);
});

test('stub: raw Bolt over TCP on the same port, exact bytes both ways', TIMEOUT, async () => {
  const stub = await stubFor(`
    S: BOLT 5.4
    C: HELLO {"user_agent": "*", "[routing]": {"...": "*"}}
    S: SUCCESS {"server": "x"}
    C?: GOODBYE
  `);
  const sock = net.connect(stub.port, '127.0.0.1');
  const received = [];
  sock.on('data', (d) => received.push(d));
  // Magic, 5.4 offered; then HELLO {"user_agent": "t"} as one chunk.
  sock.write(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 0, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  sock.write(Buffer.from([0, 0x10, 0xb1, 0x01, 0xa1, 0x8a, ...Buffer.from('user_agent'), 0x81, 0x74, 0, 0]));
  const want = Buffer.from([0, 0, 4, 5, 0, 0x0c, 0xb1, 0x70, 0xa1, 0x86, ...Buffer.from('server'), 0x81, 0x78, 0, 0]);
  for (let waited = 0; Buffer.concat(received).length < want.length && waited < 5000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.deepEqual(Buffer.concat(received), want);
  sock.end();
  await assertScripted(stub);
});

test('stub: a client that closes before the script ends is reported', TIMEOUT, async () => {
  const stub = await stubFor(`
    S: BOLT 5.4
    C: HELLO {"user_agent": "*"}
  `);
  const sock = net.connect(stub.port, '127.0.0.1');
  sock.on('error', () => {});
  sock.end(Buffer.from([0x60, 0x60, 0xb0, 0x17, 0, 0, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  const { code, stderr } = await stub.done;
  assert.equal(code, 1, stderr);
  assert.match(stderr, /script\.bolt:2: expected C: HELLO \{"user_agent": "\*"\}\n {2}but the client closed the connection/);
});

test('stub: a client that never comes makes it exit 2 with where each connection is', TIMEOUT, async () => {
  const stub = await startStub('S: BOLT 5.4\n', { timeout: 0.5 });
  const { code, stderr } = await stub.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /connection 1: not connected yet/);
});
