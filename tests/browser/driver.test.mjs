// The public API in headless Chromium (Playwright), against the real servers over WebSocket
// (websockify bridges): each scenario runs inside a blank page that loads the package's
// browser entry (tests/browser/blank.html, `window.neo4j`), returns plain data, and is checked
// here in Node. Errors are caught in the page and returned as `{ code, message, retriable, ... }`
// (an error thrown out of page.evaluate would arrive as a string only). Any uncaught page
// error fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './support.mjs';
import { env as serverEnv, boltUri, FALKORDB_CONFIG, TEST_AUTH } from '../js/support.mjs';

// Generous: a shared 2-core machine, and Chromium starting up next to the servers.
const TIMEOUT = { timeout: 90_000 };

/** What the page needs to know, as plain data. */
const env = {
  kglite: boltUri(serverEnv.NEO4J_WASM_KGLITE_WS),
  kgliteAuth: boltUri(serverEnv.NEO4J_WASM_KGLITE_AUTH_WS),
  falkordb: boltUri(serverEnv.NEO4J_WASM_FALKORDB_WS),
  falkordbConfig: FALKORDB_CONFIG,
  user: TEST_AUTH.user,
  password: TEST_AUTH.password,
  wrongPassword: 'not-the-password-1618',
};

/** What a transaction that can no longer be used says when it is used. */
const ENDED = /rolled back/;

const chromium = useBrowser();

/**
 * Opens a fresh blank page with the package loaded, runs `scenario(env)` in it, closes the
 * page, and fails if the page reported an uncaught error (including unhandled rejections).
 */
async function inPage(scenario) {
  const page = await chromium.browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack || e.message));
  try {
    await page.goto(`${chromium.site.url}/tests/browser/blank.html`);
    await page.evaluate(() => window.neo4jReady.then(() => undefined));
    return await page.evaluate(scenario, env);
  } finally {
    await page.close();
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  }
}

test('auto-commit: writes nodes and reads them back', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), {}, (driver, neo4j) =>
    window.withSession(driver, undefined, async (session) => {
      const tag = `auto${Date.now()}${Math.random()}`;
      const created = [];
      for (const [rank, name] of ['Ada', 'Grace', 'Edsger'].entries()) {
        const { records, summary } = await session.run(
          'CREATE (p:BrowserPioneer {name: $name, rank: $rank, tag: $tag}) RETURN p', { name, rank, tag });
        const node = records[0].get('p');
        created.push({ records: records.length, keys: records[0].keys, isNode: neo4j.isNode(node), labels: node.labels,
          name: node.properties.name, elementId: typeof node.elementId, nodesCreated: summary.counters.updates().nodesCreated });
      }
      const read = await session.run('MATCH (p:BrowserPioneer {tag: $tag}) RETURN p.name AS name, p.rank AS rank ORDER BY rank', { tag });
      return { created, keys: read.records.map((record) => record.keys), records: read.records.map((record) => record.toObject()) };
    })));
  assert.deepEqual(r.created, ['Ada', 'Grace', 'Edsger'].map((name) =>
    ({ records: 1, keys: ['p'], isNode: true, labels: ['BrowserPioneer'], name, elementId: 'string', nodesCreated: 1 })));
  assert.deepEqual(r.keys, [['name', 'rank'], ['name', 'rank'], ['name', 'rank']]);
  assert.deepEqual(r.records, [{ name: 'Ada', rank: 0 }, { name: 'Grace', rank: 1 }, { name: 'Edsger', rank: 2 }]);
});

