// The wire scenarios: exact Bolt conversations, played by the scripted stub server
// (tests/stub-server), that application code written once against the public neo4j-driver
// API meets with this package and with the official driver. Each scenario has
// - `script`: the stub's script, or a function of the stub's `host:port` giving it; both
//   drivers must follow it to the letter (the runners fail a scenario whose script the
//   official driver does not follow: the script is then wrong);
// - `run(neo4j, ctx)`: the application, returning an observation (plain data), as in the
//   differential suite (tests/differential/scenarios.mjs, whose context and describers these
//   share); the two observations must be equal, or differ exactly as `intended` documents;
// - `routing`: the application connects with `neo4j://` (the stub is a one-server cluster);
// - `officialHangsInBrowser`: why the official browser bundle never finishes the scenario (the
//   browser runner then compares with the official driver in Node).
// The runners: tests/js/wire.test.mjs (Node, TCP) and tests/browser/wire.test.mjs (Chromium,
// WebSocket), one fresh stub per driver and scenario. `node tests/wire/try.mjs NAME_PART` plays
// scenarios with one driver and prints what happened, for writing new ones.

/** The drivers' credentials in every script: basic, neo4j / pass. */
export const AUTH = (neo4j) => neo4j.auth.basic('neo4j', 'pass');

/** The LOGON of AUTH. */
const LOGON = 'C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}';

/**
 * A stub script as a template literal: a multi-line value put into it is indented like the
 * line it is put into, so that its continuation lines stay continuation lines.
 */
function bolt(strings, ...values) {
  return strings.reduce((text, string, i) => {
    if (i === 0) return string;
    const indent = text.slice(text.lastIndexOf('\n') + 1).match(/^[ \t]*/)[0];
    return text + String(values[i - 1]).replaceAll('\n', `\n${indent}`) + string;
  }, '');
}

/**
 * A connection's opening on Bolt `version` (5.1 or later), as both drivers make it: HELLO
 * (any agent fields), LOGON with AUTH, and the server's answers with `hints` in HELLO's
 * SUCCESS.
 */
function open(version = '5.4', hints = {}) {
  const success = JSON.stringify({ server: 'Neo4j/5.26.0', connection_id: 'bolt-1', hints });
  return `S: BOLT ${version}
C: HELLO {"user_agent": "*", "...": "*"}
${LOGON}
S: SUCCESS ${success}
   SUCCESS {}`;
}

/**
 * The same before Bolt 5.1, where HELLO carries the credentials; `patchUtc` makes a 4.4
 * server accept the driver's `patch_bolt: ["utc"]`.
 */
function openWithHello(version, { patchUtc = false } = {}) {
  const success = { server: 'Neo4j/4.4.0', connection_id: 'bolt-1', ...(patchUtc ? { patch_bolt: ['utc'] } : {}) };
  return `S: BOLT ${version}
C: HELLO {"user_agent": "*", "scheme": "basic", "principal": "neo4j", "credentials": "pass", "...": "*"}
S: SUCCESS ${JSON.stringify(success)}`;
}

/** A ROUTE answer for the one-server cluster at `address` (the stub): it routes and reads,
 * and writes when `writers` names it; `routers` replaces it as the router. */
function table(address, { writers = [], routers = [address], ttl = 300, db = 'neo4j' } = {}) {
  return JSON.stringify({
    rt: {
      ttl,
      db,
      servers: [
        { addresses: routers, role: 'ROUTE' },
        { addresses: [address], role: 'READ' },
        { addresses: writers, role: 'WRITE' },
      ],
    },
  });
}

/** An address nothing listens on: the discard port of the loopback address. */
const UNREACHABLE = '127.0.0.1:9';

/** HELLO's hint that the server answers within a second, or the connection is lost. */
const RECV_TIMEOUT = { 'connection.recv_timeout_seconds': 1 };

/** A syntax error as a server reports it (before Bolt 5.7). */
const SYNTAX_ERROR = '{"code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input \'RETRUN\'"}';

/** An arithmetic error raised while records stream. */
const DIVISION_BY_ZERO = '{"code": "Neo.ClientError.Statement.ArithmeticError", "message": "/ by zero"}';

/** A query whose fifth record fails after four were sent, and the RESET after it. */
const FOUR_THEN_FAILURE = `C: RUN "UNWIND range(4, 0, -1) AS x RETURN 12 / x AS y" {} {}
   PULL {"n": 1000}
S: SUCCESS {"fields": ["y"]}
   RECORD [3]
   RECORD [4]
   RECORD [6]
   RECORD [12]
   FAILURE ${DIVISION_BY_ZERO}
C: RESET
S: SUCCESS`;

