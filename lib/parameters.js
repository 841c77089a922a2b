// Writes query parameters (and transaction metadata, and auth tokens) for the core: one walk
// over the JS values, flat into four buffers the core reads in one call. Crossing into the core
// once per value would cost more than the walk itself. The format is described in
// src/packstream/parameter_tape.rs, whose `op` constants are the tags below.

import { isInt } from './integer.js';
import { isPoint } from './spatial-types.js';
import {
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration, zoneOffsetSeconds,
} from './temporal-types.js';
import { isVector } from './vector.js';
import { isUUID } from './uuid.js';

const NULL = 0;
const FALSE = 1;
const TRUE = 2;
const INT64 = 3;
const FLOAT = 4;
const STRING = 5;
const BYTES = 6;
const LIST = 7;
const MAP = 8;
const DATE = 9;
const LOCAL_TIME = 10;
const TIME = 11;
const LOCAL_DATE_TIME = 12;
const DATE_TIME = 13;
const DATE_TIME_ZONE_ID = 14;
const DURATION = 15;
const POINT_2D = 16;
const POINT_3D = 17;
const VECTOR = 18;
const UUID = 19;

/** The core's limit on nesting (`packstream::MAX_DEPTH`). */
const MAX_DEPTH = 128;
/** How many distinct map keys a tape refers back to; keys beyond are spelled out each time. */
const MAX_KEY_NUMBERS = 4096;
const TWO_PWR_32 = 2 ** 32;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The vector element types, in the core's order (`VectorType`). */
const VECTOR_ARRAYS = [Int8Array, Int16Array, Int32Array, BigInt64Array, Float32Array, Float64Array];

/** Thrown for a value that cannot be sent; the writer adds where it sits. */
class Unsendable extends Error {}

/** Seconds since the epoch of a wall-clock time, read as if it were UTC. */
function epochSecondsOf(year, month, day, hour, minute, second) {
  const date = new globalThis.Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second));
  return Math.floor(date.getTime() / 1000);
}

/**
 * The offset from UTC in `zoneId` of a wall-clock time there. An ambiguous time (when clocks
 * go back) takes the offset in force at the wall-clock time read as UTC, as neo4j-driver does;
 * give `timeZoneOffsetSeconds` to choose.
 */
function offsetOfWallClock(value) {
  const local = epochSecondsOf(value.year, value.month, value.day, value.hour, value.minute, value.second);
  const guess = local - zoneOffsetSeconds(value.timeZoneId, local);
  return zoneOffsetSeconds(value.timeZoneId, guess);
}

/** A copy of the first `used` entries of a typed array, with room for `more` after them. */
function grown(array, used, more) {
  const copy = new array.constructor(Math.max(array.length * 2, used + more));
  copy.set(array.subarray(0, used));
  return copy;
}

/** Buffers bigger than this (in elements) are not kept for the next tape. */
const KEPT_BUFFER_LENGTH = 1 << 16;

/** The growing buffers of one tape. */
class ParameterWriter {
  constructor() {
    this.words = new Int32Array(256);
    this.floats = new Float64Array(32);
    this.bytes = new Uint8Array(0);
    this.word = 0;
    this.float = 0;
    this.byte = 0;
    this.texts = [];
    /** The keys and positions from the root to the value being written. */
    this.path = [];
    /** The first keys spelled out and their numbers, for the references to them. */
    this.keyNumbers = null;
  }

  /** Empties the writer for the next tape; small buffers are kept, big ones let go. */
  reset() {
    if (this.words.length > KEPT_BUFFER_LENGTH) this.words = new Int32Array(256);
    if (this.floats.length > KEPT_BUFFER_LENGTH) this.floats = new Float64Array(32);
    if (this.bytes.length > KEPT_BUFFER_LENGTH) this.bytes = new Uint8Array(0);
    this.word = 0;
    this.float = 0;
    this.byte = 0;
    this.texts = [];
    this.path.length = 0;
    this.keyNumbers = null;
  }

  /** Appends one word. */
  push(word) {
    if (this.word === this.words.length) this.words = grown(this.words, this.word, 1);
    this.words[this.word++] = word;
  }

  /** Appends a 64-bit integer given as a BigInt in range, as its low and high halves. */
  pushBigInt(n) {
    this.push(Number(BigInt.asIntN(32, n)));
    this.push(Number(BigInt.asIntN(32, n >> 32n)));
  }