test('server info, protocol support and encryption', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), {}, async (driver, neo4j) => {
    const info = await driver.getServerInfo();
    return {
      info: { isServerInfo: info instanceof neo4j.ServerInfo, agent: info.agent, protocolVersion: info.protocolVersion.toString() },
      encrypted: driver.isEncrypted(),
      multiDb: await driver.supportsMultiDb(),
      txConfig: await driver.supportsTransactionConfig(),
      impersonation: await driver.supportsUserImpersonation(),
      sessionAuth: await driver.supportsSessionAuth(),
      connectivity: await driver.verifyConnectivity().then(() => 'ok', window.errorInfo),
    };
  }));
  assert.equal(r.info.isServerInfo, true);
  assert.match(r.info.agent, /^kglite-bolt-server\//);
  assert.equal(r.info.protocolVersion, '5.4');
  assert.equal(r.encrypted, false);
  assert.deepEqual([r.multiDb, r.txConfig, r.impersonation, r.sessionAuth], [true, true, true, true]);
  assert.equal(r.connectivity, 'ok');
});

test('parameters of every JSON-like type and BigInts round-trip', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), { useBigInt: true }, (driver) =>
    window.withSession(driver, undefined, async (session) => {
      const value = {
        s: 'héllo ✓ 𝄞', empty: '', f: 1.5, neg: -0.25, i: 42, negI: -7, zero: 0, t: true, fa: false, n: null,
        list: [1, 'two', [3], { four: 4 }, null], emptyList: [], map: { a: { b: 'c' } }, emptyMap: {},
      };
      const bigs = { big: 2n ** 60n, max: 2n ** 63n - 1n, min: -(2n ** 63n) };
      const { records: [record] } = await session.run('RETURN $v AS v, $big AS big, $max AS max, $min AS min, $safe AS safe',
        { v: value, ...bigs, safe: 2 ** 53 - 1 });
      const [v, big, max, min, safe] = ['v', 'big', 'max', 'min', 'safe'].map((key) => record.get(key));
      return {
        v, value,
        types: { big: typeof big, max: typeof max, min: typeof min, safe: typeof safe, f: typeof v.f, i: typeof v.i },
        bigs: [big, max, min].map(String),
        bigsEqual: big === bigs.big && max === bigs.max && min === bigs.min,
        safe,
        keys: record.keys,
      };
    })));
  assert.deepEqual(r.v, r.value);
  assert.deepEqual(r.types, { big: 'bigint', max: 'bigint', min: 'bigint', safe: 'number', f: 'number', i: 'number' });
  assert.deepEqual(r.bigs, [String(2n ** 60n), String(2n ** 63n - 1n), String(-(2n ** 63n))]);
  assert.ok(r.bigsEqual);
  assert.equal(r.safe, 2 ** 53 - 1);
  assert.deepEqual(r.keys, ['v', 'big', 'max', 'min', 'safe']);
});

test('explicit transactions: a commit is visible to another session, a rollback is not', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), { disableLosslessIntegers: true }, async (driver) => {
    const count = (t) => window.withSession(driver, undefined, async (s) =>
      (await s.run('MATCH (n:BrowserTx {tag: $t}) RETURN count(n) AS c', { t })).records[0].get('c'));
    return window.withSession(driver, undefined, async (session) => {
      const kept = `kept${Date.now()}${Math.random()}`;
      const tx = await session.beginTransaction();
      const openBefore = tx.isOpen();
      await tx.run('CREATE (:BrowserTx {tag: $t})', { t: kept });
      await tx.run('CREATE (:BrowserTx {tag: $t})', { t: kept });
      const inside = (await tx.run('MATCH (n:BrowserTx {tag: $t}) RETURN count(n) AS c', { t: kept })).records
        .map((record) => record.toObject());
      const outsideBeforeCommit = await count(kept);
      await tx.commit();
      const openAfter = tx.isOpen();
      await tx.close(); // after commit: does nothing
      const keptCount = await count(kept);

      const dropped = `dropped${Date.now()}${Math.random()}`;
      const tx2 = await session.beginTransaction({ timeout: 10000, metadata: { app: 'browser-tests' } });
      await tx2.run('CREATE (:BrowserTx {tag: $t})', { t: dropped });
      await tx2.rollback();
      const droppedCount = await count(dropped);
      const runAfterRollback = await tx2.run('RETURN 1').then(() => 'resolved', window.errorInfo);

      const closed = `closed${Date.now()}${Math.random()}`;
      const tx3 = await session.beginTransaction();
      await tx3.run('CREATE (:BrowserTx {tag: $t})', { t: closed });
      await tx3.close(); // open: rolls back
      const closedCount = await count(closed);
      return { openBefore, inside, outsideBeforeCommit, openAfter, keptCount, droppedCount, runAfterRollback,
        tx3Open: tx3.isOpen(), closedCount };
    });
  }));
  assert.equal(r.openBefore, true);
  assert.deepEqual(r.inside, [{ c: 2 }], 'the transaction sees its own writes');
  assert.equal(r.outsideBeforeCommit, 0, 'another session does not see uncommitted writes');
  assert.equal(r.openAfter, false);
  assert.equal(r.keptCount, 2);
  assert.equal(r.droppedCount, 0);
  assert.match(r.runAfterRollback.message, ENDED);
  assert.equal(r.tx3Open, false);
  assert.equal(r.closedCount, 0);
});

