// A fault-injecting Bolt proxy for tests: it listens on 127.0.0.1 (a free port), relays every
// connection to a server (kglite, its websockify bridge, or the stub server), and understands
// what passes: the Bolt handshake (magic and four proposals, then the answer, or manifest v1
// and the client's pick), then chunked messages in both directions. Over WebSocket it
// forwards the HTTP upgrade, reads the binary frames and sends its own, one per stretch of
// whole messages, so that a fault always falls on a message boundary.
//
//   const proxy = await startProxy({ host: '127.0.0.1', port: 7687 });
//   const run = proxy.arm({ direction: TO_CLIENT, message: 'RECORD', nth: 3, action: 'cut' });
//   ... drive a driver at proxy.address ...
//   run.fired   // the message the fault hit ({ direction, name, nth, index, reached }), or null
//   run.messages // every unit that arrived since arming: { direction, name, forwarded }
//   await proxy.close();
//
// A plan picks one message in one direction, counted from when it is armed over every
// connection: `index` (0-based, every unit counts, the handshake included), or `message`
// (a name from MESSAGES, or HANDSHAKE) and `nth` (1-based). Its action:
//   cut      close both sides of that connection; what came before it is forwarded, it is not
//   stall    forward nothing more in that direction (that message included); both sockets stay open
//   corrupt  send CORRUPTIONS[corruption] instead of the message, then go on relaying
// A plan fires once; afterwards the proxy relays faithfully until armed again.
import net from 'node:net';
import { randomBytes } from 'node:crypto';

/** Client to server. */
export const TO_SERVER = 'toServer';
/** Server to client. */
export const TO_CLIENT = 'toClient';

/** The name of the handshake unit of each direction (proposals; the server's answer). */
export const HANDSHAKE = 'HANDSHAKE';

/** Bolt message signatures by name (requests and responses). */
export const MESSAGES = {
  HELLO: 0x01, GOODBYE: 0x02, RESET: 0x0f, RUN: 0x10, BEGIN: 0x11, COMMIT: 0x12, ROLLBACK: 0x13,
  DISCARD: 0x2f, PULL: 0x3f, TELEMETRY: 0x54, ROUTE: 0x66, LOGON: 0x6a, LOGOFF: 0x6b,
  SUCCESS: 0x70, RECORD: 0x71, IGNORED: 0x7e, FAILURE: 0x7f,
};
const NAMES = new Map(Object.entries(MESSAGES).map(([name, sig]) => [sig, name]));

/** The name of a message body's signature (`0x5A?` for one Bolt does not have). */
function messageName(body) {
  if (body.length < 2 || (body[0] & 0xf0) !== 0xb0) return 'MALFORMED';
  return NAMES.get(body[1]) ?? `0x${body[1].toString(16).toUpperCase().padStart(2, '0')}?`;
}

/**
 * Malformed message bodies, each made from the body it replaces (its signature kept where
 * there is one), so that the peer meets it where it expects that message.
 */
export const CORRUPTIONS = {
  /** The structure cut off halfway: its fields promised, not all there. */
  truncated: (body) => body.subarray(0, Math.max(2, body.length >> 1)),
  /** One field: a list that claims 2^31 items and holds none. */
  hugeList: (body) => Buffer.from([0xb1, body[1] ?? MESSAGES.RECORD, 0xd6, 0x80, 0, 0, 0]),
  /** A message whose structure tag no Bolt version has ('Z'). */
  unknownTag: () => Buffer.from([0xb1, 0x5a, 0xa0]),
  /** Bytes that are no PackStream at all (0xDE is a reserved marker). */
  garbage: () => Buffer.from([0xde, 0xad, 0xbe, 0xef]),
};

/** The handshake replaced by garbage of the same length. */
const corruptHandshake = (bytes) => Buffer.alloc(bytes.length, 0xee);

