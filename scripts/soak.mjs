#!/usr/bin/env node
// Soak test: many workers run mixed work through one driver against a kglite that is restarted
// now and then, for minutes, and the run reports what settled, what failed (by error code), the
// JS heap and the core's wasm memory over time (each after a forced GC), and whether the pool
// still hands out every connection at the end.
//
// Each worker loops over: managed reads and writes (executeRead/executeWrite), executeQuery,
// an explicit transaction, a long stream read to the end, and cancels: streams aborted part
// way, work aborted as it starts (at once, after a microtask, after a macrotask) and managed
// transactions aborted while the server works. Every operation must settle within
// OPERATION_LIMIT_MS; one that does not is counted as stuck, and the worker moves on.
// At the end: the workers stop, a burst of `--pool` concurrent transactions must all hold a
// connection at once (so no pool slot may be left stuck), and the driver must close.
//
// Usage: node scripts/soak.mjs [--minutes N] [--workers N] [--pool N] [--restart-every M]
//                              [--sample-every S] [--seed N] [--json FILE]
//   --minutes        how long the workers run (default 10; fractions allowed)
//   --workers        concurrent workers (default 64)
//   --pool           maxConnectionPoolSize (default 10)
//   --restart-every  minutes between server restarts (default 2; 0: never)
//   --sample-every   seconds between memory samples (default 30)
//   --seed           seed of the workers' random choices (default 1)
//   --json           also writes the report as JSON to FILE
// `npm run soak` runs the full form. Needs `--expose-gc` (added by re-running itself).
// Exit status: 0 when nothing was stuck, every error had an expected code, the final burst
// got every connection and the driver closed; 1 otherwise; 2 on bad arguments.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importWithCoreMemory } from './core-memory.mjs';

const DEFAULTS = { minutes: 10, workers: 64, pool: 10, 'restart-every': 2, 'sample-every': 30, seed: 1, json: null };
/** How long one operation may take before it counts as stuck (acquiring a connection may take
 * up to the driver's connectionAcquisitionTimeout, and a managed transaction retries for up to
 * maxTransactionRetryTime). */
const OPERATION_LIMIT_MS = 120_000;
/** The error codes a run may see: the server restarting (ServiceUnavailable, SessionExpired)
 * and cancels (AbortError). */
export const EXPECTED_CODES = ['ServiceUnavailable', 'SessionExpired', 'AbortError'];
const MANY = 20_000;
const SLOW = 'UNWIND range(1, 2000000) AS i WITH i WHERE i = -1 RETURN count(i) AS c';

function parseArgs(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1];
    if (!argv[i].startsWith('--') || !(name in DEFAULTS) || value === undefined) {
      throw new Error(`unknown or incomplete option '${argv[i]}' (options: ${Object.keys(DEFAULTS).map((k) => `--${k}`).join(' ')})`);
    }
    if (name === 'json') {
      options.json = value;
      continue;
    }
    const n = Number(value);
    const zeroAllowed = name === 'restart-every';
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroAllowed)) throw new Error(`--${name} must be a positive number, not '${value}'`);
    options[name] = n;
  }
  return options;
}

/** A small seeded generator (mulberry32), so that a run's choices can be repeated. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The code an error is counted under: AbortError for a cancel, else its `code`. */
function codeOf(error) {
  if (error?.name === 'AbortError') return 'AbortError';
  return typeof error?.code === 'string' ? error.code : (error?.name ?? String(error));
}

/** Resolves `{settled: true, value|error}`, or `{settled: false}` after `ms`. */
function within(promise, ms) {
  let timer;
  const limit = new Promise((resolve) => { timer = setTimeout(() => resolve({ settled: false }), ms); });
  return Promise.race([
    promise.then((value) => ({ settled: true, value }), (error) => ({ settled: true, error })),
    limit,
  ]).finally(() => clearTimeout(timer));
}

/** Reads a result to the end; fails when it ends with other than `expected` records. */
async function readAll(result, expected) {
  let n = 0;
  for await (const record of result) {
    n += 1;
    if (record.get('i') !== n) throw Object.assign(new Error(`record ${n} holds ${record.get('i')}`), { code: 'WrongResult' });
  }
  if (n !== expected) throw Object.assign(new Error(`${n} of ${expected} records, and no error`), { code: 'WrongResult' });
}

/** Aborts `controller` at once, after a microtask or after a macrotask, as `how` says. */
function abortSoon(controller, how) {
  if (how < 1 / 3) controller.abort();
  else if (how < 2 / 3) queueMicrotask(() => controller.abort());
  else setImmediate(() => controller.abort());
}