test('executeWrite commits and returns the work\'s value', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), { disableLosslessIntegers: true }, (driver) =>
    window.withSession(driver, undefined, async (session) => {
      const t = `ew${Date.now()}${Math.random()}`;
      const value = await session.executeWrite(async (tx) => {
        await tx.run('CREATE (:BrowserTx {tag: $t})', { t });
        return (await tx.run('MATCH (n:BrowserTx {tag: $t}) RETURN count(n) AS c', { t })).records[0].get('c');
      });
      const object = await session.executeRead(async (tx) =>
        ({ rows: (await tx.run('RETURN [1, 2] AS l')).records.map((record) => record.toObject()) }));
      const after = (await session.run('MATCH (n:BrowserTx {tag: $t}) RETURN count(n) AS c', { t })).records[0].get('c');
      return { value, object, after };
    })));
  assert.equal(r.value, 1);
  assert.deepEqual(r.object, { rows: [{ l: [1, 2] }] });
  assert.equal(r.after, 1);
});

test('a retryable error thrown once by the work is retried and the retry commits', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(),
    { maxTransactionRetryTime: 5000, disableLosslessIntegers: true }, (driver, neo4j) =>
      window.withSession(driver, undefined, async (session) => {
        const t = `retry${Date.now()}${Math.random()}`;
        let calls = 0;
        const started = performance.now();
        const value = await session.executeWrite(async (tx) => {
          calls += 1;
          await tx.run('CREATE (:BrowserTx {tag: $t})', { t });
          if (calls === 1) throw new neo4j.Neo4jError('deadlock, try again', 'Neo.TransientError.Transaction.DeadlockDetected');
          return 'done';
        });
        const ms = performance.now() - started;
        const count = (await session.run('MATCH (n:BrowserTx {tag: $t}) RETURN count(n) AS c', { t })).records[0].get('c');
        return { value, calls, count, ms };
      })));
  assert.equal(r.value, 'done');
  assert.equal(r.calls, 2);
  assert.equal(r.count, 1, 'the failed attempt was rolled back, the retry committed');
  assert.ok(r.ms >= 700 && r.ms < 5000, `retried after a backoff of about 1 s (took ${Math.round(r.ms)} ms)`);
});

test('a syntax error is rejected with its code and not retried', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(),
    { maxTransactionRetryTime: 5000, disableLosslessIntegers: true }, (driver) =>
      window.withSession(driver, undefined, async (session) => {
        const auto = await session.run('RETRUN 1').then(() => 'resolved', window.errorInfo);
        let calls = 0;
        const managed = await session.executeWrite(async (tx) => {
          calls += 1;
          return tx.run('RETRUN 1');
        }).then(() => 'resolved', window.errorInfo);
        const after = (await session.run('RETURN 2 AS two')).records.map((record) => record.toObject());
        return { auto, managed, calls, after };
      })));
  for (const e of [r.auto, r.managed]) {
    assert.equal(e.name, 'Neo4jError');
    assert.equal(e.code, 'Neo.ClientError.Statement.SyntaxError');
    // Bolt 5.4 has no GQL diagnostic record: neo4j-driver classifies the error UNKNOWN.
    assert.equal(e.classification, 'UNKNOWN');
    assert.equal(e.retriable, false);
  }
  assert.equal(r.calls, 1, 'not retried');
  assert.deepEqual(r.after, [{ two: 2 }], 'the session goes on');
});