/** `body` as one chunked Bolt message (chunks of at most 65535 bytes, then 00 00). */
export function chunk(body) {
  const parts = [];
  for (let at = 0; at < body.length; at += 0xffff) {
    const piece = body.subarray(at, at + 0xffff);
    parts.push(Buffer.from([piece.length >> 8, piece.length & 0xff]), piece);
  }
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}

/** Reads an unsigned LEB128 varint at `at`: `[value, next offset]`, or null if incomplete. */
function varint(buf, at) {
  let value = 0;
  for (let shift = 0, i = at; i < buf.length; i++, shift += 7) {
    value += (buf[i] & 0x7f) * 2 ** shift;
    if ((buf[i] & 0x80) === 0) return [value, i + 1];
  }
  return null;
}

const MANIFEST_V1 = 0x000001ff;

/**
 * Splits one direction's Bolt bytes into units: the handshake part, then whole messages
 * (`{ name, bytes, body }`) and NOOP chunks (`{ name: 'NOOP' }`, never counted).
 * `push(bytes)` returns the units completed so far. The two directions of a connection
 * share `shared` so that the client's side knows when the server chose manifest v1.
 */
class BoltReader {
  #buffer = Buffer.alloc(0);
  #phase;
  #shared;

  constructor(direction, shared) {
    this.#phase = direction === TO_SERVER ? 'proposals' : 'answer';
    this.#shared = shared;
  }

  push(bytes) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, bytes]) : bytes;
    const units = [];
    for (let unit; (unit = this.#next()) !== null;) units.push(unit);
    return units;
  }

  /** The next complete unit, or null when more bytes are needed. */
  #next() {
    if (this.#phase === 'messages') return this.#message();
    if (this.#phase === 'pick') {
      // Only after a manifest does the client send more handshake: its pick.
      if (this.#shared.manifest === undefined) return null;
      if (!this.#shared.manifest) {
        this.#phase = 'messages';
        return this.#message();
      }
    }
    const size = this.#phase === 'proposals' ? (this.#buffer.length >= 20 ? 20 : null)
      : this.#phase === 'pick' ? this.#pickSize() : this.#answerSize();
    if (size === null) return null;
    const bytes = this.#buffer.subarray(0, size);
    this.#buffer = this.#buffer.subarray(size);
    const name = this.#phase === 'pick' ? 'PICK' : HANDSHAKE;
    this.#phase = this.#phase === 'proposals' ? 'pick' : 'messages';
    return { name, bytes };
  }

  /** The length of the server's answer: 4 bytes, or manifest v1 with its ranges. */
  #answerSize() {
    const buf = this.#buffer;
    if (buf.length < 4) return null;
    if (buf.readUInt32BE(0) !== MANIFEST_V1) {
      this.#shared.manifest = false;
      return 4;
    }
    const count = varint(buf, 4);
    if (count === null || buf.length < count[1] + count[0] * 4) return null;
    const caps = varint(buf, count[1] + count[0] * 4);
    if (caps === null) return null;
    this.#shared.manifest = true;
    return caps[1];
  }

  /** The length of the client's pick after a manifest: a version and a capability varint. */
  #pickSize() {
    if (this.#buffer.length < 5) return null;
    const caps = varint(this.#buffer, 4);
    return caps === null ? null : caps[1];
  }

  #message() {
    const buf = this.#buffer;
    if (buf.length >= 2 && buf.readUInt16BE(0) === 0) {
      this.#buffer = buf.subarray(2);
      return { name: 'NOOP', bytes: buf.subarray(0, 2) };
    }
    const parts = [];
    for (let at = 0; at + 2 <= buf.length;) {
      const size = buf.readUInt16BE(at);
      if (size === 0) {
        const body = Buffer.concat(parts);
        this.#buffer = buf.subarray(at + 2);
        return { name: messageName(body), bytes: buf.subarray(0, at + 2), body };
      }
      if (at + 2 + size > buf.length) return null;
      parts.push(buf.subarray(at + 2, at + 2 + size));
      at += 2 + size;
    }
    return null;
  }
}

