// PackStream in JavaScript, for client-side encryption only: an encrypted value holds its
// plaintext, and the envelope around the ciphertext, as PackStream bytes that every official
// driver reads (Bolt 6.1 structures: UTC DateTimes, vectors, UUIDs). Queries and records never
// come here; the core encodes and decodes those.

import { Integer, int, isInt } from './integer.js';
import { Point, isPoint } from './spatial-types.js';
import {
  Date, Time, LocalTime, LocalDateTime, DateTime, Duration,
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration,
  epochDay, epochSecond, civilDate, localFields,
} from './temporal-types.js';
import { Vector, isVector } from './vector.js';
import { UUID, isUUID } from './uuid.js';
import { offsetOfWallClock } from './parameters.js';

const NULL = 0xc0;
const FLOAT_64 = 0xc1;
const FALSE = 0xc2;
const TRUE = 0xc3;
const INT_8 = 0xc8;
const INT_16 = 0xc9;
const INT_32 = 0xca;
const INT_64 = 0xcb;
const UUID_MARKER = 0xe0;

/** Size markers of each sized kind: tiny (size in the marker's low nibble, or null), 8, 16 and 32 bits. */
const BYTES = [null, 0xcc, 0xcd, 0xce];
const STRING = [0x80, 0xd0, 0xd1, 0xd2];
const LIST = [0x90, 0xd4, 0xd5, 0xd6];
const MAP = [0xa0, 0xd8, 0xd9, 0xda];
const STRUCT = [0xb0, 0xdc, 0xdd, null];

const DATE = 0x44;
const TIME = 0x54;
const LOCAL_TIME = 0x74;
const LOCAL_DATE_TIME = 0x64;
const DATE_TIME = 0x49;
const DATE_TIME_ZONE_ID = 0x69;
const DURATION = 0x45;
const POINT_2D = 0x58;
const POINT_3D = 0x59;
const VECTOR = 0x56;

const NANOS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400n;

/** Vector element types: the vector's type, its PackStream marker, the typed array and its DataView accessors. */
const VECTOR_TYPES = [
  ['INT8', INT_8, Int8Array, 'Int8'],
  ['INT16', INT_16, Int16Array, 'Int16'],
  ['INT32', INT_32, Int32Array, 'Int32'],
  ['INT64', INT_64, BigInt64Array, 'BigInt64'],
  ['FLOAT32', 0xc6, Float32Array, 'Float32'],
  ['FLOAT64', FLOAT_64, Float64Array, 'Float64'],
];

/** A structure without a value class of its own (the envelope of an encrypted value). */
export class Structure {
  /**
   * @param {number} tag the structure's tag byte
   * @param {Array} fields
   */
  constructor(tag, fields) {
    this.tag = tag;
    this.fields = fields;
  }
}

/** A number, Integer or BigInt field as a BigInt, as `int()` reads it. */
const big = (value) => int(value).toBigInt();

/** `a` divided by positive `b`, rounded down, and the non-negative remainder (BigInts). */
function divMod(a, b) {
  const remainder = ((a % b) + b) % b;
  return [(a - remainder) / b, remainder];
}

/** Nanoseconds since midnight of a time of day. */
function nanoOfDay(time) {
  return ((big(time.hour) * 60n + big(time.minute)) * 60n + big(time.second)) * NANOS_PER_SECOND + big(time.nanosecond);
}

/** Seconds from the epoch to a value's wall-clock date and time, read as UTC. */
function wallClockSeconds(value) {
  return epochSecond(...[value.year, value.month, value.day, value.hour, value.minute, value.second].map(big));
}

/** The structure that carries a temporal, spatial or vector value, or undefined for other values. */
function structureOf(value) {
  if (isDate(value)) return new Structure(DATE, [epochDay(big(value.year), big(value.month), big(value.day))]);
  if (isLocalTime(value)) return new Structure(LOCAL_TIME, [nanoOfDay(value)]);
  if (isTime(value)) return new Structure(TIME, [nanoOfDay(value), big(value.timeZoneOffsetSeconds)]);
  if (isLocalDateTime(value)) return new Structure(LOCAL_DATE_TIME, [wallClockSeconds(value), big(value.nanosecond)]);
  if (isDateTime(value)) {
    const local = wallClockSeconds(value);
    if (value.timeZoneId == null) {
      const offset = big(value.timeZoneOffsetSeconds);
      return new Structure(DATE_TIME, [local - offset, big(value.nanosecond), offset]);
    }
    const offset = big(value.timeZoneOffsetSeconds ?? offsetOfWallClock(value));
    return new Structure(DATE_TIME_ZONE_ID, [local - offset, big(value.nanosecond), value.timeZoneId]);
  }
  if (isDuration(value)) {
    return new Structure(DURATION, [value.months, value.days, value.seconds, value.nanoseconds].map(big));
  }
  if (isPoint(value)) {
    return value.z == null
      ? new Structure(POINT_2D, [big(value.srid), value.x, value.y])
      : new Structure(POINT_3D, [big(value.srid), value.x, value.y, value.z]);
  }
  if (isVector(value)) return vectorStructure(value);
  return undefined;
}

