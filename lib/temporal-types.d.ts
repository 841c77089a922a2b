// Types of lib/temporal-types.js: the temporal values, as neo4j-driver declares them, and the
// time-zone helpers the driver uses for DateTimes with a zone id.

import type { Integer, NumberOrInteger } from './integer.js';

/** A JavaScript Date (this package's `Date` is the Cypher DATE value). */
export type StandardDate = globalThis.Date;

/** An amount of time: months, days, seconds and nanoseconds. */
export declare class Duration<T extends NumberOrInteger = Integer> {
  readonly months: T;
  readonly days: T;
  readonly seconds: T;
  readonly nanoseconds: T;
  constructor(months: T, days: T, seconds: T, nanoseconds: T);
  static fromString(str: string): Duration;
  toString(): string;
}

/** A time of day without a time zone. */
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

/** A time of day with an offset from UTC. */
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

/** A date (the Cypher DATE), without a time or time zone. */
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

/** A date and time without a time zone. */
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

/** A date and time with an offset from UTC, a zone id, or both. */
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

/**
 * Internal: the wall-clock date and time in an IANA zone at `epochSecondsUtc`, from the
 * runtime's time-zone database.
 * @throws {RangeError} for an unknown zone id or an instant outside the JavaScript Date range
 */
export declare function localFields(timeZoneId: string, epochSecondsUtc: NumberOrInteger): {
  year: number; month: number; day: number; hour: number; minute: number; second: number; offsetSeconds: number;
};

/** Internal: an IANA zone's offset from UTC, in seconds, at `epochSecondsUtc` (see `localFields`). */
export declare function zoneOffsetSeconds(timeZoneId: string, epochSecondsUtc: NumberOrInteger): number;