/**
 * Splits WebSocket bytes into frames `{ opcode, fin, payload }` (payload unmasked) after the
 * HTTP upgrade head, which comes out first as `{ head }`.
 */
class FrameReader {
  #buffer = Buffer.alloc(0);
  #head = true;

  push(bytes) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, bytes]) : bytes;
    const out = [];
    for (;;) {
      const buf = this.#buffer;
      if (this.#head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return out;
        out.push({ head: buf.subarray(0, end + 4).toString('latin1') });
        this.#buffer = buf.subarray(end + 4);
        this.#head = false;
        continue;
      }
      if (buf.length < 2) return out;
      let length = buf[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (buf.length < 4) return out;
        length = buf.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (buf.length < 10) return out;
        length = Number(buf.readBigUInt64BE(2));
        at = 10;
      }
      const masked = (buf[1] & 0x80) !== 0;
      const mask = masked ? buf.subarray(at, at + 4) : null;
      if (masked) at += 4;
      if (buf.length < at + length) return out;
      const payload = Buffer.from(buf.subarray(at, at + length));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      out.push({ opcode: buf[0] & 0x0f, fin: (buf[0] & 0x80) !== 0, payload });
      this.#buffer = buf.subarray(at + length);
    }
  }
}

/** One WebSocket frame; client frames are masked, as RFC 6455 requires. */
function frame(opcode, payload, masked) {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 0x10000 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
        const b = Buffer.alloc(8);
        b.writeBigUInt64BE(BigInt(length));
        return b;
      })()]);
  if (!masked) return Buffer.concat([header, payload]);
  header[1] |= 0x80;
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([header, mask, body]);
}

/** The client's upgrade request without `Sec-WebSocket-Extensions`: no compressed frames. */
function plainUpgrade(head) {
  return head.split('\r\n').filter((line) => !/^sec-websocket-extensions:/i.test(line)).join('\r\n');
}

/** What a plan matches and what it does, checked (a typo must not make a fault that never fires). */
function checkPlan(plan) {
  if (plan.direction !== TO_SERVER && plan.direction !== TO_CLIENT) {
    throw new TypeError(`a fault plan's direction is ${TO_SERVER} or ${TO_CLIENT}, not ${plan.direction}`);
  }
  if (!['cut', 'stall', 'corrupt'].includes(plan.action)) {
    throw new TypeError(`a fault plan's action is cut, stall or corrupt, not ${plan.action}`);
  }
  if (plan.action === 'corrupt' && !(plan.corruption in CORRUPTIONS)) {
    throw new TypeError(`corrupt needs a corruption: ${Object.keys(CORRUPTIONS).join(', ')}`);
  }
  const byIndex = Number.isInteger(plan.index) && plan.index >= 0;
  const byName = (plan.message in MESSAGES || plan.message === HANDSHAKE) && Number.isInteger(plan.nth) && plan.nth >= 1;
  if (byIndex === byName) throw new TypeError('a fault plan names either an index, or a message and its nth');
}

/** What passed since the proxy was armed, and the fault if it has fired. */
class Run {
  /** Every unit that arrived, in order: `{ direction, name, forwarded }`. */
  messages = [];
  /** `{ direction, name, nth, index, reached }` of the message the fault hit, once it has;
   * `reached`: the names of the messages forwarded to the server before it. */
  fired = null;
  /** Resolves with `fired` when the fault fires. */
  whenFired;
  #fire;
  #plan;
  #counts = { [TO_SERVER]: new Map(), [TO_CLIENT]: new Map() };
  #indexes = { [TO_SERVER]: 0, [TO_CLIENT]: 0 };