/** A vector as its structure: the element type's marker, then the elements big-endian. */
function vectorStructure(vector) {
  const array = vector.asTypedArray();
  const kind = VECTOR_TYPES.find(([type]) => type === vector.getType());
  if (kind === undefined) throw new TypeError(`a Vector of an unknown element type: ${vector.getType()}`);
  const [, marker, TypedArray, accessor] = kind;
  const data = new Uint8Array(array.length * TypedArray.BYTES_PER_ELEMENT);
  const view = new DataView(data.buffer);
  array.forEach((element, i) => view[`set${accessor}`](i * TypedArray.BYTES_PER_ELEMENT, element));
  return new Structure(VECTOR, [Int8Array.of(marker), new Int8Array(data.buffer)]);
}

/** Writes PackStream into a growing buffer. */
class Writer {
  constructor() {
    this.bytes = new Uint8Array(256);
    this.view = new DataView(this.bytes.buffer);
    this.length = 0;
  }

  /** Makes room for `n` more bytes and returns where they start. */
  claim(n) {
    if (this.length + n > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      bigger.set(this.bytes.subarray(0, this.length));
      this.bytes = bigger;
      this.view = new DataView(bigger.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  /** One byte. */
  byte(b) {
    const at = this.claim(1);
    this.bytes[at] = b;
  }

  /** `value` in `size` bytes with the DataView setter `setter` (big-endian). */
  write(setter, size, value) {
    const at = this.claim(size);
    this.view[setter](at, value);
  }

  /** A marker for `size` items from `markers` (tiny, 8, 16, 32 bits), then the size. */
  header(size, markers, what) {
    const [tiny, m8, m16, m32] = markers;
    if (tiny !== null && size < 0x10) {
      this.byte(tiny | size);
    } else if (size < 0x100) {
      this.byte(m8);
      this.byte(size);
    } else if (size < 0x10000) {
      this.byte(m16);
      this.write('setUint16', 2, size);
    } else if (m32 !== null && size < 0x100000000) {
      this.byte(m32);
      this.write('setUint32', 4, size);
    } else {
      throw new RangeError(`${what} of ${size} entries is too long for PackStream`);
    }
  }

  /** A 64-bit integer given as a BigInt, in its shortest form. */
  integer(n) {
    if (n >= -0x10n && n < 0x80n) {
      this.byte(Number(n) & 0xff);
    } else if (n >= -0x80n && n < 0x80n) {
      this.byte(INT_8);
      this.write('setInt8', 1, Number(n));
    } else if (n >= -0x8000n && n < 0x8000n) {
      this.byte(INT_16);
      this.write('setInt16', 2, Number(n));
    } else if (n >= -0x80000000n && n < 0x80000000n) {
      this.byte(INT_32);
      this.write('setInt32', 4, Number(n));
    } else {
      this.byte(INT_64);
      this.write('setBigInt64', 8, BigInt.asIntN(64, n));
    }
  }

  /** Raw bytes. */
  raw(bytes) {
    const at = this.claim(bytes.length);
    this.bytes.set(bytes, at);
  }

  /** Any value that can be a property, a list or map of them, or a Structure. */
  value(value) {
    const structure = structureOf(value);
    if (structure !== undefined) {
      this.value(structure);
    } else if (value === null) {
      this.byte(NULL);
    } else if (typeof value === 'boolean') {
      this.byte(value ? TRUE : FALSE);
    } else if (typeof value === 'number') {
      this.byte(FLOAT_64);
      this.write('setFloat64', 8, value);
    } else if (typeof value === 'string') {
      const utf8 = new TextEncoder().encode(value);
      this.header(utf8.length, STRING, 'a string');
      this.raw(utf8);
    } else if (typeof value === 'bigint') {
      this.integer(BigInt.asIntN(64, value));
    } else if (isInt(value)) {
      this.integer(value.toBigInt());
    } else if (value instanceof Int8Array) {
      this.header(value.length, BYTES, 'a byte array');
      this.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    } else if (Array.isArray(value)) {
      this.header(value.length, LIST, 'a list');
      for (const item of value) this.value(item ?? null);
    } else if (isUUID(value)) {
      this.byte(UUID_MARKER);
      this.raw(value.getTypedArray());
    } else if (value instanceof Structure) {
      this.header(value.fields.length, STRUCT, 'a structure');
      this.byte(value.tag);
      for (const field of value.fields) this.value(field);
    } else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value).filter(([, item]) => item !== undefined);
      this.header(entries.length, MAP, 'a map');
      for (const [key, item] of entries) {
        this.value(key);
        this.value(item);
      }
    } else {
      throw new TypeError(`a value of type ${value?.constructor?.name ?? typeof value} has no PackStream form`);
    }
  }
}

/**
 * A value as PackStream bytes, as neo4j-driver 6.3 encodes it with Bolt 6.1: numbers as
 * floats, Integers and BigInts as integers, Int8Arrays as bytes, the temporal, spatial, vector
 * and UUID classes as their structures, plain objects as maps (undefined entries left out),
 * and {@link Structure}s.
 * @param {*} value
 * @returns {Uint8Array}
 */
export function pack(value) {
  const writer = new Writer();
  writer.value(value);
  return writer.bytes.slice(0, writer.length);
}

/** Reads PackStream values from bytes. */
class Reader {
  /**
   * @param {Uint8Array} bytes
   * @param {'integer'|'number'|'bigint'} integers how integers (and integer fields of values) are given
   */
  constructor(bytes, integers) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = 0;
    this.integers = integers;
  }

