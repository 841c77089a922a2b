// The measured work, the same in Node and in the browser: it only uses the neo4j-driver API
// (which our driver, neo4j-driver and neo4j-driver-lite share) and performance.now().

/** The server's query for `rows` records of a shape (see tests/stub-server/src/bench.rs). */
export const benchQuery = (shape, rows) => `BENCH ${shape} ${rows}`;

/**
 * The ways an application reads a result, each measured: streamed with `for await`, awaited
 * whole (`await session.run(...)`), with `driver.executeQuery` (as it comes, with routing READ,
 * and through `resultTransformers.mappedResultTransformer`), and pushed to a subscriber.
 */
export const FORMS = ['for await', 'await', 'executeQuery', 'executeQuery READ', 'executeQuery mapped', 'subscribe'];

/** The ways a bulk write is sent: `driver.executeQuery` and an awaited `session.run`. */
export const WRITE_FORMS = ['executeQuery', 'await'];

/** A bulk write of every entry of `$rows` (the bench server counts them, storing nothing). */
export const WRITE_QUERY = 'UNWIND $rows AS r CREATE (n:Row) SET n = r';

/** `n` maps as an application writes them: an id, text, a float, a flag and a short list. */
export function writeRows(n) {
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = { id: i, name: `row number ${i}`, score: i / 7, active: i % 2 === 0, tags: ['bench', 'write'] };
  }
  return rows;
}

/** Mean, p50 and p99 of samples (microseconds). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return { mean, p50: at(0.5), p99: at(0.99), count: sorted.length };
}

/**
 * The operations a worker or page offers for one driver module: `neo4j` is its default export,
 * `memory` (optional) the WebAssembly.Memory of its core, `sampleMemory` (optional) what the
 * environment can tell about its own memory, `gc` (optional) a full collection.
 */
