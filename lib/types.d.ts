// Type declarations for the value types: lib/integer.js, lib/graph-types.js,
// lib/temporal-types.js, lib/spatial-types.js, lib/vector.js and lib/uuid.js. They follow the official
// neo4j-driver typings, so code typed against that package compiles against these.

/** A JavaScript Date (this package's `Date` is the Cypher DATE value). */
export type StandardDate = globalThis.Date;

/** The ways an integer field arrives: Integer by default, number or BigInt as configured. */
export type NumberOrInteger = number | Integer | bigint;

/** Anything `int()` accepts. */
export type Integerable = number | string | Integer | { low: number; high: number } | bigint;

/** A node's or relationship's properties. */
export interface Properties {
  [key: string]: any;
}

// --- lib/integer.js ----------------------------------------------------------------------------

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

export declare const int: typeof Integer.fromValue;
export declare const isInt: typeof Integer.isInteger;
export declare const inSafeRange: typeof Integer.inSafeRange;
export declare const toNumber: typeof Integer.toNumber;
export declare const toString: typeof Integer.toString;

// --- lib/graph-types.js ------------------------------------------------------------------------

export declare class Node<T extends NumberOrInteger = Integer, P extends Properties = Properties, Label extends string = string> {
  identity: T;
  labels: Label[];
  properties: P;
  elementId: string;
  constructor(identity: T, labels: Label[], properties: P, elementId?: string);
  toString(): string;
}

export declare class Relationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string> {
  identity: T;
  start: T;
  end: T;
  type: Type;
  properties: P;
  elementId: string;
  startNodeElementId: string;
  endNodeElementId: string;
  constructor(identity: T, start: T, end: T, type: Type, properties: P, elementId?: string,
    startNodeElementId?: string, endNodeElementId?: string);
  toString(): string;
}

export declare class UnboundRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string> {
  identity: T;
  type: Type;
  properties: P;
  elementId: string;
  constructor(identity: T, type: Type, properties: any, elementId?: string);
  bind(start: T, end: T): Relationship<T>;
  bindTo(start: Node<T>, end: Node<T>): Relationship<T>;
  toString(): string;
}

export declare class PathSegment<T extends NumberOrInteger = Integer> {
  start: Node<T>;
  relationship: Relationship<T>;
  end: Node<T>;
  constructor(start: Node<T>, rel: Relationship<T>, end: Node<T>);
}

export declare class Path<T extends NumberOrInteger = Integer> {
  start: Node<T>;
  end: Node<T>;
  segments: Array<PathSegment<T>>;
  length: number;
  constructor(start: Node<T>, end: Node<T>, segments: Array<PathSegment<T>>);
}

export declare function isNode<T extends NumberOrInteger = Integer, P extends Properties = Properties, Label extends string = string>(obj: unknown): obj is Node<T, P, Label>;
export declare function isRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string>(obj: unknown): obj is Relationship<T, P, Type>;
export declare function isUnboundRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string>(obj: unknown): obj is UnboundRelationship<T, P, Type>;
export declare function isPathSegment<T extends NumberOrInteger = Integer>(obj: unknown): obj is PathSegment<T>;
export declare function isPath<T extends NumberOrInteger = Integer>(obj: unknown): obj is Path<T>;

// --- lib/temporal-types.js ---------------------------------------------------------------------

export declare class Duration<T extends NumberOrInteger = Integer> {
  readonly months: T;
  readonly days: T;
  readonly seconds: T;
  readonly nanoseconds: T;
  constructor(months: T, days: T, seconds: T, nanoseconds: T);
  static fromString(str: string): Duration;
  toString(): string;
}

export declare class LocalTime<T extends NumberOrInteger = Integer> {
  readonly hour: T;
  readonly minute: T;
  readonly second: T;
  readonly nanosecond: T;
  constructor(hour: T, minute: T, second: T, nanosecond: T);
  static fromStandardDate(standardDate: StandardDate, nanosecond?: NumberOrInteger): LocalTime<number>;
  static fromString(str: string): LocalTime;
  toString(): string;
}

