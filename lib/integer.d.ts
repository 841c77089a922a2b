// Types of lib/integer.js: the 64-bit Integer, as neo4j-driver declares it.

/** The ways an integer field arrives: Integer by default, number or BigInt as configured. */
export type NumberOrInteger = number | Integer | bigint;

/** Anything `int()` accepts. */
export type Integerable = number | string | Integer | { low: number; high: number } | bigint;

/** A signed 64-bit integer stored as two signed 32-bit halves; arithmetic wraps at 64 bits. */
export declare class Integer {
  low: number;
  high: number;
  constructor(low?: number, high?: number);
  inSafeRange(): boolean;
  toInt(): number;
  toNumber(): number;
  toBigInt(): bigint;
  toNumberOrInfinity(): number;
  toString(radix?: number): string;
  valueOf(): bigint;
  getHighBits(): number;
  getLowBits(): number;
  getNumBitsAbs(): number;
  isZero(): boolean;
  isNegative(): boolean;
  isPositive(): boolean;
  isOdd(): boolean;
  isEven(): boolean;
  equals(other: Integerable): boolean;
  notEquals(other: Integerable): boolean;
  lessThan(other: Integerable): boolean;
  lessThanOrEqual(other: Integerable): boolean;
  greaterThan(other: Integerable): boolean;
  greaterThanOrEqual(other: Integerable): boolean;
  compare(other: Integerable): number;
  negate(): Integer;
  add(addend: Integerable): Integer;
  subtract(subtrahend: Integerable): Integer;
  multiply(multiplier: Integerable): Integer;
  div(divisor: Integerable): Integer;
  modulo(divisor: Integerable): Integer;
  not(): Integer;
  and(other: Integerable): Integer;
  or(other: Integerable): Integer;
  xor(other: Integerable): Integer;
  shiftLeft(numBits: number | Integer): Integer;
  shiftRight(numBits: number | Integer): Integer;

  static ZERO: Integer;
  static ONE: Integer;
  static NEG_ONE: Integer;
  static MAX_VALUE: Integer;
  static MIN_VALUE: Integer;
  static MIN_SAFE_VALUE: Integer;
  static MAX_SAFE_VALUE: Integer;
  static __isInteger__: boolean;
  static isInteger(obj: any): obj is Integer;
  static fromInt(value: number): Integer;
  static fromBits(lowBits: number, highBits: number): Integer;
  static fromNumber(value: number): Integer;
  static fromString(str: string, radix?: number, opts?: { strictStringValidation?: boolean }): Integer;
  static fromValue(val: Integerable, opts?: { strictStringValidation?: boolean; ceilFloat?: boolean }): Integer;
  static toNumber(val: Integerable): number;
  static toString(val: Integerable, radix?: number): string;
  static inSafeRange(val: Integerable): boolean;
}

/** `neo4j.int`: an Integer from a number, string, BigInt, Integer or `{ low, high }`. */
export declare const int: typeof Integer.fromValue;
/** `neo4j.isInt`: whether a value is an Integer (of any copy of this or the official package). */
export declare const isInt: typeof Integer.isInteger;
/** `neo4j.integer.inSafeRange`: whether a value converts to a number without loss. */
export declare const inSafeRange: typeof Integer.inSafeRange;
/** `neo4j.integer.toNumber`: a value as a number. */
export declare const toNumber: typeof Integer.toNumber;
/** `neo4j.integer.toString`: a value as text in a radix. */
export declare const toString: typeof Integer.toString;

export default Integer;
