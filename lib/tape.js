// Builds values from the core's tape: a whole batch of records (or a metadata map) written flat
// in five buffers, read front to back. The format is described in src/packstream/tape.rs; the
// tags below are its `op` constants.

import { Integer } from './integer.js';
import { Node, Relationship, UnboundRelationship, PathSegment, Path } from './graph-types.js';
import { Point } from './spatial-types.js';
import { Date, Time, LocalTime, LocalDateTime, DateTime, Duration, localFields } from './temporal-types.js';
import { Vector } from './vector.js';
// Imported under another name: UUID is the tag, as in the core's list.
import { UUID as UUIDValue } from './uuid.js';
import { UnsupportedType } from './unsupported-type.js';

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const INT = 3;
const INT64 = 4;
const FLOAT = 5;
const STRING = 6;
const BYTES = 7;
const LIST = 8;
const MAP = 9;
const NODE = 10;
const RELATIONSHIP = 11;
const UNBOUND_RELATIONSHIP = 12;
const PATH = 13;
const DATE = 14;
const LOCAL_TIME = 15;
const TIME = 16;
const LOCAL_DATE_TIME = 17;
const DATE_TIME_OFFSET = 18;
const DATE_TIME_ZONE_LOCAL = 19;
const DATE_TIME_ZONE_UTC = 20;
const DURATION = 21;
const POINT_2D = 22;
const POINT_3D = 23;
const VECTOR = 24;
const UNSUPPORTED = 25;
const UUID = 26;

/** The integer modes (the core's `IntegerMode`): Integer objects, numbers, BigInts. */
const LOSSLESS = 0;
const NUMBER = 1;

const TWO_PWR_32 = 2 ** 32;
/** The core checked the text: a BOM in it is a character like any other. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
const decode = (bytes) => (bytes.length === 0 ? '' : UTF8.decode(bytes));
const VECTOR_ARRAYS = [Int8Array, Int16Array, Int32Array, BigInt64Array, Float32Array, Float64Array];

/** Reads one tape; each method takes the next item. */
class TapeReader {
  constructor(words, floats, ascii, text, bytes, keys, mode) {
    this.words = words;
    this.floats = floats;
    this.ascii = decode(ascii);
    this.text = decode(text);
    this.bytes = bytes;
    this.keys = keys;
    this.mode = mode;
    this.word = 0;
    this.float = 0;
    this.asciiChar = 0;
    this.textChar = 0;
    this.byte = 0;
  }

  /** The next value. */
  value() {
    const tag = this.words[this.word++];
    switch (tag) {
      case NULL: return null;
      case FALSE: return false;
      case TRUE: return true;
      case INT: return this.small(this.words[this.word++]);
      case INT64: return this.large(this.words[this.word++], this.words[this.word++]);
      case FLOAT: return this.floats[this.float++];
      case STRING: return this.string();
      case BYTES: return new Int8Array(this.take(this.words[this.word++]).buffer);
      case UUID: return new UUIDValue(this.take(16));
      case LIST: return this.list();
      case MAP: return this.map();
      case NODE: return new Node(this.value(), this.labels(), this.value(), this.value());
      case RELATIONSHIP:
        return new Relationship(this.value(), this.value(), this.value(), this.key(), this.value(),
          this.value(), this.value(), this.value());
      case UNBOUND_RELATIONSHIP: return new UnboundRelationship(this.value(), this.key(), this.value(), this.value());
      case PATH: return this.path();
      case DATE: return new Date(this.value(), this.value(), this.value());
      case LOCAL_TIME: return new LocalTime(this.value(), this.value(), this.value(), this.value());
      case TIME: return new Time(this.value(), this.value(), this.value(), this.value(), this.value());
      case LOCAL_DATE_TIME:
        return new LocalDateTime(this.value(), this.value(), this.value(), this.value(), this.value(),
          this.value(), this.value());
      case DATE_TIME_OFFSET:
        return new DateTime(this.value(), this.value(), this.value(), this.value(), this.value(),
          this.value(), this.value(), this.value(), null);
      case DATE_TIME_ZONE_LOCAL:
        return new DateTime(this.value(), this.value(), this.value(), this.value(), this.value(),
          this.value(), this.value(), undefined, this.value());
      case DATE_TIME_ZONE_UTC: return this.zonedDateTime();
      case DURATION: return new Duration(this.value(), this.value(), this.value(), this.value());
      case POINT_2D: return new Point(this.value(), this.value(), this.value(), undefined);
      case POINT_3D: return new Point(this.value(), this.value(), this.value(), this.value());
      case VECTOR: {
        const TypedArray = VECTOR_ARRAYS[this.words[this.word++]];
        return new Vector(new TypedArray(this.take(this.words[this.word++]).buffer));
      }
      case UNSUPPORTED: {
        const name = this.value();
        const major = this.words[this.word++];
        const minor = this.words[this.word++];
        return new UnsupportedType(name, major, minor, this.value() ?? undefined);
      }
      default: throw new Error(`neo4j-wasm: unknown tape tag ${tag}`);
    }
  }