test('50 000 rows stream in order, fetchSize 500 at a time, in flat memory', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), { fetchSize: 500 }, (driver) =>
    window.withSession(driver, undefined, async (session) => {
      // Live heap only: a full garbage collection first (Chromium runs with --expose-gc).
      const liveHeap = () => {
        window.gc();
        return performance.memory.usedJSHeapSize;
      };
      const baseline = liveHeap();
      const result = session.run('UNWIND range(1, 50000) AS i RETURN i');
      const keys = await result.keys();
      let read = 0;
      let outOfOrder = null;
      let growth = 0;
      for await (const record of result) {
        read += 1;
        const i = record.get('i').toNumber();
        if (i !== read && outOfOrder === null) outOfOrder = { at: read, got: i };
        if (read % 5000 === 0) growth = Math.max(growth, liveHeap() - baseline);
      }
      const summary = await result.summary();
      return { keys, rows: read, outOfOrder, growth, type: summary.queryType };
    })));
  assert.deepEqual(r.keys, ['i']);
  assert.equal(r.outOfOrder, null);
  assert.equal(r.rows, 50000);
  // The whole result takes about 5 MB; a batch or two of 500 far less (the margin is for
  // what else the page allocates on a busy machine).
  assert.ok(r.growth < 2 << 20, `the live heap grew by ${r.growth} bytes while streaming`);
  assert.equal(r.type, 'r');
});

test('summary() early discards the rest and the connection is reused; a transaction\'s records outlive COMMIT', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(),
    { fetchSize: 10, maxConnectionPoolSize: 1, connectionAcquisitionTimeout: 10000, disableLosslessIntegers: true }, (driver) =>
      window.withSession(driver, undefined, async (session) => {
        const result = session.run('UNWIND range(1, 1000) AS i RETURN i');
        const records = result[Symbol.asyncIterator]();
        const first = [];
        for (let k = 0; k < 10; k++) first.push((await records.next()).value.get('i'));
        const summary = await result.summary();
        const keys = await result.keys();
        const afterSummary = [];
        let rest = await records.next();
        for (; !rest.done; rest = await records.next()) afterSummary.push(rest.value.get('i'));
        // With a pool of one, this only works if the connection went back clean.
        const next = (await session.run('RETURN 7 AS n')).records.map((record) => record.toObject());

        const tx = await session.beginTransaction();
        const txResult = tx.run('UNWIND range(1, 25) AS i RETURN i');
        await txResult.keys();
        await tx.commit();
        const seen = [];
        for await (const record of txResult) seen.push(record.get('i'));
        return { first, keys, afterSummary, endsWithSummary: rest.value === summary, next, seen };
      })).then(null, window.errorInfo));
  assert.deepEqual(r.first, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(r.keys, ['i']);
  // The batch on its way when summary() was called stays readable, as with neo4j-driver.
  assert.deepEqual(r.afterSummary, Array.from({ length: 10 }, (_, k) => k + 11));
  assert.equal(r.endsWithSummary, true);
  assert.deepEqual(r.next, [{ n: 7 }]);
  assert.deepEqual(r.seen, Array.from({ length: 25 }, (_, k) => k + 1));
});

