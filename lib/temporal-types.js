// Temporal values (Duration, LocalTime, Time, Date, LocalDateTime, DateTime) with the official
// driver's fields, validation, ISO text forms, parsing and conversions to and from JavaScript
// dates; and the time-zone helpers the driver uses for DateTimes with a zone id, built on
// Intl.DateTimeFormat (the runtime's own time-zone database).
//
// Fields are numbers, Integers or BigInts and are kept as given. Calculations convert them to
// BigInt first, the way `int()` converts them (numbers lose their fraction).

import { int, toNumber } from './integer.js';
import { stringify } from './graph-types.js';
import { assertNumberOrInteger } from './spatial-types.js';
import { newError } from './error.js';

/** JavaScript's own Date, which this module's `Date` class hides. */
const StandardDate = globalThis.Date;

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MINUTE = 60n * NANOS_PER_SECOND;
const NANOS_PER_HOUR = 60n * NANOS_PER_MINUTE;
const NANOS_PER_MILLISECOND = 1_000_000n;
const SECONDS_PER_DAY = 86_400n;

/** The furthest instant from the epoch, in seconds, that a JavaScript Date holds. */
const MAX_DATE_SECONDS = 8_640_000_000_000;

/** A field (number, Integer or BigInt) as a BigInt. */
function big(value) {
  return int(value).toBigInt();
}

/** The BigInt `value` as the kind of `like`: a number, a BigInt or an Integer (64-bit wrapped). */
function sameKind(value, like) {
  if (typeof like === 'number') return int(value).toNumber();
  if (typeof like === 'bigint') return BigInt.asIntN(64, value);
  return int(value);
}

/** `a` modulo positive `b`, in [0, b). */
function floorMod(a, b) {
  return ((a % b) + b) % b;
}