  /** Appends one float. */
  pushFloat(x) {
    if (this.float === this.floats.length) this.floats = grown(this.floats, this.float, 1);
    this.floats[this.float++] = x;
  }

  /** A string: its length in UTF-16 units, its text appended to the tape's text. */
  pushString(s) {
    this.push(s.length);
    this.texts.push(s);
  }

  /**
   * A map key: spelled out the first time, then `-(n + 1)` for the `n`th key spelled out, so
   * that the keys a list of maps repeats cross once. The first MAX_KEY_NUMBERS distinct keys
   * are remembered; later ones are spelled out each time.
   */
  pushKey(key) {
    this.keyNumbers ??= new Map();
    const n = this.keyNumbers.get(key);
    if (n !== undefined) {
      this.push(-n - 1);
      return;
    }
    // The first keys spelled out are numbered in order, as the core numbers them.
    if (this.keyNumbers.size < MAX_KEY_NUMBERS) this.keyNumbers.set(key, this.keyNumbers.size);
    this.pushString(key);
  }

  /** Appends the bytes of a typed array (little-endian elements), then their count. */
  pushBytes(view) {
    this.push(this.appendBytes(view));
  }

  /** Appends the bytes of a typed array (little-endian elements); returns how many. */
  appendBytes(view) {
    const source = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (this.byte + source.length > this.bytes.length) {
      this.bytes = grown(this.bytes, this.byte, source.length);
    }
    this.bytes.set(source, this.byte);
    this.byte += source.length;
    return source.length;
  }

