// The work the fault layer breaks, and one fault case run end to end, as plain data. Runs in
// Node and in a browser page alike (no Node modules): the page imports this file from the
// static server, and tests/faults/cases.mjs judges what it returns.

/** Records in the long stream, and the fetch size that splits it into batches. */
export const STREAM_ROWS = 5000;
export const FETCH_SIZE = 1000;

/** The label of the nodes the write flows create, each with a unique `m`. */
export const MARK_LABEL = 'FaultMark';

const CREATE = `CREATE (n:${MARK_LABEL} {m: $m}) RETURN n.m AS v`;
/** A query with one record, `[1]`. */
export const PING = 'RETURN 1 AS v';

/** Runs `body(session)` with a new session, closed afterwards. */
async function inSession(driver, config, body) {
  const session = driver.session(config);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

const valuesOf = (records) => records.map((r) => r.get('v'));

/**
 * Each flow: `run(driver, marker, signal)` resolves with the values it read (`signal`, an
 * AbortSignal or undefined, goes into its run or transaction config); `expected(marker)` is
 * what a complete run reads; `writes`: it creates one node marked `marker`; `retries`: the
 * driver retries it (a managed transaction).
 */
export const FLOWS = {
  /** The query the stub server's script answers (and the one each case runs afterwards). */
  ping: {
    writes: false,
    retries: false,
    run: (driver, m, signal) => inSession(driver, {}, async (s) => valuesOf((await s.run(PING, {}, { signal })).records)),
    expected: () => [1],
  },
  autoCommit: {
    writes: true,
    retries: false,
    run: (driver, m, signal) => inSession(driver, {}, async (s) => valuesOf((await s.run(CREATE, { m }, { signal })).records)),
    expected: (m) => [m],
  },
  executeQuery: {
    writes: true,
    retries: true,
    run: async (driver, m, signal) => valuesOf((await driver.executeQuery(CREATE, { m }, { signal })).records),
    expected: (m) => [m],
  },
  executeWrite: {
    writes: true,
    retries: true,
    run: (driver, m, signal) => inSession(driver, {}, (s) => s.executeWrite(async (tx) => valuesOf((await tx.run(CREATE, { m })).records), { signal })),
    expected: (m) => [m],
  },
  executeRead: {
    writes: false,
    retries: true,
    run: (driver, m, signal) => inSession(driver, {}, (s) => s.executeRead(async (tx) => valuesOf((await tx.run('RETURN $m AS v', { m })).records), { signal })),
    expected: (m) => [m],
  },
  explicit: {
    writes: true,
    retries: false,
    run: (driver, m, signal) => inSession(driver, {}, async (s) => {
      const tx = await s.beginTransaction({ signal });
      try {
        const { records } = await tx.run(CREATE, { m });
        await tx.commit();
        return valuesOf(records);
      } finally {
        if (tx.isOpen()) await tx.rollback().catch(() => {});
      }
    }),
    expected: (m) => [m],
  },
  longStream: {
    writes: false,
    retries: false,
    // Read as a stream, record by record: a cut must end the loop with an error.
    run: (driver, m, signal) => inSession(driver, { fetchSize: FETCH_SIZE }, async (s) => {
      const values = [];
      for await (const record of s.run('UNWIND range(1, $n) AS v RETURN v', { n: STREAM_ROWS }, { signal })) values.push(record.get('v'));
      return values;
    }),
    expected: () => Array.from({ length: STREAM_ROWS }, (_, i) => i + 1),
  },
};

/** Resolves `{ value }` or `{ error }`, or `{ hung: true }` after `ms`. */
function bounded(promise, ms) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve({ hung: true }), ms); });
  return Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), late])
    .finally(() => clearTimeout(timer));
}

/** Every text an error carries, its causes' included. */
function errorTexts(error) {
  const texts = [];
  for (let e = error, depth = 0; e != null && depth < 10; e = e.cause, depth++) {
    texts.push(String(e), String(e.message), String(e.stack), e.constructor?.name ?? '');
    try { texts.push(JSON.stringify(e)); } catch { /* cyclic: its strings are above */ }
  }
  return texts;
}

/** An error as plain data. */
function errorInfo(error) {
  return {
    name: error?.name,
    code: error?.code,
    message: String(error?.message ?? error),
    retriable: error?.retriable,
    gqlStatus: error?.gqlStatus,
    texts: errorTexts(error),
  };
}

/**
 * Runs one case: a new driver for `uri`, the flow, then a fresh query on the same driver,
 * then closing it; each step bounded by `boundMs`. `signal` goes to the flow. `secret`, if given, is looked for in every
 * log line and error text. Returns `{ outcome, afterwards, closed, leaks, logLines, ms }`:
 * outcome `{ values }`, `{ error }` or `{ hung: true }`; afterwards the fresh query's
 * (`{ values }`, ...).
 */
export async function runCase(neo4j, { uri, auth, config, flow, marker, boundMs, secret, signal }) {
  const lines = [];
  const logging = secret ? { logging: { level: 'debug', logger: (level, message) => lines.push(`${level} ${message}`) } } : {};
  const driver = neo4j.driver(uri, auth, { ...config, ...logging });
  const started = Date.now();
  const asPlain = (r) => (r.error !== undefined ? { error: errorInfo(r.error) } : r.hung ? r : { values: r.value });
  const outcome = asPlain(await bounded(FLOWS[flow].run(driver, marker, signal), boundMs));
  const ms = Date.now() - started;
  const afterwards = asPlain(await bounded(FLOWS.ping.run(driver), boundMs));
  const closed = await bounded(driver.close(), boundMs);
  const texts = [...lines, ...[outcome, afterwards].flatMap((r) => r.error?.texts ?? [])];
  const leaks = secret ? texts.filter((t) => t.includes(secret)) : [];
  return { outcome, afterwards, closed: !closed.hung && closed.error === undefined, leaks, logLines: lines.length, ms };
}
