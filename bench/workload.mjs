// The measured work, the same in Node and in the browser: it only uses the neo4j-driver API
// (which our driver, neo4j-driver and neo4j-driver-lite share) and performance.now().

/** The server's query for `rows` records of a shape (see tests/stub-server/src/bench.rs). */
export const benchQuery = (shape, rows) => `BENCH ${shape} ${rows}`;

/**
 * The ways an application reads a result, each measured: streamed with `for await`, awaited
 * whole (`await session.run(...)`), with `driver.executeQuery` (routing READ), and pushed to a
 * subscriber.
 */
export const FORMS = ['for await', 'await', 'executeQuery', 'subscribe'];

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
    const driver = driverFor(uri, form === 'executeQuery' && fetchSize !== undefined ? { ...config, fetchSize } : config);
    const session = form === 'executeQuery' ? null : driver.session({ fetchSize });
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
          (await driver.executeQuery(query, {}, { routing: neo4j.routing.READ })).records.forEach(visit);
          break;
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