  /** A whole-number field of a temporal or spatial value, as a 64-bit integer. */
  pushField(value, what) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      const high = Math.floor(value / TWO_PWR_32);
      this.push(value - high * TWO_PWR_32);
      this.push(high);
    } else if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) {
      this.pushBigInt(value);
    } else if (isInt(value)) {
      this.push(value.low);
      this.push(value.high);
    } else {
      throw new Unsendable(`${what} is not a 64-bit integer`);
    }
  }

  /** Fields of one value, each a 64-bit integer. */
  pushFields(value, tag, names) {
    for (const name of names) this.pushField(value[name], `${tag} field ${name}`);
  }

  /** A plain object's own enumerable string keys; entries that are `undefined` are left out. */
  map(object, depth) {
    this.push(MAP);
    const count = this.word;
    this.push(0);
    let n = 0;
    // for-in walks the keys without building an array of them; a plain object inherits none,
    // unless something added enumerable properties to Object.prototype.
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = object[key];
      if (value === undefined) continue;
      this.pushKey(key);
      this.path.push(key);
      this.value(value, depth + 1);
      this.path.pop();
      n++;
    }
    this.words[count] = n;
  }

  /** Any value; numbers go as floats, `Integer`s and BigInts as integers. */
  value(value, depth) {
    if (depth > MAX_DEPTH) throw new Unsendable('nested too deeply (or it contains itself)');
    switch (typeof value) {
      case 'string': this.push(STRING); this.pushString(value); return;
      case 'number': this.push(FLOAT); this.pushFloat(value); return;
      case 'boolean': this.push(value ? TRUE : FALSE); return;
      case 'undefined': this.push(NULL); return;
      case 'bigint':
        if (value < INT64_MIN || value > INT64_MAX) throw new Unsendable('a BigInt outside the 64-bit integer range');
        this.push(INT64);
        this.pushBigInt(value);
        return;
      case 'function':
      case 'symbol': throw new Unsendable('functions and symbols cannot be sent');
      default:
    }
    if (value === null) {
      this.push(NULL);
    } else if (Array.isArray(value)) {
      this.push(LIST);
      this.push(value.length);
      for (let i = 0; i < value.length; i++) {
        this.path.push(i);
        this.value(value[i], depth + 1);
        this.path.pop();
      }
    } else {
      const prototype = Object.getPrototypeOf(value);
      if (prototype === null || prototype === Object.prototype) this.map(value, depth);
      else this.instance(value);
    }
  }

  /** A value of one of the driver's classes, or bytes. */
  instance(value) {
    if (value instanceof Int8Array || value instanceof Uint8Array) {
      this.push(BYTES);
      this.pushBytes(value);
    } else if (isInt(value)) {
      this.push(INT64);
      this.push(value.low);
      this.push(value.high);
    } else if (isDate(value)) {
      this.push(DATE);
      this.pushFields(value, 'Date', ['year', 'month', 'day']);
    } else if (isLocalTime(value)) {
      this.push(LOCAL_TIME);
      this.pushFields(value, 'LocalTime', ['hour', 'minute', 'second', 'nanosecond']);
    } else if (isTime(value)) {
      this.push(TIME);
      this.pushFields(value, 'Time', ['hour', 'minute', 'second', 'nanosecond', 'timeZoneOffsetSeconds']);
    } else if (isLocalDateTime(value)) {
      this.push(LOCAL_DATE_TIME);
      this.pushFields(value, 'LocalDateTime', ['year', 'month', 'day', 'hour', 'minute', 'second', 'nanosecond']);
    } else if (isDateTime(value)) {
      const zoneId = value.timeZoneId ?? null;
      this.push(zoneId === null ? DATE_TIME : DATE_TIME_ZONE_ID);
      this.pushFields(value, 'DateTime', ['year', 'month', 'day', 'hour', 'minute', 'second', 'nanosecond']);
      this.pushField(value.timeZoneOffsetSeconds ?? offsetOfWallClock(value), 'DateTime field timeZoneOffsetSeconds');
      if (zoneId !== null) this.pushString(String(zoneId));
    } else if (isDuration(value)) {
      this.push(DURATION);
      this.pushFields(value, 'Duration', ['months', 'days', 'seconds', 'nanoseconds']);
    } else if (isPoint(value)) {
      const coordinates = value.z === undefined || value.z === null ? [value.x, value.y] : [value.x, value.y, value.z];
      if (!coordinates.every((c) => typeof c === 'number')) throw new Unsendable('a Point\'s coordinates must be numbers');
      this.push(coordinates.length === 2 ? POINT_2D : POINT_3D);
      this.pushField(value.srid, 'Point field srid');
      coordinates.forEach((c) => this.pushFloat(c));
    } else if (isUUID(value)) {
      const bytes = value.getTypedArray();
      if (!(bytes instanceof Uint8Array) || bytes.length !== 16) {
        throw new Unsendable('a UUID must hold 16 bytes in a Uint8Array');
      }
      this.push(UUID);
      this.appendBytes(bytes);
    } else if (isVector(value)) {
      const array = value.asTypedArray();
      const type = VECTOR_ARRAYS.findIndex((T) => array instanceof T);
      if (type < 0) {
        throw new Unsendable('a Vector must wrap an Int8, Int16, Int32, BigInt64, Float32 or Float64 array');
      }
      this.push(VECTOR);
      this.push(type);
      this.pushBytes(array);
    } else {
      throw new Unsendable('only plain objects, arrays, numbers, strings, booleans, BigInts, Integers, ' +
        'Int8Arrays and the driver\'s temporal, spatial, vector and UUID types can be sent');
    }
  }

  /** Where the value being written sits, after `root`. */
  where(root) {
    let text = root;
    for (const part of this.path) {
      if (typeof part === 'number') text += `[${part}]`;
      else text += text === '' ? part : `.${part}`;
    }
    return text;
  }
}

/**
 * The tape of a plain object, as `[words, floats, text, bytes]`; `root` names the object in
 * errors ('' for query parameters). A value that cannot be sent is a TypeError naming where it
 * sits, as in `parameter rows[3].tags: functions and symbols cannot be sent`.
 * @param {object} object
 * @param {string} root
 * @returns {[Int32Array, Float64Array, string, Uint8Array]}
 */
export function writeParameters(object, root) {
  // A writer that runs into itself (a getter that runs a query) takes a new one.
  const writer = spare ?? new ParameterWriter();
  spare = null;
  try {
    writer.map(object, 0);
    // Views into the writer's buffers: the core copies them before anything else is written.
    return [
      writer.words.subarray(0, writer.word),
      writer.floats.subarray(0, writer.float),
      writer.texts.join(''),
      writer.bytes.subarray(0, writer.byte),
    ];
  } catch (error) {
    if (!(error instanceof Unsendable)) throw error;
    throw new TypeError(`parameter ${writer.where(root)}: ${error.message}`);
  } finally {
    writer.reset();
    spare = writer;
  }
}

/**
 * The writer the next tape is written with. Kept, rather than one made per tape, for its
 * buffers and because V8 throws away the code it optimized for writers once none is left
 * alive: a large write after a garbage collection then ran 4 times slower.
 */
let spare = null;