/** The operations, with their weights; each gets the driver, a random source and a worker id. */
const OPERATIONS = {
  read: [20, async (driver) => {
    const session = driver.session({ defaultAccessMode: 'READ' });
    try {
      await session.executeRead((tx) => tx.run('MATCH (n:Soak) RETURN count(n) AS c'));
    } finally { await session.close(); }
  }],
  write: [20, async (driver, _rand, worker) => {
    const session = driver.session();
    try {
      await session.executeWrite((tx) => tx.run('CREATE (n:Soak {worker: $worker}) RETURN n', { worker }));
    } finally { await session.close(); }
  }],
  executeQuery: [10, async (driver, rand) => {
    const x = Math.floor(rand() * 1e9);
    const { records } = await driver.executeQuery('RETURN $x AS x', { x });
    if (records[0]?.get('x') !== x) throw Object.assign(new Error(`RETURN ${x} gave ${records[0]?.get('x')}`), { code: 'WrongResult' });
  }],
  explicit: [5, async (driver, _rand, worker) => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (n:Soak {worker: $worker})', { worker });
      await tx.commit();
    } finally { await session.close(); }
  }],
  stream: [10, async (driver) => {
    const session = driver.session({ fetchSize: 1000 });
    try {
      await readAll(session.run('UNWIND range(1, $n) AS i RETURN i', { n: MANY }), MANY);
    } finally { await session.close(); }
  }],
  abortStream: [10, async (driver, rand) => {
    const session = driver.session({ fetchSize: 500 });
    const controller = new AbortController();
    const stopAt = 1 + Math.floor(rand() * MANY / 2);
    try {
      let n = 0;
      for await (const _ of session.run('UNWIND range(1, $n) AS i RETURN i', { n: MANY }, { signal: controller.signal })) {
        n += 1;
        if (n === stopAt) controller.abort();
      }
      throw Object.assign(new Error('a stream aborted part way ended without error'), { code: 'WrongResult' });
    } finally { await session.close(); }
  }],
  abortStart: [15, async (driver, rand) => {
    const controller = new AbortController();
    const how = rand();
    if (rand() < 0.5) {
      const running = driver.executeQuery('RETURN 1 AS one', {}, { signal: controller.signal });
      abortSoon(controller, how);
      await running;
      return;
    }
    const session = driver.session();
    try {
      const result = session.run('RETURN 1 AS one', {}, { signal: controller.signal });
      abortSoon(controller, how);
      await result;
    } finally { await session.close(); }
  }],
  abortWork: [10, async (driver, rand, worker) => {
    const session = driver.session();
    const controller = new AbortController();
    // A read while the server works on it, or a write as it starts (kglite has one writer
    // at a time: a slow write would hold up every other).
    const read = rand() < 0.5;
    const timer = setTimeout(() => controller.abort(), Math.floor(rand() * (read ? 200 : 20)));
    try {
      if (read) await session.executeRead((tx) => tx.run(SLOW), { signal: controller.signal });
      else await session.executeWrite((tx) => tx.run('CREATE (n:Soak {worker: $worker})', { worker }), { signal: controller.signal });
    } finally {
      clearTimeout(timer);
      await session.close();
    }
  }],
};