/** `a` divided by positive `b`, rounded down. */
function floorDiv(a, b) {
  return (a - floorMod(a, b)) / b;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (BigInts; days past the month's end carry on). */
function epochDay(year, month, day) {
  const y = month <= 2n ? year - 1n : year;
  const era = floorDiv(y, 400n);
  const yearOfEra = y - era * 400n;
  const dayOfYear = (153n * ((month + 9n) % 12n) + 2n) / 5n + day - 1n;
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear;
  return era * 146_097n + dayOfEra - 719_468n;
}

/** Seconds from the epoch to a wall-clock date and time read as UTC (all BigInts). */
function epochSecond(year, month, day, hour, minute, second) {
  return epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600n + minute * 60n + second;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Inclusive ranges of the date and time fields, by the name their messages use. */
const RANGES = {
  Year: [-999_999_999, 999_999_999],
  Month: [1, 12],
  Day: [1, 31],
  Hour: [0, 23],
  Minute: [0, 59],
  Second: [0, 59],
  Nanosecond: [0, 999_999_999],
};

/**
 * Returns `value` if it is a number, Integer or BigInt within the named field's range.
 * @throws {TypeError} for another type
 * @throws {Error} `<name> is expected to be in range [min, max] but was: <value>`
 */
function checkField(name, value) {
  assertNumberOrInteger(value, name);
  const [min, max] = RANGES[name];
  const comparable = typeof value === 'number' ? value : big(value);
  if (!(comparable >= min && comparable <= max)) {
    throw newError(`${name} is expected to be in range [${min}, ${max}] but was: ${value.toString()}`);
  }
  return value;
}

/**
 * Checks a JavaScript Date (and an optional extra nanosecond count) given to `fromStandardDate`.
 * @throws {TypeError} when it is not a valid Date, or the nanoseconds are not a number or Integer
 */
function checkStandardDate(standardDate, nanosecond) {
  if (Object.prototype.toString.call(standardDate) !== '[object Date]') {
    throw new TypeError(`Standard date expected to be a standard JavaScript Date but was: ${stringify(standardDate)}`);
  }
  if (Number.isNaN(standardDate.getTime())) {
    throw new TypeError(`Standard date expected to be valid JavaScript Date but its time was NaN: ${stringify(standardDate)}`);
  }
  if (nanosecond !== null && nanosecond !== undefined) assertNumberOrInteger(nanosecond, 'Nanosecond');
}

/**
 * A DateTime's offset and zone id, checked: at least one must be given; the offset must be a
 * number or Integer, the id a zone id the runtime knows. Missing ones become undefined.
 * @throws {Error|TypeError}
 */
function checkZone(timeZoneOffsetSeconds, timeZoneId) {
  const hasOffset = timeZoneOffsetSeconds !== null && timeZoneOffsetSeconds !== undefined;
  const hasId = timeZoneId !== null && timeZoneId !== undefined && timeZoneId !== '';
  if (!hasOffset && !hasId) {
    throw newError('Unable to create DateTime without either time zone offset or id. Please specify either of them. ' +
      `Given offset: ${timeZoneOffsetSeconds} and id: ${timeZoneId}`);
  }
  if (hasOffset) assertNumberOrInteger(timeZoneOffsetSeconds, 'Time zone offset in seconds');
  if (hasId) {
    if (Object.prototype.toString.call(timeZoneId) !== '[object String]') {
      throw new TypeError(`"Time zone ID" expected to be string but was: ${stringify(timeZoneId)}`);
    }
    if (zoneFormat(timeZoneId) === null) {
      throw newError(`Time zone ID is expected to be a valid ZoneId but was: "${timeZoneId}"`);
    }
  }
  return [hasOffset ? timeZoneOffsetSeconds : undefined, hasId ? timeZoneId : undefined];
}

// ---------------------------------------------------------------------------------------------
// ISO text

/** A BigInt's digits, zero-padded to `width`, with '-' before a negative one. */
function pad(value, width) {
  const digits = (value < 0n ? -value : value).toString().padStart(width, '0');
  return value < 0n ? `-${digits}` : digits;
}

/** `.nnnnnnnnn` for a non-zero nanosecond count, '' for zero. */
function fractionText(nanos) {
  return nanos === 0n ? '' : `.${pad(nanos, 9)}`;
}

/** `YYYY-MM-DD`; years before 0 or after 9999 as `±YYYYYY`. */
function dateText(year, month, day) {
  const y = big(year);
  const yearText = y < 0n || y > 9999n ? (y < 0n ? '' : '+') + pad(y, 6) : pad(y, 4);
  return `${yearText}-${pad(big(month), 2)}-${pad(big(day), 2)}`;
}

/** `HH:MM:SS[.nnnnnnnnn]` */
function timeText(hour, minute, second, nanosecond) {
  return `${pad(big(hour), 2)}:${pad(big(minute), 2)}:${pad(big(second), 2)}${fractionText(big(nanosecond))}`;
}

/** `Z` for zero, else `±HH:MM`, or `±HH:MM:SS` when there are odd seconds. */
function offsetText(offsetSeconds) {
  const offset = big(offsetSeconds);
  if (offset === 0n) return 'Z';
  const abs = offset < 0n ? -offset : offset;
  const seconds = abs % 60n;
  return `${offset < 0n ? '-' : '+'}${pad(abs / 3600n, 2)}:${pad((abs / 60n) % 60n, 2)}${seconds === 0n ? '' : `:${pad(seconds, 2)}`}`;
}

/**
 * `P[nY][nM][nD]T[nH][nM][n[.nnnnnnnnn]S]`, or `PT0S` for a zero duration. Months are split
 * into years and months, seconds into hours, minutes and seconds, each keeping the sign of the
 * whole. Negative seconds with nanoseconds are written as one negative decimal: seconds -3
 * and nanoseconds 250000000 (-2.75 s) as `-2.750000000S`, seconds -1 and nanoseconds 750000000
 * as `-0.250000000S`.
 */
function durationText(months, days, seconds, nanoseconds) {
  const [m, d, s, ns] = [months, days, seconds, nanoseconds].map(big);
  if (m === 0n && d === 0n && s === 0n && ns === 0n) return 'PT0S';
  const borrow = s < 0n && ns > 0n;
  const whole = borrow ? s + 1n : s;
  const secondsText = (borrow && whole % 60n === 0n ? '-0' : String(whole % 60n)) + fractionText(borrow ? NANOS_PER_SECOND - ns : ns);
  const part = (value, unit) => (value === 0n ? '' : `${value}${unit}`);
  return `P${part(m / 12n, 'Y')}${part(m % 12n, 'M')}${part(d, 'D')}T${part(whole / 3600n, 'H')}` +
    `${part((whole / 60n) % 60n, 'M')}${secondsText === '0' ? '' : `${secondsText}S`}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const DATE = String.raw`([+-]\d{5,}|\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?(?:\.(\d+))?`;
const OFFSET = String.raw`(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)`;
const NUMBER = String.raw`(-?(?:\d+(?:\.\d*)?|\.\d+))`;
const DATE_PATTERN = new RegExp(`^${DATE}$`);
const LOCAL_TIME_PATTERN = new RegExp(`^[Tt]?${TIME}$`);
const TIME_PATTERN = new RegExp(`^[Tt]?${TIME}${OFFSET}$`);
const LOCAL_DATE_TIME_PATTERN = new RegExp(`^${DATE}[Tt]${TIME}$`);
const DATE_TIME_PATTERN = new RegExp(String.raw`^${DATE}[Tt]${TIME}${OFFSET}?(?:\[([^\]]*)\])?$`);
const DURATION_PATTERN = new RegExp(`^([-+]?)P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?` +
  `(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`, 'i');

/** A string of decimal digits (with an optional sign; undefined for 0) as an Integer. */
function integerOf(text) {
  return int(BigInt(text ?? 0));
}

/**
 * The nanoseconds in the decimal fraction `0.<digits>` of a unit of `unitNanos` nanoseconds,
 * cut off (or rounded half up) to a whole nanosecond.
 */
function fractionNanos(digits, unitNanos, round = false) {
  if (!digits) return 0n;
  const scale = 10n ** BigInt(digits.length);
  const nanos = BigInt(digits) * unitNanos;
  return round ? ((2n * nanos) / scale + 1n) / 2n : nanos / scale;
}

/**
 * Hour, minute, second and nanosecond Integers from parsed text: a fraction belongs to the last
 * field given (`10.5` is 10:30, `10:30.5` is 10:30:30), computed exactly.
 */
function clockFields(hour, minute, second, fraction) {
  const unit = second !== undefined ? NANOS_PER_SECOND : minute !== undefined ? NANOS_PER_MINUTE : NANOS_PER_HOUR;
  const extra = fractionNanos(fraction, unit);
  return [
    BigInt(hour),
    BigInt(minute ?? 0) + extra / NANOS_PER_MINUTE,
    BigInt(second ?? 0) + (extra % NANOS_PER_MINUTE) / NANOS_PER_SECOND,
    extra % NANOS_PER_SECOND,
  ].map((value) => int(value));
}

/** Offset seconds (an Integer) from parsed text: 'Z', or a sign with hours and optional minutes and seconds. */
function offsetOf(zulu, sign, hours, minutes, seconds) {
  if (zulu) return int(0);
  return int((sign === '-' ? -1 : 1) * (Number(hours) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)));
}

/**
 * Checks that a parsed Duration component is whole.
 * @throws {Error} when it is not
 */
function checkWhole(value, field) {
  if (!Number.isInteger(value)) {
    throw new Error(`Parsing Duration field: ${field} resulted in a non-integer value. Bolt protocol can only send ` +
      'durations which can be simplified to integer values of months, days, seconds and nanoseconds.');
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions to and from JavaScript dates

/** The wall-clock time of a JavaScript Date in the runtime's zone, as epoch milliseconds read as UTC. */
function localWallClockMillis(standardDate) {
  const days = epochDay(BigInt(standardDate.getFullYear()), BigInt(standardDate.getMonth() + 1), BigInt(standardDate.getDate()));
  return Number(days) * 86_400_000 + standardDate.getHours() * 3_600_000 + standardDate.getMinutes() * 60_000 +
    standardDate.getSeconds() * 1000 + standardDate.getMilliseconds();
}

/** The runtime zone's offset from UTC, in seconds, at a JavaScript Date. */
function standardDateOffsetSeconds(standardDate) {
  return (localWallClockMillis(standardDate) - standardDate.getTime()) / 1000;
}

/** A JavaScript Date's milliseconds as nanoseconds plus `nanosecond` (if given), as a number. */
function standardDateNanos(standardDate, nanosecond) {
  return toNumber(nanosecond ?? 0) + standardDate.getMilliseconds() * 1_000_000;
}

// ---------------------------------------------------------------------------------------------
// The types

/**
 * An amount of time: months, days, seconds and nanoseconds, kept apart because their lengths
 * vary (a month or a day is not a fixed number of seconds). Nanoseconds are normalised into
 * [0, 10^9), the whole seconds among them moved to `seconds`; each keeps its given kind
 * (number, Integer or BigInt). Immutable.
 */
export class Duration {
  /**
   * @param {Integer|number|bigint} months
   * @param {Integer|number|bigint} days
   * @param {Integer|number|bigint} seconds
   * @param {Integer|number|bigint} nanoseconds
   * @throws {TypeError} when a field is not a number, Integer or BigInt
   */
  constructor(months, days, seconds, nanoseconds) {
    this.months = assertNumberOrInteger(months, 'Months');
    this.days = assertNumberOrInteger(days, 'Days');
    assertNumberOrInteger(seconds, 'Seconds');
    assertNumberOrInteger(nanoseconds, 'Nanoseconds');
    const nanos = big(nanoseconds);
    this.seconds = sameKind(big(seconds) + floorDiv(nanos, NANOS_PER_SECOND), seconds);
    this.nanoseconds = sameKind(floorMod(nanos, NANOS_PER_SECOND), nanoseconds);
    Object.freeze(this);
  }

  /**
   * Parses an ISO 8601 duration such as `P1Y2M3W4DT5H6M7.5S` or `-PT1.5S` (Integer fields).
   * Designators may be lower-case, a comma may stand for the decimal point, components may have
   * fractions and signs; a leading '-' negates the whole duration. Fractions must add up to
   * whole months, days and seconds (seconds' fractions are rounded to nanoseconds).
   * @throws {Error} when the text is not such a duration
   */
  static fromString(str) {
    if (str.slice(-1).toUpperCase() === 'T') {
      throw new Error(`Duration string '${str}' ends with 'T', time delimiter must be excluded if Duration contains no time components`);
    }
    const match = DURATION_PATTERN.exec(str.replace(/,/g, '.'));
    if (match === null || match.slice(2).every((component) => component === undefined)) {
      throw new Error(`Duration could not be parsed from string: ${str}`);
    }
    const [, sign, years, months, weeks, days, hours, minutes, seconds = '0'] = match;
    const number = (text) => (text === undefined ? 0 : parseFloat(text));
    const monthCount = number(years) * 12 + number(months);
    const dayCount = number(weeks) * 7 + number(days);
    const clockSeconds = number(hours) * 3600 + number(minutes) * 60;
    checkWhole(monthCount, 'Months');
    checkWhole(dayCount, 'Days');
    checkWhole(clockSeconds, 'Seconds');
    const [whole, fraction] = seconds.replace('-', '').split('.');
    const secondsSign = seconds.startsWith('-') ? -1n : 1n;
    const negate = sign === '-' ? -1n : 1n;
    return new Duration(
      int(negate * BigInt(monthCount)),
      int(negate * BigInt(dayCount)),
      int(negate * (BigInt(clockSeconds) + secondsSign * BigInt(whole || 0))),
      int(negate * secondsSign * fractionNanos(fraction, NANOS_PER_SECOND, true)),
    );
  }

  /** ISO 8601, e.g. `P1Y2M3DT4H5M6.500000000S`; `PT0S` when zero. */
  toString() {
    return durationText(this.months, this.days, this.seconds, this.nanoseconds);
  }
}
Object.defineProperty(Duration.prototype, '__isDuration__', { value: true });

/** Whether `obj` is a Duration (of either package). */
export function isDuration(obj) {
  return obj?.__isDuration__ === true;
}

/** A time of day without a time zone. Immutable. */
export class LocalTime {
  /**
   * @param {Integer|number|bigint} hour 0 to 23
   * @param {Integer|number|bigint} minute 0 to 59
   * @param {Integer|number|bigint} second 0 to 59
   * @param {Integer|number|bigint} nanosecond 0 to 999999999
   * @throws {TypeError|Error} when a field has the wrong type or is out of range
   */
  constructor(hour, minute, second, nanosecond) {
    this.hour = checkField('Hour', hour);
    this.minute = checkField('Minute', minute);
    this.second = checkField('Second', second);
    this.nanosecond = checkField('Nanosecond', nanosecond);
    Object.freeze(this);
  }

  /**
   * The local time of day of a JavaScript Date (in the runtime's zone), with number fields;
   * `nanosecond` is added to the Date's milliseconds.
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDate(standardDate, nanosecond) {
    checkStandardDate(standardDate, nanosecond);
    return new LocalTime(standardDate.getHours(), standardDate.getMinutes(), standardDate.getSeconds(),
      standardDateNanos(standardDate, nanosecond));
  }

  /**
   * Parses `HH:MM:SS.nnnnnnnnn`, `HHMMSS` and shorter forms (a fraction applies to the last field
   * given), optionally after a `T` (Integer fields).
   * @throws {Error} when the text is not such a time
   */
  static fromString(str) {
    const match = LOCAL_TIME_PATTERN.exec(str.replace(/,/g, '.'));
    if (match === null) throw new Error('LocalTime could not be parsed from string');
    return new LocalTime(...clockFields(...match.slice(1, 5)));
  }

  /** `HH:MM:SS[.nnnnnnnnn]` */
  toString() {
    return timeText(this.hour, this.minute, this.second, this.nanosecond);
  }
}
Object.defineProperty(LocalTime.prototype, '__isLocalTime__', { value: true });

/** Whether `obj` is a LocalTime (of either package). */
export function isLocalTime(obj) {
  return obj?.__isLocalTime__ === true;
}

/** A time of day with an offset from UTC in seconds. Immutable. */
export class Time {
  /**
   * @param {Integer|number|bigint} hour 0 to 23
   * @param {Integer|number|bigint} minute 0 to 59
   * @param {Integer|number|bigint} second 0 to 59
   * @param {Integer|number|bigint} nanosecond 0 to 999999999
   * @param {Integer|number|bigint} timeZoneOffsetSeconds e.g. 3600 for +01:00
   * @throws {TypeError|Error} when a field has the wrong type or is out of range
   */
  constructor(hour, minute, second, nanosecond, timeZoneOffsetSeconds) {
    this.hour = checkField('Hour', hour);
    this.minute = checkField('Minute', minute);
    this.second = checkField('Second', second);
    this.nanosecond = checkField('Nanosecond', nanosecond);
    this.timeZoneOffsetSeconds = assertNumberOrInteger(timeZoneOffsetSeconds, 'Time zone offset in seconds');
    Object.freeze(this);
  }

  /**
   * The time of day of a JavaScript Date in the runtime's zone, with that zone's offset at that
   * moment, as number fields; `nanosecond` is added to the Date's milliseconds.
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDate(standardDate, nanosecond) {
    checkStandardDate(standardDate, nanosecond);
    return new Time(standardDate.getHours(), standardDate.getMinutes(), standardDate.getSeconds(),
      standardDateNanos(standardDate, nanosecond), standardDateOffsetSeconds(standardDate));
  }

  /**
   * Parses a time as `LocalTime.fromString` does, followed by `Z` or an offset `±HH[:MM[:SS]]`
   * (Integer fields).
   * @throws {Error} when the text is not such a time
   */
  static fromString(str) {
    const match = TIME_PATTERN.exec(str.replace(/,/g, '.'));
    if (match === null) throw new Error('Time could not be parsed from string');
    return new Time(...clockFields(...match.slice(1, 5)), offsetOf(...match.slice(5, 10)));
  }

  /** `HH:MM:SS[.nnnnnnnnn]` then `Z` or `±HH:MM[:SS]` */
  toString() {
    return timeText(this.hour, this.minute, this.second, this.nanosecond) + offsetText(this.timeZoneOffsetSeconds);
  }
}
Object.defineProperty(Time.prototype, '__isTime__', { value: true });

/** Whether `obj` is a Time (of either package). */
export function isTime(obj) {
  return obj?.__isTime__ === true;
}

/** A calendar date (proleptic Gregorian) without a time zone. Immutable. */
export class Date {
  /**
   * @param {Integer|number|bigint} year -999999999 to 999999999
   * @param {Integer|number|bigint} month 1 to 12
   * @param {Integer|number|bigint} day 1 to 31
   * @throws {TypeError|Error} when a field has the wrong type or is out of range
   */
  constructor(year, month, day) {
    this.year = checkField('Year', year);
    this.month = checkField('Month', month);
    this.day = checkField('Day', day);
    Object.freeze(this);
  }

  /** Same as `fromStandardDateLocal`. */
  static fromStandardDate(standardDate) {
    return this.fromStandardDateLocal(standardDate);
  }

  /**
   * The date of a JavaScript Date in the runtime's zone (number fields).
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDateLocal(standardDate) {
    checkStandardDate(standardDate);
    return new Date(standardDate.getFullYear(), standardDate.getMonth() + 1, standardDate.getDate());
  }

  /**
   * The date of a JavaScript Date in UTC (number fields).
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDateUTC(standardDate) {
    checkStandardDate(standardDate);
    return new Date(standardDate.getUTCFullYear(), standardDate.getUTCMonth() + 1, standardDate.getUTCDate());
  }

  /** A JavaScript Date at midnight UTC of this date (Invalid Date beyond the years it holds). */
  toStandardDate() {
    const standardDate = new StandardDate(0);
    standardDate.setUTCFullYear(Number(big(this.year)), Number(big(this.month)) - 1, Number(big(this.day)));
    return standardDate;
  }

  /**
   * Parses `YYYY-MM-DD` or `±YYYYY-MM-DD` (five or more digits) (Integer fields).
   * @throws {Error} when the text is not such a date
   */
  static fromString(str) {
    const match = DATE_PATTERN.exec(str);
    if (match === null) {
      throw new Error("Date could not be parsed from string. Expects date in format 'YYYY-MM-DD' or '[+|-]YYYYY-MM-DD'");
    }
    return new Date(...match.slice(1, 4).map(integerOf));
  }

  /** `YYYY-MM-DD`, years before 0 or after 9999 as `±YYYYYY` */
  toString() {
    return dateText(this.year, this.month, this.day);
  }
}
Object.defineProperty(Date.prototype, '__isDate__', { value: true });

/** Whether `obj` is a Date (this module's, of either package; not a JavaScript Date). */
export function isDate(obj) {
  return obj?.__isDate__ === true;
}

/** A date and time of day without a time zone. Immutable. */
export class LocalDateTime {
  /**
   * @param {Integer|number|bigint} year -999999999 to 999999999
   * @param {Integer|number|bigint} month 1 to 12
   * @param {Integer|number|bigint} day 1 to 31
   * @param {Integer|number|bigint} hour 0 to 23
   * @param {Integer|number|bigint} minute 0 to 59
   * @param {Integer|number|bigint} second 0 to 59
   * @param {Integer|number|bigint} nanosecond 0 to 999999999
   * @throws {TypeError|Error} when a field has the wrong type or is out of range
   */
  constructor(year, month, day, hour, minute, second, nanosecond) {
    this.year = checkField('Year', year);
    this.month = checkField('Month', month);
    this.day = checkField('Day', day);
    this.hour = checkField('Hour', hour);
    this.minute = checkField('Minute', minute);
    this.second = checkField('Second', second);
    this.nanosecond = checkField('Nanosecond', nanosecond);
    Object.freeze(this);
  }

  /**
   * The wall-clock date and time of a JavaScript Date in the runtime's zone (number fields);
   * `nanosecond` is added to the Date's milliseconds.
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDate(standardDate, nanosecond) {
    checkStandardDate(standardDate, nanosecond);
    return new LocalDateTime(standardDate.getFullYear(), standardDate.getMonth() + 1, standardDate.getDate(),
      standardDate.getHours(), standardDate.getMinutes(), standardDate.getSeconds(),
      standardDateNanos(standardDate, nanosecond));
  }

  /**
   * A JavaScript Date at this wall-clock time in the runtime's zone, to the millisecond (times
   * that a daylight-saving change skips resolve as JavaScript resolves them).
   */
  toStandardDate() {
    const standardDate = new StandardDate(0);
    standardDate.setFullYear(Number(big(this.year)), Number(big(this.month)) - 1, Number(big(this.day)));
    standardDate.setHours(Number(big(this.hour)), Number(big(this.minute)), Number(big(this.second)),
      Number(big(this.nanosecond) / NANOS_PER_MILLISECOND));
    return standardDate;
  }

  /**
   * Parses a date as `Date.fromString` does, `T`, and a time as `LocalTime.fromString` does
   * (Integer fields).
   * @throws {Error} when the text is not such a date and time
   */
  static fromString(str) {
    const match = LOCAL_DATE_TIME_PATTERN.exec(str.replace(/,/g, '.'));
    if (match === null) throw new Error('LocalDateTime could not be parsed from string');
    return new LocalDateTime(...match.slice(1, 4).map(integerOf), ...clockFields(...match.slice(4, 8)));
  }

  /** `YYYY-MM-DDTHH:MM:SS[.nnnnnnnnn]` */
  toString() {
    return `${dateText(this.year, this.month, this.day)}T${timeText(this.hour, this.minute, this.second, this.nanosecond)}`;
  }
}
Object.defineProperty(LocalDateTime.prototype, '__isLocalDateTime__', { value: true });

/** Whether `obj` is a LocalDateTime (of either package). */
export function isLocalDateTime(obj) {
  return obj?.__isLocalDateTime__ === true;
}

/**
 * A date and wall-clock time in a time zone, given by an offset from UTC in seconds, a zone id
 * (e.g. 'Europe/Stockholm'), or both. Immutable.
 */
export class DateTime {
  /**
   * @param {Integer|number|bigint} year -999999999 to 999999999
   * @param {Integer|number|bigint} month 1 to 12
   * @param {Integer|number|bigint} day 1 to 31
   * @param {Integer|number|bigint} hour 0 to 23
   * @param {Integer|number|bigint} minute 0 to 59
   * @param {Integer|number|bigint} second 0 to 59
   * @param {Integer|number|bigint} nanosecond 0 to 999999999
   * @param {Integer|number|bigint} [timeZoneOffsetSeconds] e.g. 3600 for +01:00
   * @param {string} [timeZoneId] an IANA zone id the runtime knows
   * @throws {TypeError|Error} when a field is wrong, or neither offset nor zone id is given
   */
  constructor(year, month, day, hour, minute, second, nanosecond, timeZoneOffsetSeconds, timeZoneId) {
    this.year = checkField('Year', year);
    this.month = checkField('Month', month);
    this.day = checkField('Day', day);
    this.hour = checkField('Hour', hour);
    this.minute = checkField('Minute', minute);
    this.second = checkField('Second', second);
    this.nanosecond = checkField('Nanosecond', nanosecond);
    [this.timeZoneOffsetSeconds, this.timeZoneId] = checkZone(timeZoneOffsetSeconds, timeZoneId);
    Object.freeze(this);
  }

  /**
   * The wall-clock date and time of a JavaScript Date in the runtime's zone with that zone's
   * offset at that moment and no zone id (number fields); `nanosecond` is added to the Date's
   * milliseconds.
   * @throws {TypeError} for an invalid Date
   */
  static fromStandardDate(standardDate, nanosecond) {
    checkStandardDate(standardDate, nanosecond);
    return new DateTime(standardDate.getFullYear(), standardDate.getMonth() + 1, standardDate.getDate(),
      standardDate.getHours(), standardDate.getMinutes(), standardDate.getSeconds(),
      standardDateNanos(standardDate, nanosecond), standardDateOffsetSeconds(standardDate), null);
  }

  /**
   * The JavaScript Date of this instant, to the millisecond.
   * @throws {Error} when the DateTime has a zone id but no offset
   */
  toStandardDate() {
    if (this.timeZoneOffsetSeconds === undefined) throw newError('Requires DateTime created with time zone offset');
    const local = epochSecond(...[this.year, this.month, this.day, this.hour, this.minute, this.second].map(big));
    const utc = local - big(this.timeZoneOffsetSeconds);
    return new StandardDate(Number(utc * 1000n + big(this.nanosecond) / NANOS_PER_MILLISECOND));
  }

  /**
   * Parses a date and time as `LocalDateTime.fromString` does, then `Z` or an offset
   * `±HH[:MM[:SS]]`, and/or a zone id in brackets, e.g. `2024-03-31T02:30:00+02:00[Europe/Stockholm]`
   * (Integer fields).
   * @throws {Error} when the text is not such a date-time, or has neither offset nor zone id
   */
  static fromString(str) {
    const match = DATE_TIME_PATTERN.exec(str.replace(/,/g, '.'));
    if (match === null) throw new Error('DateTime could not be parsed from string');
    const [zulu, sign, zoneId] = [match[8], match[9], match[13]];
    if (zulu === undefined && sign === undefined && zoneId === undefined) {
      throw new Error('DateTime could not be parsed from string, provided string needs either timezoneId or offset');
    }
    const offset = zulu === undefined && sign === undefined ? undefined : offsetOf(...match.slice(8, 13));
    return new DateTime(...match.slice(1, 4).map(integerOf), ...clockFields(...match.slice(4, 8)), offset, zoneId);
  }

  /** `YYYY-MM-DDTHH:MM:SS[.nnnnnnnnn]`, then `Z` or `±HH:MM[:SS]` if there is an offset, then `[Zone/Id]` if there is an id. */
  toString() {
    const offset = this.timeZoneOffsetSeconds != null ? offsetText(this.timeZoneOffsetSeconds) : '';
    const zone = this.timeZoneId != null ? `[${this.timeZoneId}]` : '';
    return `${dateText(this.year, this.month, this.day)}T${timeText(this.hour, this.minute, this.second, this.nanosecond)}${offset}${zone}`;
  }
}
Object.defineProperty(DateTime.prototype, '__isDateTime__', { value: true });

/** Whether `obj` is a DateTime (of either package). */
export function isDateTime(obj) {
  return obj?.__isDateTime__ === true;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** Intl formatters by zone id; null for ids the runtime does not know. */
const zoneFormats = new Map();

/** The formatter that gives wall-clock fields in `timeZoneId`, or null if that is not a zone id the runtime knows. */
function zoneFormat(timeZoneId) {
  if (typeof timeZoneId !== 'string') return null;
  if (!zoneFormats.has(timeZoneId)) {
    let format = null;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timeZoneId, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23', era: 'short',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      // An unknown or malformed zone id: remembered as null.
    }
    zoneFormats.set(timeZoneId, format);
  }
  return zoneFormats.get(timeZoneId);
}

/**
 * The wall-clock date and time in a time zone at an instant, and the zone's offset from UTC
 * then, from the runtime's time-zone database (Intl.DateTimeFormat). Decoding a DateTime that
 * the server sends with a zone id needs both. Years are proleptic Gregorian, astronomical
 * (1 BC is 0); offsets may have odd seconds (local mean time before standard time).
 * @param {string} timeZoneId an IANA zone id, e.g. 'Europe/Stockholm'
 * @param {number|bigint|Integer} epochSecondsUtc seconds since 1970-01-01T00:00:00Z (a fraction is dropped, rounding down)
 * @returns {{year: number, month: number, day: number, hour: number, minute: number, second: number, offsetSeconds: number}}
 * @throws {RangeError} for a zone id the runtime does not know (as Intl does), and for an
 *   instant outside the JavaScript Date range (±8.64e12 seconds)
 */
export function localFields(timeZoneId, epochSecondsUtc) {
  const format = zoneFormat(timeZoneId);
  if (format === null) throw new RangeError(`Unknown time zone id: ${stringify(timeZoneId)}`);
  const seconds = Math.floor(toNumber(epochSecondsUtc));
  if (!(Math.abs(seconds) <= MAX_DATE_SECONDS)) {
    throw new RangeError(`Instant out of the range of JavaScript dates: ${epochSecondsUtc} seconds from the epoch`);
  }
  const parts = Object.fromEntries(format.formatToParts(seconds * 1000).map(({ type, value }) => [type, value]));
  const fields = {
    year: parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
  const wallClock = epochSecond(...Object.values(fields).map(BigInt));
  return { ...fields, offsetSeconds: Number(wallClock) - seconds };
}

/**
 * A time zone's offset from UTC, in seconds, at an instant (e.g. 7200 for Europe/Stockholm in
 * summer, -18000 for America/New_York in winter); see `localFields`.
 * @param {string} timeZoneId an IANA zone id
 * @param {number|bigint|Integer} epochSecondsUtc seconds since 1970-01-01T00:00:00Z
 * @throws {Error} for a zone id the runtime does not know
 * @throws {RangeError} for an instant outside the JavaScript Date range
 */
export function zoneOffsetSeconds(timeZoneId, epochSecondsUtc) {
  return localFields(timeZoneId, epochSecondsUtc).offsetSeconds;
}
