// Integer: the driver's signed 64-bit integer, with the API of the official driver's class.
// Values are stored as two signed 32-bit halves (`low`, `high`), as the official class stores
// them; arithmetic goes through BigInt and wraps to 64 bits (two's complement).

import { newError } from './error.js';

const TWO_PWR_32 = 2 ** 32;
const TWO_PWR_63 = 2 ** 63;

/** The value of an Integer's halves as a BigInt in [-2^63, 2^63). */
function bigOf(integer) {
  return (BigInt(integer.high | 0) << 32n) | BigInt(integer.low >>> 0);
}

/** An Integer from any BigInt, wrapped to 64 bits. */
function fromBig(value) {
  const wrapped = BigInt.asIntN(64, value);
  return new Integer(Number(BigInt.asIntN(32, wrapped)), Number(wrapped >> 32n));
}

/** The BigInt value of anything `Integer.fromValue` accepts. */
function bigOfValue(value) {
  return bigOf(Integer.fromValue(value));
}

/** Whether `chunk` is exactly the (zero-padded, lower-case) text of `value` in `radix`. */
function isCanonicalChunk(chunk, value, radix) {
  return !Number.isNaN(value) && value.toString(radix).padStart(chunk.length, '0') === chunk.toLowerCase();
}

/**
 * A signed 64-bit two's-complement integer, as Neo4j's INTEGER values are. Exact where a
 * JavaScript number is not (beyond ±2^53). `low` and `high` are the signed 32-bit halves.
 */
export class Integer {
  /**
   * @param {number} [low=0] the low 32 bits, as a signed 32-bit number
   * @param {number} [high=0] the high 32 bits, as a signed 32-bit number
   */
  constructor(low, high) {
    this.low = low ?? 0;
    this.high = high ?? 0;
  }

  /** Whether the value converts to a number without loss: -(2^53 - 1) ≤ value ≤ 2^53 - 1. */
  inSafeRange() {
    return this.greaterThanOrEqual(Integer.MIN_SAFE_VALUE) && this.lessThanOrEqual(Integer.MAX_SAFE_VALUE);
  }

  /** The low 32 bits as a signed number (the value itself when it fits in 32 bits). */
  toInt() {
    return this.low;
  }

  /** The nearest number (inexact beyond ±2^53). */
  toNumber() {
    return this.high * TWO_PWR_32 + (this.low >>> 0);
  }

  /** The exact value as a BigInt. */
  toBigInt() {
    return bigOf(this);
  }

  /** The value as a number, or ±Infinity when it lies outside the safe range. */
  toNumberOrInfinity() {
    if (this.lessThan(Integer.MIN_SAFE_VALUE)) return Number.NEGATIVE_INFINITY;
    if (this.greaterThan(Integer.MAX_SAFE_VALUE)) return Number.POSITIVE_INFINITY;
    return this.toNumber();
  }

  /**
   * The value written in `radix` (2 to 36, default 10), lower-case digits.
   * @throws {RangeError} when the radix is out of range
   */
  toString(radix) {
    radix = radix ?? 10;
    if (radix < 2 || radix > 36) throw new RangeError(`radix out of range: ${radix}`);
    return bigOf(this).toString(radix);
  }

  /** The primitive value, a BigInt, so that `<`, `>` and template strings work. */
  valueOf() {
    return this.toBigInt();
  }

  /** The high 32 bits, signed. */
  getHighBits() {
    return this.high;
  }

  /** The low 32 bits, signed. */
  getLowBits() {
    return this.low;
  }

  /** How many bits the absolute value needs (1 for zero, 64 for MIN_VALUE). */
  getNumBitsAbs() {
    const value = bigOf(this);
    return (value < 0n ? -value : value).toString(2).length;
  }

  /** Whether the value is zero. */
  isZero() {
    return this.high === 0 && this.low === 0;
  }

  /** Whether the value is below zero. */
  isNegative() {
    return this.high < 0;
  }

  /** Whether the value is zero or above. */
  isPositive() {
    return this.high >= 0;
  }

  /** Whether the value is odd. */
  isOdd() {
    return (this.low & 1) === 1;
  }

  /** Whether the value is even. */
  isEven() {
    return (this.low & 1) === 0;
  }

  /** Whether the value equals `other` (anything `Integer.fromValue` accepts). */
  equals(other) {
    return this.compare(other) === 0;
  }