  constructor(plan) {
    this.#plan = plan;
    this.whenFired = new Promise((resolve) => { this.#fire = resolve; });
  }

  /** Counts a unit; returns the plan if this is the one it picks. */
  see(direction, name) {
    const nth = (this.#counts[direction].get(name) ?? 0) + 1;
    this.#counts[direction].set(name, nth);
    const index = this.#indexes[direction]++;
    const plan = this.#plan;
    const hit = plan !== null && this.fired === null && plan.direction === direction
      && (plan.index === undefined ? plan.message === name && plan.nth === nth : plan.index === index);
    if (hit) {
      const reached = this.messages.filter((m) => m.direction === TO_SERVER && m.forwarded).map((m) => m.name);
      this.fired = { direction, name, nth, index, reached };
      this.#fire(this.fired);
    }
    this.messages.push({ direction, name, forwarded: !hit });
    return hit ? plan : null;
  }
}

/**
 * Starts a proxy in front of the Bolt server at `host:port` (over WebSocket when `webSocket`:
 * then the server is a WebSocket endpoint, and clients connect with ws://).
 * Resolves `{ address, port, arm(plan), watch(), close() }`: `address` is `127.0.0.1:PORT`.
 */
export async function startProxy({ host, port, webSocket = false }) {
  const sockets = new Set();
  let run = new Run(null);

  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {});
      // One side gone ends the other once what is queued for it is out.
      s.once('close', () => {
        sockets.delete(s);
        client.end();
        upstream.end();
      });
    }
    const shared = {};
    const relay = (from, to, direction) => {
      const bolt = new BoltReader(direction, shared);
      const frames = webSocket ? new FrameReader() : null;
      let stalled = false;
      /** Passes Bolt bytes through the plan: `{ out, cut }`, the bytes to send on, and
       * whether to close both sides after them. */
      const boltOut = (bytes) => {
        const out = [];
        for (const unit of bolt.push(bytes)) {
          if (stalled) break;
          const counted = unit.name !== 'NOOP' && unit.name !== 'PICK';
          const plan = counted ? run.see(direction, unit.name) : null;
          if (plan === null) out.push(unit.bytes);
          else if (plan.action === 'cut') return { out, cut: true };
          else if (plan.action === 'stall') stalled = true;
          else out.push(unit.name === HANDSHAKE ? corruptHandshake(unit.bytes) : chunk(CORRUPTIONS[plan.corruption](unit.body)));
        }
        return { out, cut: false };
      };
      /** Sends `out` on (framed over WebSocket); after a cut, closes both sides. */
      const send = ({ out, cut }) => {
        const bytes = Buffer.concat(out);
        const framed = webSocket && bytes.length ? frame(0x2, bytes, direction === TO_SERVER) : bytes;
        if (cut) {
          // Ended, not destroyed: a peer still writing what it sent with the cut message gets
          // no broken pipe, and what it sends on is read and dropped.
          to.end(framed);
          from.end();
        } else if (framed.length) to.write(framed);
      };
      from.on('data', (data) => {
        if (to.destroyed || to.writableEnded) return;
        if (!webSocket) {
          send(boltOut(data));
          return;
        }
        for (const f of frames.push(data)) {
          if (stalled || to.destroyed || to.writableEnded) return;
          if (f.head !== undefined) {
            to.write(direction === TO_SERVER ? plainUpgrade(f.head) : f.head, 'latin1');
          } else if (f.opcode === 0x2 || f.opcode === 0x0) {
            send(boltOut(f.payload));
          } else {
            to.write(frame(f.opcode, f.payload, direction === TO_SERVER));
          }
        }
      });
      from.once('end', () => to.end());
    };
    relay(client, upstream, TO_SERVER);
    relay(upstream, client, TO_CLIENT);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const listening = server.address().port;
  return {
    address: `127.0.0.1:${listening}`,
    port: listening,
    /** Starts counting anew with `plan` (see the top of this file); returns its Run. */
    arm(plan) {
      checkPlan(plan);
      run = new Run(plan);
      return run;
    },
    /** Starts counting anew with no fault: the Run records what passes. */
    watch() {
      run = new Run(null);
      return run;
    },
    /** Stops listening and closes every connection it relays. */
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