  /** Moves past `n` bytes and returns where they start. */
  take(n) {
    if (this.at + n > this.bytes.length) throw new RangeError('the bytes end in the middle of a value');
    const start = this.at;
    this.at += n;
    return start;
  }

  /** The bytes not read yet. */
  get remaining() {
    return this.bytes.length - this.at;
  }

  /** A BigInt as an integer the application sees: an Integer, a number (±Infinity beyond 2^53) or a BigInt. */
  integer(n) {
    if (this.integers === 'bigint') return n;
    if (this.integers === 'integer') return Integer.fromString(n.toString());
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
    return n < BigInt(Number.MIN_SAFE_INTEGER) ? Number.NEGATIVE_INFINITY : Number(n);
  }

  /** The size after a marker: in its low nibble (tiny) or in the 1, 2 or 4 bytes after it. */
  size(marker, markers) {
    const [tiny, m8, m16, m32] = markers;
    if (tiny !== null && marker >> 4 === tiny >> 4) return marker & 0x0f;
    if (marker === m8) return this.view.getUint8(this.take(1));
    if (marker === m16) return this.view.getUint16(this.take(2));
    return this.view.getUint32(this.take(4));
  }

  /** Whether `marker` is one of `markers`. */
  static is(marker, markers) {
    const [tiny, ...sized] = markers;
    return (tiny !== null && marker >> 4 === tiny >> 4) || sized.includes(marker);
  }

  /**
   * The next value. Integers inside structures are read as BigInts (`raw`), to build the
   * value classes from.
   */
  value(raw = false) {
    const marker = this.view.getUint8(this.take(1));
    if (marker < 0x80 || marker >= 0xf0) return this.whole(BigInt((marker << 24) >> 24), raw);
    switch (marker) {
      case NULL: return null;
      case FALSE: return false;
      case TRUE: return true;
      case FLOAT_64: return this.view.getFloat64(this.take(8));
      case INT_8: return this.whole(BigInt(this.view.getInt8(this.take(1))), raw);
      case INT_16: return this.whole(BigInt(this.view.getInt16(this.take(2))), raw);
      case INT_32: return this.whole(BigInt(this.view.getInt32(this.take(4))), raw);
      case INT_64: return this.whole(this.view.getBigInt64(this.take(8)), raw);
      case UUID_MARKER: return new UUID(this.bytes.slice(this.take(16), this.at));
      default: break;
    }
    if (Reader.is(marker, STRING)) {
      const length = this.size(marker, STRING);
      return new TextDecoder().decode(this.bytes.subarray(this.take(length), this.at));
    }
    if (Reader.is(marker, BYTES)) {
      const length = this.size(marker, BYTES);
      return new Int8Array(this.bytes.slice(this.take(length), this.at).buffer);
    }
    if (Reader.is(marker, LIST)) {
      return Array.from({ length: this.size(marker, LIST) }, () => this.value(raw));
    }
    if (Reader.is(marker, MAP)) return this.map(this.size(marker, MAP), raw);
    if (Reader.is(marker, STRUCT)) {
      const length = this.size(marker, STRUCT);
      const tag = this.view.getUint8(this.take(1));
      return this.structure(tag, Array.from({ length }, () => this.value(true)));
    }
    throw new RangeError(`0x${marker.toString(16)} is not a PackStream marker`);
  }