  /** An integer that fits in 32 bits, in the driver's integer mode. */
  small(n) {
    if (this.mode === LOSSLESS) return new Integer(n, n >> 31);
    return this.mode === NUMBER ? n : BigInt(n);
  }

  /** An integer from its 32-bit halves, in the driver's integer mode. */
  large(low, high) {
    if (this.mode === LOSSLESS) return new Integer(low, high);
    if (this.mode === NUMBER) {
      // Beyond what a number holds exactly: ±Infinity, never a silently different value.
      const n = high * TWO_PWR_32 + (low >>> 0);
      if (n > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
      return n < Number.MIN_SAFE_INTEGER ? Number.NEGATIVE_INFINITY : n;
    }
    return (BigInt(high) << 32n) | BigInt(low >>> 0);
  }

  /** The next integer as a number, whatever the mode. */
  number() {
    const tag = this.words[this.word++];
    const low = this.words[this.word++];
    return tag === INT ? low : this.words[this.word++] * TWO_PWR_32 + (low >>> 0);
  }

  /** The next string's text: n ≥ 0 ASCII characters, or `~n` UTF-16 units of other text. */
  string() {
    const n = this.words[this.word++];
    if (n >= 0) {
      const start = this.asciiChar;
      this.asciiChar += n;
      return this.ascii.substring(start, this.asciiChar);
    }
    const start = this.textChar;
    this.textChar += ~n;
    return this.text.substring(start, this.textChar);
  }

  /** A copy of the next `length` bytes. */
  take(length) {
    const copy = this.bytes.slice(this.byte, this.byte + length);
    this.byte += length;
    return copy;
  }

  /** The next key: one seen before, or a new one (remembered), or one not remembered. */
  key() {
    const id = this.words[this.word++];
    if (id >= 0 && id < this.keys.length) return this.keys[id];
    const key = this.string();
    if (id >= 0) this.keys.push(key);
    return key;
  }

  /** A node's labels: a count, then keys. */
  labels() {
    const n = this.words[this.word++];
    const labels = new Array(n);
    for (let i = 0; i < n; i++) labels[i] = this.key();
    return labels;
  }

  /** A list's entries: a count, then values. */
  list() {
    const n = this.words[this.word++];
    const items = new Array(n);
    for (let i = 0; i < n; i++) items[i] = this.value();
    return items;
  }

  /**
   * A plain object. Every key becomes an own property: `__proto__` is defined rather than
   * assigned, so data can never change an object's prototype. A repeated key keeps its first
   * position and takes the last value, as the PackStream specification says.
   */
  map() {
    const n = this.words[this.word++];
    const object = {};
    for (let i = 0; i < n; i++) {
      const key = this.key();
      const value = this.value();
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        object[key] = value;
      }
    }
    return object;
  }

  /**
   * A Path of PathSegments. Each node and relationship is built once and shared by every
   * segment that visits it, so a path stays as small in JS as on the wire.
   */
  path() {
    const nodes = this.list();
    const relationships = this.list();
    const steps = this.words[this.word++];
    const segments = new Array(steps);
    let last = 0;
    for (let i = 0; i < steps; i++) {
      const start = nodes[this.words[this.word++]];
      const rel = relationships[this.words[this.word++]];
      last = this.words[this.word++];
      const end = nodes[last];
      const forward = this.words[this.word++] === 1;
      segments[i] = new PathSegment(start, rel.bindTo(forward ? start : end, forward ? end : start), end);
    }
    return new Path(nodes[0], nodes[last], segments);
  }

  /** A DateTime in a named zone given in UTC: the zone's rules give the local fields. */
  zonedDateTime() {
    const seconds = this.number();
    const nanosecond = this.value();
    const zoneId = this.value();
    const f = localFields(zoneId, seconds);
    // Within the range of JS dates, every field fits in 32 bits.
    return new DateTime(this.small(f.year), this.small(f.month), this.small(f.day), this.small(f.hour),
      this.small(f.minute), this.small(f.second), nanosecond, this.small(f.offsetSeconds), zoneId);
  }
}

/**
 * The value on a tape. New keys are added to `keys`, which the core's next tape for the same
 * stream builds on. The arrays may be views of the core's memory: nothing keeps them.
 * @param {Int32Array} words
 * @param {Float64Array} floats
 * @param {Uint8Array} ascii the text of the ASCII strings
 * @param {Uint8Array} text the text of the other strings, UTF-8
 * @param {Uint8Array} bytes
 * @param {string[]} keys the keys of the stream's earlier tapes
 * @param {number} mode 0: Integer objects, 1: numbers, 2: BigInts
 * @returns {*}
 */
export function readTape(words, floats, ascii, text, bytes, keys, mode) {
  return new TapeReader(words, floats, ascii, text, bytes, keys, mode).value();
}