test('bookmarks of one session start another that sees its writes', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.kglite, window.neo4j.auth.none(), { disableLosslessIntegers: true }, async (driver, neo4j) => {
    const t = `bm${Date.now()}${Math.random()}`;
    const initial = await window.withSession(driver, undefined, async (s) => s.lastBookmarks());
    // Before any work, a session's bookmarks are the ones it started from (no server involved).
    const given = await window.withSession(driver, { bookmarks: ['bm:browser-1', 'bm:browser-2'] }, async (s) => s.lastBookmarks());
    const bookmarks = await window.withSession(driver, undefined, async (writer) => {
      await writer.executeWrite((tx) => tx.run('CREATE (:BrowserBm {tag: $t})', { t }));
      return writer.lastBookmarks();
    });
    const read = await window.withSession(driver, { bookmarks, defaultAccessMode: neo4j.session.READ }, async (reader) => ({
      records: (await reader.run('MATCH (n:BrowserBm {tag: $t}) RETURN count(n) AS c', { t })).records.map((record) => record.toObject()),
      bookmarks: reader.lastBookmarks(),
    }));
    const badMode = (() => {
      try { driver.session({ defaultAccessMode: 'READONLY' }); return 'accepted'; } catch (e) { return window.errorInfo(e); }
    })();
    return { initial, given, bookmarks, read, badMode };
  }));
  assert.deepEqual(r.initial, []);
  assert.deepEqual([...r.given].sort(), ['bm:browser-1', 'bm:browser-2']);
  // kglite 0.21.5 sends no bookmark on COMMIT (in Node too), so the list may be empty; the
  // stub tests check bookmarks that a server does send.
  assert.ok(Array.isArray(r.bookmarks) && r.bookmarks.every((b) => typeof b === 'string'), `bookmarks ${JSON.stringify(r.bookmarks)}`);
  assert.deepEqual(r.read.records, [{ c: 1 }]);
  assert.ok(Array.isArray(r.read.bookmarks));
  if (r.bookmarks.length) assert.deepEqual(r.read.bookmarks, r.bookmarks, 'a read-only session keeps the bookmarks it started from');
  assert.match(r.badMode.message, /neo4j.session.READ or neo4j.session.WRITE/);
});

test('basic auth: a wrong password is Unauthorized and never echoed; verifyAuthentication', TIMEOUT, async () => {
  const r = await inPage(async (env) => {
    const basic = (password) => window.neo4j.auth.basic(env.user, password);
    const wrong = await window.withDriver(env.kgliteAuth, basic(env.wrongPassword), {}, async (driver) => ({
      connectivity: await driver.verifyConnectivity().then(() => 'resolved', window.errorInfo),
      run: await window.withSession(driver, undefined, (s) => s.run('RETURN 1 AS one')).then(() => 'resolved', window.errorInfo),
      verifyOwn: await driver.verifyAuthentication(),
      verifyGood: await driver.verifyAuthentication({ auth: basic(env.password) }),
    }));
    const good = await window.withDriver(env.kgliteAuth, basic(env.password), { disableLosslessIntegers: true }, async (driver) => ({
      verifyOwn: await driver.verifyAuthentication(),
      verifyWrong: await driver.verifyAuthentication({ auth: basic(env.wrongPassword) }),
      records: await window.withSession(driver, undefined, async (s) =>
        (await s.run('RETURN 1 AS one')).records.map((record) => record.toObject())),
    }));
    return { wrong, good };
  });
  for (const e of [r.wrong.connectivity, r.wrong.run]) {
    assert.equal(e.code, 'Neo.ClientError.Security.Unauthorized');
    assert.equal(e.retriable, false);
    assert.ok(!e.message.includes(env.wrongPassword) && !e.stack.includes(env.wrongPassword), e.message);
  }
  assert.equal(r.wrong.verifyOwn, false);
  assert.equal(r.wrong.verifyGood, true);
  assert.equal(r.good.verifyOwn, true);
  assert.equal(r.good.verifyWrong, false);
  assert.deepEqual(r.good.records, [{ one: 1 }]);
});

