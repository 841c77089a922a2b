// The bridge between the value classes of this package and the compiled core: the tape reader
// that builds values from the server, and `describe`, which turns class instances sent as
// parameters into the fields the core encodes.

import { isInt } from './integer.js';
import { isPoint } from './spatial-types.js';
import {
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration, zoneOffsetSeconds,
} from './temporal-types.js';
import { isVector } from './vector.js';
import { GQLError, Neo4jError, POLYFILLED_DIAGNOSTIC_RECORD, newError } from './error.js';
import { readTape } from './tape.js';

/** A whole-number field as the core reads it: a number or a BigInt. */
const field = (value) => (isInt(value) ? value.toBigInt() : value);

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

/**
 * `[tag, ...fields]` for a value of one of the driver's classes, or `undefined` for anything
 * else (the core then rejects it, naming the parameter).
 * @param {*} value
 * @returns {Array|undefined}
 */
function describe(value) {
  if (isInt(value)) return ['Integer', value.toBigInt()];
  if (isDate(value)) return ['Date', field(value.year), field(value.month), field(value.day)];
  if (isLocalTime(value)) {
    return ['LocalTime', field(value.hour), field(value.minute), field(value.second), field(value.nanosecond)];
  }
  if (isTime(value)) {
    return ['Time', field(value.hour), field(value.minute), field(value.second), field(value.nanosecond),
      field(value.timeZoneOffsetSeconds)];
  }
  if (isLocalDateTime(value)) {
    return ['LocalDateTime', field(value.year), field(value.month), field(value.day), field(value.hour),
      field(value.minute), field(value.second), field(value.nanosecond)];
  }
  if (isDateTime(value)) {
    const offset = value.timeZoneOffsetSeconds ?? offsetOfWallClock(value);
    return ['DateTime', field(value.year), field(value.month), field(value.day), field(value.hour),
      field(value.minute), field(value.second), field(value.nanosecond), field(offset), value.timeZoneId ?? null];
  }
  if (isDuration(value)) {
    return ['Duration', field(value.months), field(value.days), field(value.seconds), field(value.nanoseconds)];
  }
  if (isPoint(value)) return ['Point', field(value.srid), value.x, value.y, value.z];
  if (isVector(value)) return ['Vector', value.asTypedArray()];
  return undefined;
}

/** What the core needs from this package (see `registerTypes` in the core). */
export const wasmTypes = {
  read: readTape,
  describe,
  error: makeError,
};

/**
 * The error of a failure the core reports. Errors without a GQL status (the driver's own, or
 * from servers before Bolt 5.7) get the general one, as neo4j-driver gives them; a server's
 * diagnostic record gets the entries it leaves out filled in. A cause in a server error's
 * chain has no code: it is a GQLError.
 */
function makeError(message, code, gqlStatus, gqlStatusDescription, diagnosticRecord, cause) {
  if (gqlStatus === undefined) return newError(message, code, cause);
  const record = { ...POLYFILLED_DIAGNOSTIC_RECORD, ...diagnosticRecord };
  return code === undefined
    ? new GQLError(message, gqlStatus, gqlStatusDescription, record, cause)
    : new Neo4jError(message, code, gqlStatus, gqlStatusDescription, record, cause);
}