export declare class Time<T extends NumberOrInteger = Integer> {
  readonly hour: T;
  readonly minute: T;
  readonly second: T;
  readonly nanosecond: T;
  readonly timeZoneOffsetSeconds: T;
  constructor(hour: T, minute: T, second: T, nanosecond: T, timeZoneOffsetSeconds: T);
  static fromStandardDate(standardDate: StandardDate, nanosecond?: NumberOrInteger): Time<number>;
  static fromString(str: string): Time;
  toString(): string;
}

export declare class Date<T extends NumberOrInteger = Integer> {
  readonly year: T;
  readonly month: T;
  readonly day: T;
  constructor(year: T, month: T, day: T);
  static fromStandardDate(standardDate: StandardDate): Date<number>;
  static fromStandardDateLocal(standardDate: StandardDate): Date<number>;
  static fromStandardDateUTC(standardDate: StandardDate): Date<number>;
  static fromString(str: string): Date;
  toStandardDate(): StandardDate;
  toString(): string;
}

export declare class LocalDateTime<T extends NumberOrInteger = Integer> {
  readonly year: T;
  readonly month: T;
  readonly day: T;
  readonly hour: T;
  readonly minute: T;
  readonly second: T;
  readonly nanosecond: T;
  constructor(year: T, month: T, day: T, hour: T, minute: T, second: T, nanosecond: T);
  static fromStandardDate(standardDate: StandardDate, nanosecond?: NumberOrInteger): LocalDateTime<number>;
  static fromString(str: string): LocalDateTime;
  toStandardDate(): StandardDate;
  toString(): string;
}

export declare class DateTime<T extends NumberOrInteger = Integer> {
  readonly year: T;
  readonly month: T;
  readonly day: T;
  readonly hour: T;
  readonly minute: T;
  readonly second: T;
  readonly nanosecond: T;
  readonly timeZoneOffsetSeconds?: T;
  readonly timeZoneId?: string;
  constructor(year: T, month: T, day: T, hour: T, minute: T, second: T, nanosecond: T,
    timeZoneOffsetSeconds?: T, timeZoneId?: string | null);
  static fromStandardDate(standardDate: StandardDate, nanosecond?: NumberOrInteger): DateTime<number>;
  static fromString(str: string): DateTime;
  toStandardDate(): StandardDate;
  toString(): string;
}

export declare function isDuration<T extends NumberOrInteger = Integer>(obj: unknown): obj is Duration<T>;
export declare function isLocalTime<T extends NumberOrInteger = Integer>(obj: unknown): obj is LocalTime<T>;
export declare function isTime<T extends NumberOrInteger = Integer>(obj: unknown): obj is Time<T>;
export declare function isDate<T extends NumberOrInteger = Integer>(obj: unknown): obj is Date<T>;
export declare function isLocalDateTime<T extends NumberOrInteger = Integer>(obj: unknown): obj is LocalDateTime<T>;
export declare function isDateTime<T extends NumberOrInteger = Integer>(obj: unknown): obj is DateTime<T>;

// --- lib/spatial-types.js ----------------------------------------------------------------------

export declare class Point<T extends NumberOrInteger = Integer> {
  readonly srid: T;
  readonly x: number;
  readonly y: number;
  readonly z: number | undefined;
  constructor(srid: T, x: number, y: number, z?: number);
  toString(): string;
}

export declare function isPoint<T extends NumberOrInteger = Integer>(obj: unknown): obj is Point<T>;

// --- lib/vector.js -----------------------------------------------------------------------------

export type VectorType = 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64';

type VectorArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array;

export declare class Vector<K extends VectorArray = VectorArray> {
  _typedArray: K;
  _type: VectorType;
  constructor(typedArray: K);
  asTypedArray(): K;
  getType(): VectorType;
  toString(): string;
}

export declare function vector<K extends VectorArray>(typedArray: K): Vector<K>;
export declare function isVector<K extends VectorArray = VectorArray>(obj: any): obj is Vector<K>;

// --- lib/uuid.js -------------------------------------------------------------------------------

/** A UUID value (Bolt 6.1+): 16 bytes. Frozen. */
export declare class UUID {
  readonly _typedArray: Uint8Array;
  constructor(typedArray: Uint8Array);
  getTypedArray(): Uint8Array;
  /** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case. */
  toString(): string;
  static fromString(uuidString: string): UUID;
}

export declare function uuid(rawUUID: Uint8Array | string): UUID;
export declare function isUUID(obj: any): obj is UUID;