export function operations(neo4j, { memory = null, sampleMemory = () => ({}), gc = null } = {}) {
  const drivers = new Map();
  /** One driver per URI and config, kept open so that runs reuse its connection. */
  const driverFor = (uri, config) => {
    const key = JSON.stringify([uri, config]);
    if (!drivers.has(key)) {
      const webSocket = config.webSocket ? globalThis.WebSocket : undefined;
      drivers.set(key, neo4j.driver(uri, neo4j.auth.basic('neo4j', 'bench'),
        { ...config, ...(webSocket ? { webSocket } : {}) }));
    }
    return drivers.get(key);
  };

  /**
   * Reads `rows` records of `shape` in one of the ways an application reads a result (`form`,
   * one of FORMS; `for await` by default), every value with get(i).
   */
  async function read({ uri, config = {}, shape, rows, fetchSize, form = 'for await', onSample = null, sampleEvery = 0 }) {
    // executeQuery takes its fetch size from the driver's config.
    const managed = form.startsWith('executeQuery');
    const driver = driverFor(uri, managed && fetchSize !== undefined ? { ...config, fetchSize } : config);
    const session = managed ? null : driver.session({ fetchSize });
    const query = benchQuery(shape, rows);
    let seen = 0;
    let values = 0;
    const visit = (record) => {
      for (let i = 0; i < record.length; i++) {
        if (record.get(i) !== undefined) values++;
      }
      seen++;
      if (sampleEvery && seen % sampleEvery === 0) onSample(seen);
    };
    try {
      gc?.();
      const started = performance.now();
      switch (form) {
        case 'for await':
          for await (const record of session.run(query)) visit(record);
          break;
        case 'await':
          (await session.run(query)).records.forEach(visit);
          break;
        case 'executeQuery':
          (await driver.executeQuery(query)).records.forEach(visit);
          break;
        case 'executeQuery READ':
          (await driver.executeQuery(query, {}, { routing: neo4j.routing.READ })).records.forEach(visit);
          break;
        case 'executeQuery mapped': {
          const resultTransformer = neo4j.resultTransformers.mappedResultTransformer({
            map: (record) => { visit(record); return record.get(0); },
            collect: (mapped) => mapped.length,
          });
          await driver.executeQuery(query, {}, { resultTransformer });
          break;
        }
        case 'subscribe':
          await new Promise((resolve, reject) => {
            session.run(query).subscribe({ onNext: visit, onCompleted: resolve, onError: reject });
          });
          break;
        default:
          throw new Error(`unknown form ${form} (known: ${FORMS.join(', ')})`);
      }
      const ms = performance.now() - started;
      if (seen !== rows) throw new Error(`${shape}: got ${seen} records, expected ${rows}`);
      return { ms, records: seen, values };
    } finally {
      await session?.close();
    }
  }

  return {
    /** The Bolt version the driver negotiated with the server. */
    async protocol({ uri, config = {} }) {
      const info = await driverFor(uri, config).getServerInfo();
      return { version: String(info.protocolVersion) };
    },

    /** Records per second of one run. */
    async throughput(args) {
      const { ms, records } = await read(args);
      return { ms, recordsPerSecond: (records / ms) * 1000 };
    },

    /** `count` sequential `RETURN 1` queries in one session: each one's time in µs. */
    async latency({ uri, config = {}, count }) {
      const session = driverFor(uri, config).session();
      try {
        const samples = [];
        for (let i = 0; i < count; i++) {
          const started = performance.now();
          const { records } = await session.run('RETURN 1');
          if (records[0].get(0) === undefined) throw new Error('RETURN 1 gave no value');
          samples.push((performance.now() - started) * 1000);
        }
        return summarize(samples);
      } finally {
        await session.close();
      }
    },

    /**
     * One bulk write of `rows` maps in `form` (one of WRITE_FORMS): rows/s of the write alone,
     * the maps being built before the clock starts.
     */
    async write({ uri, config = {}, rows, form }) {
      const driver = driverFor(uri, config);
      const parameters = { rows: writeRows(rows) };
      gc?.();
      const started = performance.now();
      let summary;
      if (form === 'executeQuery') {
        ({ summary } = await driver.executeQuery(WRITE_QUERY, parameters));
      } else {
        const session = driver.session();
        try {
          ({ summary } = await session.run(WRITE_QUERY, parameters));
        } finally {
          await session.close();
        }
      }
      const ms = performance.now() - started;
      const created = summary.counters.updates().nodesCreated;
      if (created !== rows) throw new Error(`the server saw ${created} rows of ${rows}`);
      return { ms, rowsPerSecond: (rows / ms) * 1000 };
    },

    /**
     * `clients` loops of `driver.executeQuery('RETURN 1')` at once over a pool of `poolSize`
     * connections, for `seconds`: queries/s and each query's latency (µs).
     */
    async concurrency({ uri, config = {}, clients, poolSize, seconds }) {
      const driver = driverFor(uri, { ...config, maxConnectionPoolSize: poolSize });
      const samples = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      const client = async () => {
        while (performance.now() < deadline) {
          const began = performance.now();
          const { records } = await driver.executeQuery('RETURN 1');
          if (records[0].get(0) === undefined) throw new Error('RETURN 1 gave no value');
          samples.push((performance.now() - began) * 1000);
        }
      };
      await Promise.all(Array.from({ length: clients }, client));
      const ms = performance.now() - started;
      return { queriesPerSecond: (samples.length / ms) * 1000, ...summarize(samples) };
    },

    /**
     * The heap a result read whole holds: `rows` records of `shape` awaited, every value read,
     * then measured after a full GC while the records are still referenced (needs `gc`).
     */
    async retained({ uri, config = {}, shape, rows }) {
      const session = driverFor(uri, config).session();
      try {
        // The connection and the code paths, warmed up before the baseline.
        await session.run(benchQuery(shape, 10));
        gc();
        const before = sampleMemory().heapUsed;
        const { records } = await session.run(benchQuery(shape, rows));
        for (const record of records) for (let i = 0; i < record.length; i++) record.get(i);
        gc();
        const held = sampleMemory().heapUsed - before;
        if (records.length !== rows) throw new Error(`${shape}: got ${records.length} records, expected ${rows}`);
        return { heldBytes: held, bytesPerRecord: held / rows };
      } finally {
        await session.close();
      }
    },

    /**
     * Peak memory while streaming: sampled every `sampleEvery` records, after a full GC; and
     * what stays after the stream once garbage is collected (`kept`, when `gc` is given).
     */
    async memory(args) {
      gc?.();
      const wasmBytes = () => (memory ? memory.buffer.byteLength : null);
      const base = { ...sampleMemory(), wasm: wasmBytes() };
      const peak = { ...base };
      const sample = () => {
        const now = { ...sampleMemory(), wasm: wasmBytes() };
        for (const [k, v] of Object.entries(now)) if (v !== null && v > peak[k]) peak[k] = v;
      };
      const { ms, records } = await read({ ...args, onSample: sample });
      sample();
      gc?.();
      const kept = gc ? { ...sampleMemory(), wasm: wasmBytes() } : null;
      return { base, peak, kept, ms, records, recordsPerSecond: (records / ms) * 1000 };
    },

    async close() {
      await Promise.all([...drivers.values()].map((d) => d.close()));
      drivers.clear();
    },
  };
}