/** A write transaction that commits: `CREATE (n)` in BEGIN and COMMIT, BEGIN answered first. */
const WRITE_COMMITTED = `C: BEGIN {}
S: SUCCESS
C: RUN "CREATE (n)" {} {}
   PULL {"n": 1000}
S: SUCCESS {"fields": []}
   SUCCESS {"type": "w"}
C: COMMIT
S: SUCCESS {"bookmark": "bm:1"}`;

/** The application of the retry scenarios: one `CREATE (n)` in executeWrite; how it ended and
 * in how many attempts. */
async function retriedWrite(neo4j, ctx) {
  const session = ctx.driver().session();
  let attempts = 0;
  const outcome = await ctx.settle(() => session.executeWrite(async (tx) => {
    attempts += 1;
    return (await tx.run('CREATE (n)')).summary.queryType;
  }));
  await session.close();
  return { outcome, attempts };
}

/** Why the official browser bundle hangs when the server ends the connection (`<EXIT>`). */
const CLEAN_CLOSE = 'it ignores a WebSocket that the server closes cleanly, and waits for answers forever';

/** How every way of reading one failed result ends: awaiting it, its keys and summary, a
 * subscriber, and a `for await` loop (with the records each saw before the error). */
async function readFailed(ctx, result) {
  const seen = { awaited: await ctx.settle(() => result) };
  seen.keys = await ctx.settle(() => result.keys());
  seen.summary = await ctx.settle(() => result.summary());
  seen.awaitedAgain = await ctx.settle(() => result);
  seen.subscribed = await subscribe(ctx, result);
  const iterated = await iterate(ctx, result);
  seen.iterated = { records: iterated.records.length, code: iterated.error?.code.value };
  seen.isOpen = result.isOpen();
  return seen;
}

/** What a subscriber of `result` is told: the keys, the records and how it ended. */
function subscribe(ctx, result) {
  return new Promise((resolve) => {
    const seen = { keys: null, records: [] };
    result.subscribe({
      onKeys: (keys) => { seen.keys = ctx.d(keys); },
      onNext: (record) => { seen.records.push(ctx.d(record.toObject())); },
      onCompleted: (summary) => resolve({ ...seen, completed: summary.queryType }),
      onError: (error) => resolve({ ...seen, error: ctx.err(error) }),
    });
  });
}

/** The records a `for await` loop over `result` gets, and how it ends. */
async function iterate(ctx, result) {
  const records = [];
  try {
    for await (const record of result) records.push(ctx.d(record.toObject()));
    return { records };
  } catch (error) {
    return { records, error: ctx.err(error) };
  }
}

