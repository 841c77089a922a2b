// A bare Bolt 5.4 client for reference figures: it sends pre-encoded messages and only counts
// the messages that come back (by walking chunk headers), decoding nothing. Used for the
// loopback round trip (RESET, or RUN "RETURN 1" + PULL) and to drain records as fast as the
// server sends them. Runs in Node and in browsers: the byte pipe is given from outside.

const MAGIC = [0x60, 0x60, 0xb0, 0x17];

/** PackStream for the few values these messages need: strings, small ints, maps. */
function pack(value, out) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < -16 || value > 127) throw new Error(`no int ${value}`);
    out.push(value & 0xff);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    if (bytes.length < 16) out.push(0x80 | bytes.length);
    else if (bytes.length < 256) out.push(0xd0, bytes.length);
    else throw new Error('string too long');
    out.push(...bytes);
  } else {
    const entries = Object.entries(value);
    out.push(0xa0 | entries.length);
    for (const [k, v] of entries) {
      pack(k, out);
      pack(v, out);
    }
  }
}

/** One chunked message: structure `signature` with `fields`. */
function message(signature, ...fields) {
  const body = [0xb0 | fields.length, signature];
  for (const f of fields) pack(f, body);
  return [body.length >> 8, body.length & 0xff, ...body, 0, 0];
}

const HANDSHAKE = Uint8Array.from([...MAGIC, 0, 0, 4, 5, ...new Array(12).fill(0)]);
const OPEN = Uint8Array.from([
  ...message(0x01, { user_agent: 'bench-raw/1', bolt_agent: { product: 'bench-raw/1' } }),
  ...message(0x6a, { scheme: 'none' }),
]);
const RESET = Uint8Array.from(message(0x0f));
const RETURN_1 = Uint8Array.from([...message(0x10, 'RETURN 1', {}, {}), ...message(0x3f, { n: -1 })]);

/**
 * A raw connection over `pipe` (`{ send(Uint8Array), close() }`, whose owner calls the
 * `onData(Uint8Array)` given to `attach`).
 */
export class RawBolt {
  #pipe;
  #handshake = 4;
  #messages = 0;
  #want = 0;
  #resolve = null;
  /** Bytes left in the current chunk, and the first byte of a split chunk header. */
  #left = 0;
  #half = -1;

  constructor(attach) {
    this.#pipe = attach((bytes) => this.#feed(bytes));
  }

  #feed(buf) {
    let i = 0;
    const n = buf.length;
    if (this.#handshake > 0) {
      const take = Math.min(this.#handshake, n);
      this.#handshake -= take;
      i = take;
      if (this.#handshake === 0) this.#arrived(1);
    }
    let messages = 0;
    while (i < n) {
      if (this.#left > 0) {
        const take = Math.min(this.#left, n - i);
        this.#left -= take;
        i += take;
        continue;
      }
      let size;
      if (this.#half >= 0) {
        size = (this.#half << 8) | buf[i];
        this.#half = -1;
        i += 1;
      } else if (i + 1 < n) {
        size = (buf[i] << 8) | buf[i + 1];
        i += 2;
      } else {
        this.#half = buf[i];
        i += 1;
        continue;
      }
      if (size === 0) messages++;
      else this.#left = size;
    }
    if (messages) this.#arrived(messages);
  }

  #arrived(count) {
    this.#messages += count;
    if (this.#resolve && this.#messages >= this.#want) {
      const resolve = this.#resolve;
      this.#resolve = null;
      resolve();
    }
  }

  /** Sends bytes and resolves once `count` more messages (or the handshake answer) came. */
  #exchange(bytes, count) {
    this.#want = this.#messages + count;
    const done = new Promise((resolve) => { this.#resolve = resolve; });
    this.#pipe.send(bytes);
    return done;
  }

  /** Handshake (Bolt 5.4), HELLO and LOGON. */
  async open() {
    await this.#exchange(HANDSHAKE, 1);
    await this.#exchange(OPEN, 2);
  }

  /** The smallest Bolt round trip: RESET and its SUCCESS. */
  ping() {
    return this.#exchange(RESET, 1);
  }

  /** RUN "RETURN 1" and PULL, pre-encoded: the floor of a driver's small query. */
  returnOne() {
    return this.#exchange(RETURN_1, 3);
  }

  /** RUN "BENCH shape rows" and PULL all: resolves when the summary arrived. */
  drain(shape, rows) {
    const run = [...message(0x10, `BENCH ${shape} ${rows}`, {}, {}), ...message(0x3f, { n: -1 })];
    return this.#exchange(Uint8Array.from(run), rows + 2);
  }

  close() {
    this.#pipe.close();
  }
}

/** A pipe over a WebSocket (the browser's, or Node's global one). */
export function webSocketPipe(url, WebSocketClass = globalThis.WebSocket) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketClass(url);
    ws.binaryType = 'arraybuffer';
    ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
    ws.onopen = () => resolve((onData) => {
      ws.onmessage = (event) => onData(new Uint8Array(event.data));
      return { send: (bytes) => ws.send(bytes), close: () => ws.close() };
    });
  });
}

/** Round-trip samples (µs) of `count` calls of `op` on a raw connection, after a warm-up. */
export async function rawLatency(attach, op, count, summarize) {
  const raw = new RawBolt(attach);
  await raw.open();
  try {
    for (let i = 0; i < Math.min(200, count); i++) await raw[op]();
    const samples = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await raw[op]();
      samples.push((performance.now() - started) * 1000);
    }
    return summarize(samples);
  } finally {
    raw.close();
  }
}

/** Records per second of draining `rows` records of a shape with a raw connection. */
export async function rawDrain(attach, shape, rows) {
  const raw = new RawBolt(attach);
  await raw.open();
  try {
    const started = performance.now();
    await raw.drain(shape, rows);
    const ms = performance.now() - started;
    return { ms, recordsPerSecond: (rows / ms) * 1000 };
  } finally {
    raw.close();
  }
}