  /** An integer: the BigInt itself when `raw`, else as the application sees integers. */
  whole(n, raw) {
    return raw ? n : this.integer(n);
  }

  /** A map of `n` entries; every key becomes an own property, `__proto__` included. */
  map(n, raw) {
    const object = {};
    for (let i = 0; i < n; i++) {
      const key = this.value();
      if (typeof key !== 'string') throw new RangeError('a map key is not a string');
      Object.defineProperty(object, key, { value: this.value(raw), enumerable: true, writable: true, configurable: true });
    }
    return object;
  }

  /** The value a structure stands for; a {@link Structure} for tags without a value class. */
  structure(tag, fields) {
    const n = (value) => this.integer(BigInt(value));
    const expect = (count, what) => {
      if (fields.length !== count) throw new RangeError(`a ${what} structure has ${fields.length} fields, not ${count}`);
    };
    switch (tag) {
      case DATE: {
        expect(1, 'Date');
        const { year, month, day } = civilDate(fields[0]);
        return new Date(n(year), n(month), n(day));
      }
      case LOCAL_TIME:
        expect(1, 'LocalTime');
        return new LocalTime(...clock(fields[0]).map(n));
      case TIME:
        expect(2, 'Time');
        return new Time(...clock(fields[0]).map(n), n(fields[1]));
      case LOCAL_DATE_TIME:
        expect(2, 'LocalDateTime');
        return new LocalDateTime(...wallClock(fields[0], fields[1]).map(n));
      case DATE_TIME:
        expect(3, 'DateTime');
        return new DateTime(...wallClock(fields[0] + fields[2], fields[1]).map(n), n(fields[2]), null);
      case DATE_TIME_ZONE_ID: {
        expect(3, 'DateTime');
        const [seconds, nanosecond, zoneId] = fields;
        const f = localFields(zoneId, seconds);
        return new DateTime(...[f.year, f.month, f.day, f.hour, f.minute, f.second, nanosecond, f.offsetSeconds].map(n),
          zoneId);
      }
      case DURATION:
        expect(4, 'Duration');
        return new Duration(...fields.map(n));
      case POINT_2D:
        expect(3, 'Point');
        return new Point(n(fields[0]), fields[1], fields[2], undefined);
      case POINT_3D:
        expect(4, 'Point');
        return new Point(n(fields[0]), fields[1], fields[2], fields[3]);
      case VECTOR:
        expect(2, 'Vector');
        return vectorOf(fields[0], fields[1]);
      default:
        return new Structure(tag, fields);
    }
  }
}

/** Hour, minute, second and nanosecond (BigInts) of `nanos` since midnight. */
function clock(nanos) {
  const [seconds, nanosecond] = divMod(nanos, NANOS_PER_SECOND);
  return [seconds / 3600n, (seconds / 60n) % 60n, seconds % 60n, nanosecond];
}

/** Year to nanosecond (BigInts) of a wall-clock time given as seconds from the epoch, read as UTC. */
function wallClock(epochSeconds, nanosecond) {
  const [days, secondOfDay] = divMod(epochSeconds, SECONDS_PER_DAY);
  const { year, month, day } = civilDate(days);
  return [year, month, day, ...clock(secondOfDay * NANOS_PER_SECOND).slice(0, 3), nanosecond];
}

/** A Vector from its structure's fields: the element type's marker and the big-endian elements. */
function vectorOf(marker, data) {
  const kind = VECTOR_TYPES.find(([, m]) => m === (marker[0] & 0xff));
  if (kind === undefined || !(data instanceof Int8Array)) throw new RangeError('a Vector structure of an unknown element type');
  const [, , TypedArray, accessor] = kind;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const array = new TypedArray(Math.floor(data.length / TypedArray.BYTES_PER_ELEMENT));
  for (let i = 0; i < array.length; i++) array[i] = view[`get${accessor}`](i * TypedArray.BYTES_PER_ELEMENT);
  return new Vector(array);
}

/**
 * The first value in PackStream `bytes`, and how many bytes follow it.
 * @param {Uint8Array} bytes
 * @param {'integer'|'number'|'bigint'} integers how integers are given: Integers, numbers or BigInts
 * @returns {{value: *, remaining: number}}
 * @throws {RangeError} for bytes that are not PackStream
 */
export function unpack(bytes, integers) {
  const reader = new Reader(bytes, integers);
  const value = reader.value();
  return { value, remaining: reader.remaining };
}