/** @type {{name: string, script: string, run: function(object, object): Promise<object>, intended?: object}[]} */
export const scenarios = [
  {
    name: 'a query that fails on RUN: every later read of its result gives the same error',
    script: bolt`
      ${open()}
      C: RUN "RETRUN 1" {} {}
         PULL {"n": 1000}
      S: FAILURE ${SYNTAX_ERROR}
         IGNORED
      C: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const seen = await readFailed(ctx, session.run('RETRUN 1'));
      await session.close();
      return seen;
    },
    intended: {
      why: 'a new iterator of a failed result gives its error again, not "Result is already consumed"',
      official: { iterated: { records: 0, code: 'N/A' } },
      ours: { iterated: { records: 0, code: 'Neo.ClientError.Statement.SyntaxError' } },
    },
  },
  {
    name: 'four records, then a FAILURE: the records are read, then the error, in every form',
    script: bolt`
      ${open()}
      ${FOUR_THEN_FAILURE}
      ${FOUR_THEN_FAILURE}
      ${FOUR_THEN_FAILURE}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const query = 'UNWIND range(4, 0, -1) AS x RETURN 12 / x AS y';
      const session = ctx.driver().session();
      const result = session.run(query);
      const iterator = result[Symbol.asyncIterator]();
      const iterated = await iterate(ctx, { [Symbol.asyncIterator]: () => iterator });
      const summary = await ctx.settle(() => result.summary());
      const subscribed = await subscribe(ctx, session.run(query));
      const awaited = await ctx.settle(() => session.run(query));
      await session.close();
      return { iterated, summary, subscribed, awaited };
    },
  },
  {
    name: 'explicit transaction: a query fails on RUN; nothing more is sent, commit and run refuse, rollback does nothing',
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "RETRUN 1" {} {}
         PULL {"n": 1000}
      S: FAILURE ${SYNTAX_ERROR}
         IGNORED
      C: RESET
      S: SUCCESS
      C: BEGIN {}
      S: SUCCESS
      # Closing a session with an open transaction: the official driver sends RESET.
      C?: ROLLBACK
      S: SUCCESS
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const tx = await session.beginTransaction();
      const seen = { failed: await ctx.settle(() => tx.run('RETRUN 1')) };
      seen.isOpen = tx.isOpen();
      seen.runAfter = await ctx.settle(() => tx.run('RETURN 2'));
      seen.commit = await ctx.settle(() => tx.commit());
      seen.rollback = await ctx.settle(() => tx.rollback());
      seen.close = await ctx.settle(() => tx.close());
      seen.sessionRunsAgain = await ctx.settle(() => session.beginTransaction().then((t) => t.isOpen()));
      await session.close();
      return seen;
    },
  },
  {
    name: 'explicit transaction: a FAILURE while records stream; no DISCARD or ROLLBACK follows',
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "UNWIND range(2, 0, -1) AS x RETURN 12 / x AS y" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["y"]}
         RECORD [6]
         RECORD [12]
         FAILURE ${DIVISION_BY_ZERO}
      C: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const tx = await session.beginTransaction();
      const result = tx.run('UNWIND range(2, 0, -1) AS x RETURN 12 / x AS y');
      const seen = { iterated: await iterate(ctx, result) };
      seen.summary = await ctx.settle(() => result.summary());
      seen.isOpen = tx.isOpen();
      seen.rollback = await ctx.settle(() => tx.rollback());
      await session.close();
      return seen;
    },
  },
  {
    name: 'explicit transaction: two queries sent together, the first fails: both report the server\'s error',
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "RETRUN 1" {} {}
         PULL {"n": 1000}
      S: FAILURE ${SYNTAX_ERROR}
         IGNORED
      C?: RUN "RETURN 2" {} {}
      S: IGNORED
      C?: PULL {"n": 1000}
      S: IGNORED
      C: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const tx = await session.beginTransaction();
      const first = tx.run('RETRUN 1');
      const second = tx.run('RETURN 2');
      const seen = { first: await ctx.settle(() => first), second: await ctx.settle(() => second) };
      seen.secondKeys = await ctx.settle(() => second.keys());
      seen.rollback = await ctx.settle(() => tx.rollback());
      await session.close();
      return seen;
    },
  },
  {
    name: 'beginTransaction waits for BEGIN\'s answer and rejects with its error (TokenExpired)',
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: FAILURE {"code": "Neo.ClientError.Security.TokenExpired", "message": "Token expired."}
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const begun = await ctx.settle(() => session.beginTransaction());
      await session.close();
      return { begun };
    },
  },
  {
    name: 'beginTransaction rejects when the connection drops before BEGIN is answered',
    officialHangsInBrowser: CLEAN_CLOSE,
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: <EXIT>
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const begun = await ctx.settle(() => session.beginTransaction());
      await session.close();
      return { begun };
    },
  },
  {
    name: 'records that arrived before a disconnect are read first; the error comes after them',
    officialHangsInBrowser: CLEAN_CLOSE,
    script: bolt`
      ${open()}
      C: RUN "UNWIND [1, 2, 3] AS x RETURN x" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["x"]}
         RECORD [1]
         RECORD [2]
         <EXIT>
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const iterated = await iterate(ctx, session.run('UNWIND [1, 2, 3] AS x RETURN x'));
      await session.close();
      return { iterated };
    },
  },
  {
    name: 'TokenExpired while records stream reaches the application with its code',
    script: bolt`
      ${open()}
      C: RUN "UNWIND [1, 2, 3] AS x RETURN x" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["x"]}
         RECORD [1]
         FAILURE {"code": "Neo.ClientError.Security.TokenExpired", "message": "Token expired."}
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const iterated = await iterate(ctx, session.run('UNWIND [1, 2, 3] AS x RETURN x'));
      await session.close();
      return { iterated };
    },
  },
  {
    name: 'executeQuery sends TELEMETRY with the executeQuery API (3)',
    script: bolt`
      ${open('5.4', { 'telemetry.enabled': true })}
      C: TELEMETRY 3
      C: BEGIN {"...": "*"}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS
         SUCCESS
         SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: COMMIT
      S: SUCCESS {"bookmark": "bm:1"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const { records } = await ctx.driver().executeQuery('RETURN 1 AS n');
      return { n: ctx.d(records[0].get('n')) };
    },
  },
  {
    name: 'GQL status objects before Bolt 5.7: no data, success, and a notification',
    script: bolt`
      ${open()}
      C: RUN "MATCH (n:Nothing) RETURN n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         SUCCESS {"type": "r"}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: RUN "CREATE (n)" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": []}
         SUCCESS {"type": "w", "stats": {"nodes-created": 1}}
      C: RUN "MATCH (a), (b) RETURN a, b" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["a", "b"]}
         SUCCESS {"type": "r", "notifications": [{"code": "Neo.ClientNotification.Statement.CartesianProduct", "title": "This query builds a cartesian product", "description": "If a part of a query contains multiple disconnected patterns, ...", "severity": "INFORMATION", "category": "PERFORMANCE", "position": {"offset": 0, "line": 1, "column": 1}}]}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const seen = {};
      for (const query of ['MATCH (n:Nothing) RETURN n', 'RETURN 1 AS n', 'CREATE (n)', 'MATCH (a), (b) RETURN a, b']) {
        const { summary } = await session.run(query);
        seen[query] = { gqlStatusObjects: ctx.d(summary.gqlStatusObjects), notifications: ctx.d(summary.notifications) };
      }
      await session.close();
      return seen;
    },
  },
  {
    name: 'a summary with an unknown query type is an error',
    script: bolt`
      ${open()}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "x"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const awaited = await ctx.settle(() => session.run('RETURN 1 AS n'));
      await session.close();
      return { awaited };
    },
  },
  {
    name: 'Bolt 5.7 FAILURE: the diagnostic record gets the defaults, unknown entries are kept, causes chain',
    script: bolt`
      ${open('5.7')}
      C: RUN "RETURN 1" {} {}
         PULL {"n": 1000}
      S: FAILURE {"neo4j_code": "Neo.ClientError.Statement.SyntaxError", "message": "bad", "gql_status": "42001", "description": "error: syntax error or access rule violation - invalid syntax", "diagnostic_record": {"_classification": "CLIENT_ERROR", "_position": {"offset": 1, "line": 1, "column": 2}, "OPERATION_CODE": "1", "_custom": "kept"}, "cause": {"message": "inner", "gql_status": "42I06", "description": "error: syntax error or access rule violation - invalid input", "diagnostic_record": {"CURRENT_SCHEMA": "/x"}}}
         IGNORED
      C: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const awaited = await ctx.settle(() => session.run('RETURN 1'));
      await session.close();
      return { awaited };
    },
  },
  ...[['5.0', {}], ['4.4', { patchUtc: true }], ['4.4', {}]].map(([version, options]) => ({
    name: `Bolt ${version}${options.patchUtc ? ' with UTC' : ''}: a DateTime in a zone the driver cannot resolve, then one it can: the first fails, the second is read`,
    script: bolt`
      ${openWithHello(version, options)}
      C: RUN "RETURN $t AS t" {"t": 1} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["t"]}
         RECORD [{"$datetime": [1700000000, 0, "Mars/Olympus_Mons"]}]
         SUCCESS {"type": "r"}
      # This package reads records as they come: if the record came alone, its query ended
      # before the summary, with a RESET, which the pool sends before it lends the connection
      # again (one connection: the script has one).
      C?: RESET
      S: SUCCESS
      C: RUN "RETURN $t AS t" {"t": 2} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["t"]}
         RECORD [{"$datetime": [1700000000, 0, "Europe/Paris"]}]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver({ maxConnectionPoolSize: 1 }).session();
      const read = (t) => ctx.settle(() => session.run('RETURN $t AS t', { t: neo4j.int(t) })
        .then((r) => r.records.map((x) => x.get('t'))));
      const seen = { first: await read(1), second: await read(2) };
      await session.close();
      return seen;
    },
  })),
  {
    name: 'the connection.recv_timeout_seconds hint: a silent server fails the query as unavailable; the session goes on',
    script: bolt`
      ${open('5.4', RECV_TIMEOUT)}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      ---
      ${open('5.4', RECV_TIMEOUT)}
      C: RUN "RETURN 2 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const first = await ctx.settle(() => session.run('RETURN 1 AS n'));
      const second = await ctx.settle(() => session.run('RETURN 2 AS n').then((r) => r.records[0].get('n')));
      await session.close();
      return { first, second };
    },
  },
  {
    name: 'the connection.recv_timeout_seconds hint in an explicit transaction: every later use fails; the session begins anew',
    script: bolt`
      ${open('5.4', RECV_TIMEOUT)}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      ---
      ${open('5.4', RECV_TIMEOUT)}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "RETURN 2 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C: COMMIT
      S: SUCCESS {"bookmark": "bm:2"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const tx = await session.beginTransaction();
      const seen = { first: await ctx.settle(() => tx.run('RETURN 1 AS n')) };
      seen.isOpen = tx.isOpen();
      seen.runAgain = await ctx.settle(() => tx.run('RETURN 1 AS n'));
      seen.commit = await ctx.settle(() => tx.commit());
      seen.rollback = await ctx.settle(() => tx.rollback());
      const again = await session.beginTransaction();
      seen.second = ctx.d((await again.run('RETURN 2 AS n')).records[0].get('n'));
      await again.commit();
      seen.bookmarks = session.lastBookmarks();
      await session.close();
      return seen;
    },
  },
  {
    name: 'the connection.recv_timeout_seconds hint in executeRead: BEGIN is answered before the work runs; the work is retried on a new connection',
    script: bolt`
      ${open('5.4', RECV_TIMEOUT)}
      C: BEGIN {"mode": "r"}
      ---
      ${open('5.4', RECV_TIMEOUT)}
      C: BEGIN {"mode": "r"}
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: COMMIT
      S: SUCCESS {"bookmark": "bm:1"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session();
      const attempts = [];
      const value = await session.executeRead(async (tx) => {
        attempts.push(attempts.length);
        return (await tx.run('RETURN 1 AS n')).records[0].get('n');
      });
      await session.close();
      return { value: ctx.d(value), attempts: attempts.length };
    },
  },
  {
    name: 'routing: a writer that answers NotALeader in an explicit transaction leaves the table; the next transaction writes to the new leader',
    routing: true,
    script: (address) => bolt`
      ${open()}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address, { writers: [address] })}
      C: BEGIN {"db": "neo4j"}
      S: SUCCESS
      C: RUN "CREATE (n)" {} {}
         PULL {"n": 1000}
      S: FAILURE {"code": "Neo.ClientError.Cluster.NotALeader", "message": "No write operations are allowed on this database."}
         IGNORED
      C: RESET
      S: SUCCESS
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address, { writers: [address] })}
      C: BEGIN {"db": "neo4j"}
      S: SUCCESS
      C: RUN "CREATE (n)" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": []}
         SUCCESS {"type": "w"}
      C: COMMIT
      S: SUCCESS {"bookmark": "bm:1"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session({ database: 'neo4j' });
      const tx = await session.beginTransaction();
      const seen = { failed: await ctx.settle(() => tx.run('CREATE (n)')) };
      await tx.close();
      const again = await session.beginTransaction();
      seen.written = await ctx.settle(() => again.run('CREATE (n)').then((r) => r.summary.queryType));
      await again.commit();
      await session.close();
      return seen;
    },
  },
  {
    name: 'routing: DatabaseUnavailable from a server makes the driver forget it as a reader and close its connections',
    routing: true,
    script: (address) => bolt`
      ${open()}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address)}
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: FAILURE {"code": "Neo.TransientError.General.DatabaseUnavailable", "message": "The database is unavailable."}
         IGNORED
      C: RESET
      S: SUCCESS
      # The server is forgotten as a reader: its connections are closed. It is still a router.
      C?: GOODBYE
      ---
      ${open()}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address)}
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      const first = await ctx.settle(() => session.run('RETURN 1 AS n'));
      const second = await ctx.settle(() => session.run('RETURN 1 AS n').then((r) => r.records[0].get('n')));
      await session.close();
      return { first, second };
    },
  },
  {
    name: 'routing: when every known router fails, rediscovery asks the resolver',
    routing: true,
    script: (address) => bolt`
      ${open()}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address, { routers: [UNREACHABLE] })}
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      # The table has no writer: a write needs a new one, which the only router cannot give.
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address, { writers: [address] })}
      C: RUN "CREATE (n)" {} {"db": "neo4j"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": []}
         SUCCESS {"type": "w"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const resolved = [];
      const driver = ctx.driver({
        resolver: (address) => {
          resolved.push(address === ctx.tag ? '<seed>' : address);
          return [address];
        },
      });
      const reader = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      const read = ctx.d((await reader.run('RETURN 1 AS n')).records[0].get('n'));
      await reader.close();
      const writer = driver.session({ database: 'neo4j' });
      const written = await ctx.settle(() => writer.run('CREATE (n)').then((r) => r.summary.queryType));
      await writer.close();
      return { read, written, resolved };
    },
  },
  {
    name: 'routing: verifyConnectivity and getServerInfo each fetch the home database\'s table, and use a pooled connection',
    routing: true,
    script: (address) => bolt`
      ${open()}
      C: ROUTE {"address": "${address}"} [] {}
      S: SUCCESS ${table(address)}
      # The official driver resets a connection after ROUTE.
      C?: RESET
      S: SUCCESS
      C: ROUTE {"address": "${address}"} [] {}
      S: SUCCESS ${table(address)}
      C?: RESET
      S: SUCCESS
      C?: ROUTE {"address": "${address}"} [] {}
      S: SUCCESS ${table(address)}
      C?: RESET
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      const seen = { verified: await ctx.settle(() => driver.verifyConnectivity()) };
      seen.info = await ctx.settle(() => driver.getServerInfo().then((info) => info.agent));
      const session = driver.session({ defaultAccessMode: neo4j.session.READ });
      seen.read = ctx.d((await session.run('RETURN 1 AS n')).records[0].get('n'));
      await session.close();
      return seen;
    },
  },
  {
    name: 'verifyConnectivity and getServerInfo use the pooled connection',
    script: bolt`
      ${open()}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      const seen = { verified: await ctx.settle(() => driver.verifyConnectivity()) };
      seen.info = await ctx.settle(() => driver.getServerInfo().then((info) => info.agent));
      const session = driver.session();
      seen.read = ctx.d((await session.run('RETURN 1 AS n')).records[0].get('n'));
      await session.close();
      return seen;
    },
  },
  {
    name: 'bookmark manager: the supplier\'s bookmarks go with the work, and the manager keeps only its own',
    script: bolt`
      ${open()}
      C: RUN "CREATE (n)" {} {"bookmarks": ["bm:0", "bm:s"]}
         PULL {"n": 1000}
      S: SUCCESS {"fields": []}
         SUCCESS {"type": "w", "bookmark": "bm:1"}
      C: RUN "CREATE (n)" {} {"bookmarks": ["bm:1", "bm:s"]}
         PULL {"n": 1000}
      S: SUCCESS {"fields": []}
         SUCCESS {"type": "w", "bookmark": "bm:2"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const consumed = [];
      const manager = neo4j.bookmarkManager({
        initialBookmarks: ['bm:0'],
        bookmarksSupplier: async () => ['bm:s'],
        bookmarksConsumer: async (bookmarks) => { consumed.push([...bookmarks]); },
      });
      const driver = ctx.driver();
      const session = driver.session({ bookmarkManager: manager });
      await session.run('CREATE (n)');
      await session.run('CREATE (n)');
      await session.close();
      return {
        consumed,
        managerBookmarks: await manager.getBookmarks(),
        lastBookmarks: session.lastBookmarks(),
        manager: ctx.d(manager.constructor.name),
        executeQueryManager: ctx.d(driver.executeQueryBookmarkManager.constructor.name),
      };
    },
  },
  {
    name: 'routing on Bolt 5.8: a session without a database names the home database its ROUTE resolved; a later one leaves it to the server',
    routing: true,
    script: (address) => bolt`
      ${open('5.8', { 'ssr.enabled': true })}
      C: ROUTE {"address": "${address}"} [] {}
      S: SUCCESS ${table(address)}
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"], "db": "neo4j"}
         RECORD [1]
         SUCCESS {"type": "r", "db": "neo4j"}
      C: RUN "RETURN 1 AS n" {} {"mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"], "db": "neo4j"}
         RECORD [1]
         SUCCESS {"type": "r", "db": "neo4j"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      const seen = [];
      for (const user of [undefined, undefined]) {
        const session = driver.session({ defaultAccessMode: neo4j.session.READ, impersonatedUser: user });
        const { records, summary } = await session.run('RETURN 1 AS n');
        seen.push({ n: ctx.d(records[0].get('n')), database: summary.database.name });
        await session.close();
      }
      return { seen };
    },
  },
  {
    name: 'connectionAcquisitionTimeout bounds opening a connection: a handshake that takes too long fails the acquisition',
    script: bolt`
      # The driver gives up after a second. The official driver goes on opening the
      # connection; this package closes it.
      S: <SLEEP 2500>
         BOLT 5.4
      C?: HELLO {"user_agent": "*", "...": "*"}
      C?: ${LOGON.slice(3)}
      S: SUCCESS {"server": "Neo4j/5.26.0"}
         SUCCESS {}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver({ connectionAcquisitionTimeout: 1000, connectionTimeout: 20000 });
      const session = driver.session();
      const outcome = await ctx.settle(() => session.run('RETURN 1'));
      await session.close();
      return { outcome };
    },
  },
  {
    name: 'routing with connectionLivenessCheckTimeout 0: idle connections are checked with RESET before reuse',
    routing: true,
    script: (address) => bolt`
      ${open()}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address)}
      C: RESET
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: RESET
      S: SUCCESS
      C: RUN "RETURN 2 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver({ connectionLivenessCheckTimeout: 0 });
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      const seen = [];
      for (const n of [1, 2]) {
        seen.push(ctx.d((await session.run(`RETURN ${n} AS n`)).records[0].get('n')));
      }
      await session.close();
      return { seen };
    },
  },
  {
    name: 'a bearer token manager is asked again after TokenExpired, and executeRead retries with the new token',
    script: bolt`
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "bearer", "credentials": "token-1"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
         SUCCESS {}
      C: BEGIN {"mode": "r"}
      S: FAILURE {"code": "Neo.ClientError.Security.TokenExpired", "message": "Token expired."}
      # A connection whose token expired is closed.
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
      ---
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "bearer", "credentials": "token-2"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-2"}
         SUCCESS {}
      C: BEGIN {"mode": "r"}
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: COMMIT
      S: SUCCESS {"bookmark": "bm:1"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      let issued = 0;
      const manager = neo4j.authTokenManagers.bearer({
        tokenProvider: async () => {
          issued += 1;
          return { token: neo4j.auth.bearer(`token-${issued}`) };
        },
      });
      const driver = neo4j.driver(ctx.uri, manager);
      try {
        const session = driver.session();
        const value = await ctx.settle(() => session.executeRead(async (tx) => (await tx.run('RETURN 1 AS n')).records[0].get('n')));
        await session.close();
        return { value, issued };
      } finally {
        await driver.close();
      }
    },
  },
  {
    name: 'session auth on Bolt 5.0, which cannot re-authenticate: the session fails with the official error',
    script: bolt`
      ${openWithHello('5.0')}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      await driver.verifyConnectivity();
      const session = driver.session({ auth: neo4j.auth.basic('alice', 'secret') });
      const outcome = await ctx.settle(() => session.run('RETURN 1'));
      await session.close();
      return { outcome };
    },
  },
  {
    name: 'session auth on Bolt 5.1+: a pooled connection logs on as the session\'s user, and back as the driver\'s',
    script: bolt`
      ${open()}
      C: LOGOFF
         LOGON {"scheme": "basic", "principal": "alice", "credentials": "secret"}
      S: SUCCESS
         SUCCESS
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: LOGOFF
         ${LOGON.slice(3)}
      S: SUCCESS
         SUCCESS
      C: RUN "RETURN 2 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      await driver.verifyConnectivity();
      const alice = driver.session({ auth: neo4j.auth.basic('alice', 'secret') });
      const first = ctx.d((await alice.run('RETURN 1 AS n')).records[0].get('n'));
      await alice.close();
      const session = driver.session();
      const second = ctx.d((await session.run('RETURN 2 AS n')).records[0].get('n'));
      await session.close();
      return { first, second };
    },
  },
  {
    name: 'executeWrite retried after a transient error sends TELEMETRY with its first attempt only',
    script: bolt`
      ${open('5.4', { 'telemetry.enabled': true })}
      C: TELEMETRY 0
         BEGIN {}
      S: SUCCESS
         SUCCESS
      C: RUN "CREATE (n)" {} {}
         PULL {"n": 1000}
      S: FAILURE {"code": "Neo.TransientError.Transaction.DeadlockDetected", "message": "Deadlock."}
         IGNORED
      C: RESET
      S: SUCCESS
      ${WRITE_COMMITTED}
      C?: GOODBYE
    `,
    run: retriedWrite,
  },
  {
    name: 'a security error the token manager does not handle fails the work; the connection is closed and the next one logs on with the same token',
    script: bolt`
      ${open()}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: FAILURE {"code": "Neo.ClientError.Security.Forbidden", "message": "Not allowed."}
         IGNORED
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
      ---
      ${open()}
      C: RUN "RETURN 2 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const handled = [];
      const manager = neo4j.authTokenManagers.basic({
        tokenProvider: async () => neo4j.auth.basic('neo4j', 'pass'),
      });
      const watching = {
        getToken: () => manager.getToken(),
        handleSecurityException: (token, code) => {
          const answer = manager.handleSecurityException(token, code);
          handled.push([code, answer]);
          return answer;
        },
      };
      const driver = neo4j.driver(ctx.uri, watching);
      try {
        const session = driver.session();
        const first = await ctx.settle(() => session.run('RETURN 1 AS n'));
        const second = await ctx.settle(() => session.run('RETURN 2 AS n').then((r) => r.records[0].get('n')));
        await session.close();
        return { first, second, handled };
      } finally {
        await driver.close();
      }
    },
  },
  {
    name: 'a token manager\'s new token is used on pooled connections: LOGOFF and LOGON before the next work',
    script: bolt`
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "bearer", "credentials": "token-1"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
         SUCCESS {}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: LOGOFF
         LOGON {"scheme": "bearer", "credentials": "token-2"}
      S: SUCCESS
         SUCCESS
      C: RUN "RETURN 2 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [2]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      let current = 'token-1';
      const manager = {
        getToken: async () => neo4j.auth.bearer(current),
        handleSecurityException: () => false,
      };
      const driver = neo4j.driver(ctx.uri, manager);
      try {
        const session = driver.session();
        const first = ctx.d((await session.run('RETURN 1 AS n')).records[0].get('n'));
        current = 'token-2';
        const second = ctx.d((await session.run('RETURN 2 AS n')).records[0].get('n'));
        await session.close();
        return { first, second };
      } finally {
        await driver.close();
      }
    },
  },
  {
    name: 'routing with session auth on Bolt 5.1+: the routing table and the read come as the session\'s user',
    routing: true,
    script: (address) => bolt`
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "basic", "principal": "alice", "credentials": "secret"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
         SUCCESS {}
      C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
      S: SUCCESS ${table(address)}
      C?: RESET
      S: SUCCESS
      C: RUN "RETURN 1 AS n" {} {"db": "neo4j", "mode": "r"}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ, auth: neo4j.auth.basic('alice', 'secret') });
      const n = await ctx.settle(() => session.run('RETURN 1 AS n').then((r) => r.records[0].get('n')));
      await session.close();
      return { n };
    },
  },
  {
    name: 'verifyAuthentication on a warm pool logs on again on the pooled connection: false when refused, true when accepted',
    script: bolt`
      ${open()}
      C: RUN "RETURN 1 AS n" {} {}
         PULL {"n": 1000}
      S: SUCCESS {"fields": ["n"]}
         RECORD [1]
         SUCCESS {"type": "r"}
      C: LOGOFF
         LOGON {"scheme": "basic", "principal": "mallory", "credentials": "guess"}
      S: SUCCESS
         FAILURE {"code": "Neo.ClientError.Security.Unauthorized", "message": "The client is unauthorized due to authentication failure."}
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
      ---
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "basic", "principal": "alice", "credentials": "secret"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-2"}
         SUCCESS {}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      const session = driver.session();
      await session.run('RETURN 1 AS n');
      await session.close();
      const seen = { mallory: await ctx.settle(() => driver.verifyAuthentication({ auth: neo4j.auth.basic('mallory', 'guess') })) };
      seen.alice = await ctx.settle(() => driver.verifyAuthentication({ auth: neo4j.auth.basic('alice', 'secret') }));
      return seen;
    },
  },
  {
    name: 'verifyAuthentication right after a connection logged on still asks the server',
    script: bolt`
      ${open()}
      C?: LOGOFF
          LOGON {"scheme": "basic", "principal": "mallory", "credentials": "guess"}
      S: SUCCESS
         FAILURE {"code": "Neo.ClientError.Security.Unauthorized", "message": "The client is unauthorized due to authentication failure."}
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      await driver.verifyConnectivity();
      return { mallory: await ctx.settle(() => driver.verifyAuthentication({ auth: neo4j.auth.basic('mallory', 'guess') })) };
    },
    intended: {
      why: 'the official driver answers true for any credentials when the pooled connection\'s last message was a LOGON, without asking the server',
      official: { mallory: { value: { type: 'boolean', value: true } } },
      ours: { mallory: { value: { type: 'boolean', value: false } } },
    },
  },
  {
    name: 'executeWrite whose BEGIN the server refuses fails with BEGIN\'s error, without running the work',
    script: bolt`
      ${open()}
      C: BEGIN {"bookmarks": ["bm:x"]}
      S: FAILURE {"code": "Neo.ClientError.Transaction.InvalidBookmark", "message": "Not a bookmark."}
      C: RESET
      S: SUCCESS
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const session = ctx.driver().session({ bookmarks: ['bm:x'] });
      let ran = false;
      const outcome = await ctx.settle(() => session.executeWrite(async (tx) => {
        ran = true;
        await tx.run('CREATE (n)');
      }));
      await session.close();
      return { outcome, ran };
    },
  },
  {
    name: 'routing: verifyAuthentication is false when the router refuses the credentials',
    routing: true,
    script: bolt`
      S: BOLT 5.4
      C: HELLO {"user_agent": "*", "...": "*"}
      C: LOGON {"scheme": "basic", "principal": "mallory", "credentials": "guess"}
      S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
         FAILURE {"code": "Neo.ClientError.Security.Unauthorized", "message": "The client is unauthorized due to authentication failure."}
      C?: GOODBYE
    `,
    async run(neo4j, ctx) {
      const driver = ctx.driver();
      return { mallory: await ctx.settle(() => driver.verifyAuthentication({ auth: neo4j.auth.basic('mallory', 'guess') })) };
    },
  },
  {
    name: 'AuthorizationExpired: the work may be retried; the connection that was told is closed',
    script: bolt`
      ${open()}
      C: BEGIN {}
      S: SUCCESS
      C: RUN "CREATE (n)" {} {}
         PULL {"n": 1000}
      S: FAILURE {"code": "Neo.ClientError.Security.AuthorizationExpired", "message": "Authorization expired."}
         IGNORED
      C?: RESET
      S: SUCCESS
      C?: GOODBYE
      ---
      ${open()}
      ${WRITE_COMMITTED}
      C?: GOODBYE
    `,
    run: retriedWrite,
  },
];