  /** Whether the value differs from `other`. */
  notEquals(other) {
    return this.compare(other) !== 0;
  }

  /** Whether the value is less than `other`. */
  lessThan(other) {
    return this.compare(other) < 0;
  }

  /** Whether the value is less than or equal to `other`. */
  lessThanOrEqual(other) {
    return this.compare(other) <= 0;
  }

  /** Whether the value is greater than `other`. */
  greaterThan(other) {
    return this.compare(other) > 0;
  }

  /** Whether the value is greater than or equal to `other`. */
  greaterThanOrEqual(other) {
    return this.compare(other) >= 0;
  }

  /** -1, 0 or 1 as the value is less than, equal to or greater than `other`. */
  compare(other) {
    const a = bigOf(this);
    const b = bigOfValue(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The negated value (MIN_VALUE stays MIN_VALUE, as in 64-bit arithmetic). */
  negate() {
    return fromBig(-bigOf(this));
  }

  /** The sum, wrapped to 64 bits. */
  add(addend) {
    return fromBig(bigOf(this) + bigOfValue(addend));
  }

  /** The difference, wrapped to 64 bits. */
  subtract(subtrahend) {
    return fromBig(bigOf(this) - bigOfValue(subtrahend));
  }

  /** The product, wrapped to 64 bits. */
  multiply(multiplier) {
    return fromBig(bigOf(this) * bigOfValue(multiplier));
  }

  /**
   * The quotient, rounded towards zero (MIN_VALUE / -1 wraps to MIN_VALUE).
   * @throws {Error} on division by zero
   */
  div(divisor) {
    const d = bigOfValue(divisor);
    if (d === 0n) throw newError('division by zero');
    return fromBig(bigOf(this) / d);
  }

  /**
   * The remainder of `div`: it has the sign of this value.
   * @throws {Error} on division by zero
   */
  modulo(divisor) {
    const d = bigOfValue(divisor);
    if (d === 0n) throw newError('division by zero');
    return fromBig(bigOf(this) % d);
  }

  /** The bitwise complement. */
  not() {
    return new Integer(~this.low, ~this.high);
  }

  /** The bitwise AND. */
  and(other) {
    return fromBig(bigOf(this) & bigOfValue(other));
  }

  /** The bitwise OR. */
  or(other) {
    return fromBig(bigOf(this) | bigOfValue(other));
  }

  /** The bitwise XOR. */
  xor(other) {
    return fromBig(bigOf(this) ^ bigOfValue(other));
  }

  /** The value shifted left by `numBits` modulo 64, wrapped to 64 bits. */
  shiftLeft(numBits) {
    return fromBig(bigOf(this) << BigInt(Integer.toNumber(numBits) & 63));
  }

  /** The value shifted right by `numBits` modulo 64, keeping the sign (arithmetic shift). */
  shiftRight(numBits) {
    return fromBig(bigOf(this) >> BigInt(Integer.toNumber(numBits) & 63));
  }

  /**
   * Whether `obj` is an Integer, from this package or another copy of it or of the official
   * driver (they share the `__isInteger__` marker).
   */
  static isInteger(obj) {
    return obj?.__isInteger__ === true;
  }

  /** The Integer of a 32-bit value (`value | 0`). */
  static fromInt(value) {
    value |= 0;
    return new Integer(value, value < 0 ? -1 : 0);
  }

  /** The Integer made of the given signed 32-bit halves. */
  static fromBits(lowBits, highBits) {
    return new Integer(lowBits, highBits);
  }

  /**
   * The Integer of a number, fractions cut off towards zero; NaN and ±Infinity give ZERO,
   * values beyond the 64-bit range give MIN_VALUE or MAX_VALUE.
   */
  static fromNumber(value) {
    if (!isFinite(value)) return Integer.ZERO;
    if (value <= -TWO_PWR_63) return Integer.MIN_VALUE;
    if (value + 1 >= TWO_PWR_63) return Integer.MAX_VALUE;
    return fromBig(BigInt(Math.trunc(value)));
  }

  /**
   * The Integer written in `str` in `radix` (2 to 36, default 10), wrapped to 64 bits. 'NaN' and
   * '[+-]Infinity' give ZERO. As in the official driver the text is read in runs of eight
   * characters with `parseInt`, so without `strictStringValidation` malformed text gives an
   * unspecified value rather than an error; with it, every character must be a digit.
   * @throws {Error} for an empty string, a bad radix, a '-' after the start, or (strict) a non-digit
   */
  static fromString(str, radix, { strictStringValidation } = {}) {
    if (str.length === 0) throw newError('number format error: empty string');
    if (str === 'NaN' || str === 'Infinity' || str === '+Infinity' || str === '-Infinity') return Integer.ZERO;
    radix = radix ?? 10;
    if (radix < 2 || radix > 36) throw newError(`radix out of range: ${radix}`);
    const minus = str.indexOf('-');
    if (minus > 0) throw newError(`number format error: interior "-" character: ${str}`);
    if (minus === 0) return Integer.fromString(str.substring(1), radix, { strictStringValidation }).negate();
    let result = 0n;
    for (let i = 0; i < str.length; i += 8) {
      const chunk = str.substring(i, i + 8);
      const value = parseInt(chunk, radix);
      if (strictStringValidation === true && !isCanonicalChunk(chunk, value, radix)) {
        throw newError(`number format error: "${chunk}" is NaN in radix ${radix}: ${str}`);
      }
      result = result * BigInt(radix) ** BigInt(chunk.length) + BigInt(Number.isNaN(value) ? 0 : value);
    }
    return fromBig(result);
  }

  /**
   * An Integer from a number, a string (see `fromString`), a BigInt (wrapped to 64 bits), an
   * Integer (returned as is) or any `{ low, high }` object. `ceilFloat` rounds numbers up first.
   * @throws {TypeError} for null and undefined
   */
  static fromValue(val, opts = {}) {
    if (val instanceof Integer) return val;
    if (typeof val === 'number') return Integer.fromNumber(opts.ceilFloat === true ? Math.ceil(val) : val);
    if (typeof val === 'string') return Integer.fromString(val, undefined, opts);
    if (typeof val === 'bigint') return fromBig(val);
    return new Integer(val.low, val.high);
  }

  /** A number from anything `fromValue` accepts (numbers as they are, BigInts by `Number`). */
  static toNumber(val) {
    if (typeof val === 'number') return val;
    if (typeof val === 'bigint') return Number(val);
    return Integer.fromValue(val).toNumber();
  }

  /** The text, in `radix`, of anything `fromValue` accepts. */
  static toString(val, radix) {
    return Integer.fromValue(val).toString(radix);
  }

  /** Whether anything `fromValue` accepts converts to a number without loss. */
  static inSafeRange(val) {
    return Integer.fromValue(val).inSafeRange();
  }
}

/** Marks the class itself too, as the official class is marked. */
Integer.__isInteger__ = true;
Object.defineProperty(Integer.prototype, '__isInteger__', { value: true });

/** 0 */
Integer.ZERO = Integer.fromInt(0);
/** 1 */
Integer.ONE = Integer.fromInt(1);
/** -1 */
Integer.NEG_ONE = Integer.fromInt(-1);
/** 2^63 - 1 */
Integer.MAX_VALUE = new Integer(-1, 0x7fffffff);
/** -2^63 */
Integer.MIN_VALUE = new Integer(0, -0x80000000);
/** -(2^53 - 1), the least value a number holds exactly (Number.MIN_SAFE_INTEGER). */
Integer.MIN_SAFE_VALUE = fromBig(BigInt(Number.MIN_SAFE_INTEGER));
/** 2^53 - 1, the greatest value a number holds exactly (Number.MAX_SAFE_INTEGER). */
Integer.MAX_SAFE_VALUE = fromBig(BigInt(Number.MAX_SAFE_INTEGER));

/** `neo4j.int`: an Integer from a number, string, BigInt, Integer or `{ low, high }`. */
export const int = Integer.fromValue;
/** `neo4j.isInt`: whether a value is an Integer (of any copy of this or the official package). */
export const isInt = Integer.isInteger;
/** `neo4j.integer.inSafeRange`: whether a value converts to a number without loss. */
export const inSafeRange = Integer.inSafeRange;
/** `neo4j.integer.toNumber`: a value as a number. */
export const toNumber = Integer.toNumber;
/** `neo4j.integer.toString`: a value as text in a radix. */
export const toString = Integer.toString;

export default Integer;