test('FalkorDB through its WebSocket bridge: Bolt 5.7, write and read', TIMEOUT, async () => {
  const r = await inPage((env) => window.withDriver(env.falkordb, window.neo4j.auth.none(),
    { ...env.falkordbConfig, disableLosslessIntegers: true }, async (driver) => {
      // A FalkorDB bug (tests/js/support.mjs): a handshake after another client's GOODBYE can
      // stall until connectionTimeout; the stalled connection's close clears it for a retry.
      const stalls = [];
      const retryStall = async (operation) => {
        try {
          return await operation();
        } catch (e) {
          if (!/did not complete the Bolt handshake/.test(e.message)) throw e;
          stalls.push(e.message);
          return operation();
        }
      };
      const plain = (result) => result.records.map((record) => record.toObject());
      try {
        const info = await retryStall(() => driver.getServerInfo());
        const tag = `fk${Date.now()}${Math.random()}`;
        return await window.withSession(driver, undefined, async (session) => {
          const created = await retryStall(() => session.run('CREATE (c:City {name: $name, tag: $tag}) RETURN c.name AS name', { name: 'Malmö', tag }));
          const counted = await session.run('MATCH (c:City {tag: $tag}) RETURN count(c) AS n', { tag });
          return { protocolVersion: info.protocolVersion.toString(), created: plain(created), counted: plain(counted), stalls };
        });
      } catch (e) {
        return { error: window.errorInfo(e), stalls };
      }
    }));
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.equal(r.protocolVersion, '5.7');
  assert.deepEqual(r.created, [{ name: 'Malmö' }]);
  assert.deepEqual(r.counted, [{ n: 1 }]);
  if (r.stalls.length) console.log(`# FalkorDB handshake stalls retried: ${r.stalls.join(' | ')}`);
});

test('bolt+ssc:// is refused when the driver is made, saying what to do instead', TIMEOUT, async () => {
  const r = await inPage(async () => {
    const { neo4j } = window;
    try {
      const d = neo4j.driver('bolt+ssc://127.0.0.1:9', neo4j.auth.none());
      await d.close();
      return 'accepted';
    } catch (e) {
      return window.errorInfo(e);
    }
  });
  // A plain Error, as neo4j-driver throws for configuration it cannot use.
  assert.equal(r.name, 'Error', JSON.stringify(r));
  assert.match(r.message, /^accepting any certificate .* is not possible in a browser: a browser trusts only/);
  assert.match(r.message, /import its CA .* into the operating system's or the browser's trust store/);
});

test('config clientCertificate is refused when the driver is made, saying why and what to do', TIMEOUT, async () => {
  const r = await inPage(async () => {
    const { neo4j } = window;
    const clientCertificate = neo4j.clientCertificateProviders.rotating({
      initialCertificate: { certfile: 'client.pem', keyfile: 'client.key', password: 'key-password-5077' },
    });
    try {
      const d = neo4j.driver('bolt+s://127.0.0.1:9', neo4j.auth.none(), { clientCertificate });
      await d.close();
      return 'accepted';
    } catch (e) {
      return window.errorInfo(e);
    }
  });
  assert.equal(r.name, 'Error', JSON.stringify(r));
  assert.match(r.message, /^config clientCertificate is not possible in a browser: the browser itself picks the client certificate/);
  assert.match(r.message, /install the certificate with its key in the operating system's or the browser's certificate store/);
  assert.doesNotMatch(r.message, /key-password-5077/);
});

test('a port nobody listens on gives ServiceUnavailable naming the ws:// URL', TIMEOUT, async () => {
  const r = await inPage(() => window.withDriver('bolt://127.0.0.1:9', window.neo4j.auth.none(), { connectionTimeout: 20000 }, async (driver) => ({
    connectivity: await driver.verifyConnectivity().then(() => 'resolved', window.errorInfo),
    run: await window.withSession(driver, undefined, (s) => s.run('RETURN 1')).then(() => 'resolved', window.errorInfo),
  })));
  for (const e of [r.connectivity, r.run]) {
    assert.equal(e.code, 'ServiceUnavailable', JSON.stringify(e));
    assert.equal(e.retriable, true);
    assert.match(e.message, /could not open a WebSocket to ws:\/\/127\.0\.0\.1:9/);
  }
});