/** Runs the soak with `options` (see the usage above); resolves the report. */
export async function soak(options, log = (line) => process.stdout.write(`${line}\n`)) {
  const { neo4j, memory: wasmMemory } = await importWithCoreMemory();
  const { startRestartableKglite } = await import('./servers.mjs');
  const server = await startRestartableKglite();
  const driver = neo4j.driver(`bolt://${server.address}`, neo4j.auth.none(), {
    maxConnectionPoolSize: options.pool,
    connectionAcquisitionTimeout: 30_000,
    disableLosslessIntegers: true,
  });
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const weights = Object.entries(OPERATIONS).flatMap(([name, [weight]]) => Array(weight).fill(name));
  const report = {
    options,
    operations: Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, { done: 0, ok: 0 }])),
    errors: {},
    examples: {},
    stuck: {},
    restarts: [],
    samples: [],
  };
  /** Operations started and not settled, stuck ones included. */
  const pending = new Set();
  let doneSinceRestart = 0;
  const note = (name, outcome) => {
    const op = report.operations[name];
    if (!outcome.settled) {
      report.stuck[name] = (report.stuck[name] ?? 0) + 1;
      return;
    }
    op.done += 1;
    if (!outcome.error) {
      op.ok += 1;
      doneSinceRestart += 1;
      return;
    }
    const code = codeOf(outcome.error);
    report.errors[code] = (report.errors[code] ?? 0) + 1;
    report.examples[code] ??= `${name}: ${outcome.error.message}`;
  };
  const sample = () => {
    globalThis.gc();
    globalThis.gc();
    const s = {
      seconds: Math.round(elapsed()),
      heapMiB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1),
      wasmMiB: +(wasmMemory.buffer.byteLength / 2 ** 20).toFixed(1),
      done: Object.values(report.operations).reduce((a, o) => a + o.done, 0),
      inFlight: pending.size,
    };
    report.samples.push(s);
    log(`  ${String(s.seconds).padStart(5)} s  heap ${String(s.heapMiB).padStart(6)} MiB  wasm ${String(s.wasmMiB).padStart(6)} MiB  ${s.done} operations settled, ${s.inFlight} in flight`);
  };

  log(`soak: ${options.workers} workers, pool of ${options.pool}, ${options.minutes} min, kglite at ${server.address} restarted every ${options['restart-every']} min`);
  sample();
  const endAt = started + options.minutes * 60_000;
  const worker = async (id) => {
    const rand = random(options.seed * 1000 + id);
    while (Date.now() < endAt) {
      const name = weights[Math.floor(rand() * weights.length)];
      const operation = OPERATIONS[name][1](driver, rand, id);
      pending.add(operation);
      operation.then(() => pending.delete(operation), () => pending.delete(operation));
      note(name, await within(operation, OPERATION_LIMIT_MS));
    }
  };
  const sampler = setInterval(sample, options['sample-every'] * 1000);
  let restarting = Promise.resolve();
  const restarter = options['restart-every'] > 0 ? setInterval(() => {
    restarting = restarting.then(async () => {
      if (Date.now() >= endAt) return;
      const at = elapsed();
      const t0 = Date.now();
      try {
        await server.restart();
      } catch (error) {
        report.restarts.push({ atSeconds: Math.round(at), failed: error.message });
        log(`  ${String(Math.round(at)).padStart(5)} s  restarting kglite failed: ${error.message}`);
        return;
      }
      const downMs = Date.now() - t0;
      report.restarts.push({ atSeconds: Math.round(at), downMs, okBefore: doneSinceRestart });
      doneSinceRestart = 0;
      log(`  ${String(Math.round(at)).padStart(5)} s  kglite restarted (down ${downMs} ms)`);
    });
  }, options['restart-every'] * 60_000) : null;
  await Promise.all(Array.from({ length: options.workers }, (_, id) => worker(id)));
  report.workersDoneSeconds = Math.round(elapsed());
  clearInterval(restarter);
  clearInterval(sampler);
  await restarting;
  report.okAfterLastRestart = doneSinceRestart;

  // Every connection of the pool at once: each transaction holds its connection until all have
  // begun (or one has failed), so one slot left stuck makes the burst wait for
  // connectionAcquisitionTimeout, and fail.
  let arrived = 0;
  let release;
  const allBegun = new Promise((resolve) => { release = resolve; });
  const burst = await within(Promise.allSettled(Array.from({ length: options.pool }, async () => {
    // Read transactions: kglite lets many read at once (and one write).
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const tx = await session.beginTransaction();
      await tx.run('RETURN 1 AS one');
      arrived += 1;
      if (arrived === options.pool) release();
      await allBegun;
      await tx.commit();
    } catch (error) {
      release();
      throw error;
    } finally { await session.close(); }
  })), 90_000);
  report.burst = burst.settled
    ? { completed: burst.value.filter((r) => r.status === 'fulfilled').length, of: options.pool, errors: burst.value.filter((r) => r.status === 'rejected').map((r) => `${codeOf(r.reason)}: ${r.reason.message}`) }
    : { completed: arrived, of: options.pool, errors: ['did not settle within 90 s'] };
  const closed = await within(driver.close(), 30_000);
  report.closed = closed.settled && !closed.error ? 'ok' : (closed.error ? `failed: ${closed.error.message}` : 'did not settle within 30 s');
  report.unsettled = pending.size;
  sample();
  await server.stop();

  report.seconds = Math.round(elapsed());
  report.unexpectedCodes = Object.keys(report.errors).filter((code) => !EXPECTED_CODES.includes(code));
  const stuck = Object.values(report.stuck).reduce((a, n) => a + n, 0);
  report.passed = stuck === 0 && report.unsettled === 0 && report.unexpectedCodes.length === 0
    && report.burst.completed === options.pool && report.closed === 'ok'
    && report.restarts.every((r) => !r.failed);
  const total = Object.values(report.operations).reduce((a, o) => a + o.done, 0);
  log(`soak: workers done at ${report.workersDoneSeconds} s; ${total} operations settled in ${report.seconds} s, ${stuck} stuck (${report.unsettled} still unsettled at the end); ${report.restarts.length} restarts`);
  for (const [name, o] of Object.entries(report.operations)) log(`  ${name.padEnd(13)} ${String(o.done).padStart(7)} settled, ${String(o.ok).padStart(7)} ok`);
  for (const [code, n] of Object.entries(report.errors)) log(`  error ${code}: ${n} (e.g. ${report.examples[code]})`);
  log(`  final burst: ${report.burst.completed}/${report.burst.of} transactions at once${report.burst.errors.length ? ` (${report.burst.errors.join('; ')})` : ''}; driver close: ${report.closed}`);
  log(`soak: ${report.passed ? 'passed' : 'FAILED'}`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (typeof globalThis.gc !== 'function') {
    // Memory is sampled after a forced collection, which needs the flag.
    const args = ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
    process.exit(spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1);
  }
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`soak.mjs: ${error.message}\n`);
    process.exit(2);
  }
  const report = await soak(options);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.passed ? 0 : 1);
}
