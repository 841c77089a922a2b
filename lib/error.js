// Errors of the driver, shaped like neo4j-driver's: `GQLError` carries the GQL status of a
// failure, `Neo4jError` adds the Neo4j status code and whether retrying may succeed.

/** Error code for a complete loss of service (no server could be reached). */
export const SERVICE_UNAVAILABLE = 'ServiceUnavailable';

/** Error code for a transient loss of service (the server went away mid-work). */
export const SESSION_EXPIRED = 'SessionExpired';

/** Error code for a violation of the Bolt protocol. */
export const PROTOCOL_ERROR = 'ProtocolError';

/** The predefined error codes, as `neo4j.error` exposes them. */
export const error = { SERVICE_UNAVAILABLE, SESSION_EXPIRED, PROTOCOL_ERROR };

/** The diagnostic record of failures and statuses the server (or the driver) leaves unspecified. */
export const POLYFILLED_DIAGNOSTIC_RECORD = Object.freeze({
  OPERATION: '',
  OPERATION_CODE: '0',
  CURRENT_SCHEMA: '/'
});

const CLASSIFICATIONS = ['DATABASE_ERROR', 'CLIENT_ERROR', 'TRANSIENT_ERROR'];

/**
 * JSON text of a diagnostic record for people to read: BigInts as `123n`, objects with their own
 * `toString` (Integer, temporal values, ...) as that string. Internal, shared with the summary.
 * @param {object|undefined} record
 * @returns {string}
 */
export function diagnosticRecordToJson(record) {
  return JSON.stringify(record, (_, value) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) &&
        typeof value.toString === 'function' && value.toString !== Object.prototype.toString) {
      return value.toString();
    }
    return value;
  });
}

/**
 * A failure described by a GQL status; the causes in a `Neo4jError` chain are GQLErrors.
 */
export class GQLError extends Error {
  /**
   * @param {string} message
   * @param {string} gqlStatus the GQLSTATUS code, e.g. `42001`
   * @param {string} gqlStatusDescription
   * @param {object} [diagnosticRecord]
   * @param {Error} [cause] the failure behind this one
   */
  constructor(message, gqlStatus, gqlStatusDescription, diagnosticRecord, cause) {
    super(message, cause != null ? { cause } : undefined);
    // neo4j-driver's errors list their class among their own keys; so do these, for code that
    // inspects or copies an error's keys.
    this.constructor = new.target;
    this.cause = cause ?? undefined;
    this.gqlStatus = gqlStatus;
    this.gqlStatusDescription = gqlStatusDescription;
    this.diagnosticRecord = diagnosticRecord;
    const raw = diagnosticRecord?._classification;
    /** `DATABASE_ERROR`, `CLIENT_ERROR`, `TRANSIENT_ERROR` or `UNKNOWN`. */
    this.classification = CLASSIFICATIONS.includes(raw) ? raw : 'UNKNOWN';
    /** The classification exactly as the server sent it. */
    this.rawClassification = raw ?? undefined;
    this.name = 'GQLError';
  }

  /**
   * Whether this error or one of its causes has the given GQL status.
   * @param {string} gqlStatus
   * @returns {boolean}
   */
  containsGqlCause(gqlStatus) {
    return this.findByGqlStatus(gqlStatus) !== undefined;
  }

  /**
   * The first error of the cause chain (this one included) with the given GQL status.
   * @param {string} gqlStatus
   * @returns {GQLError|undefined}
   */
  findByGqlStatus(gqlStatus) {
    if (this.gqlStatus === gqlStatus) return this;
    return this.cause instanceof GQLError ? this.cause.findByGqlStatus(gqlStatus) : undefined;
  }

  /** The diagnostic record as JSON text, for inspection by people. */
  get diagnosticRecordAsJsonString() {
    return diagnosticRecordToJson(this.diagnosticRecord);
  }
}

/**
 * The error every driver operation fails with. `code` is the Neo4j status code (or one of the
 * driver's own codes above); `retriable` says whether the same work may succeed when run again.
 * The core may overwrite `retriable` when it knows better (a connection failure, for instance).
 */
export class Neo4jError extends GQLError {
  /**
   * @param {string} message
   * @param {string} code e.g. `Neo.ClientError.Statement.SyntaxError`
   * @param {string} gqlStatus
   * @param {string} gqlStatusDescription
   * @param {object} [diagnosticRecord]
   * @param {Error} [cause]
   */
  constructor(message, code, gqlStatus, gqlStatusDescription, diagnosticRecord, cause) {
    super(message, gqlStatus, gqlStatusDescription, diagnosticRecord, cause);
    this.code = code;
    this.name = 'Neo4jError';
    /** Whether running the work again may succeed (a writable field: the core may set it). */
    this.retriable = isRetryableCode(code);
    /** Same as `retriable` (the spelling neo4j-driver 6 prefers); the core sets both. */
    this.retryable = this.retriable;
  }

  /**
   * Whether `error` is a Neo4jError that may succeed when retried.
   * @param {*} error
   * @returns {boolean}
   */
  static isRetriable(error) {
    return error instanceof Neo4jError && error.retriable === true;
  }

  /**
   * Same as {@link Neo4jError.isRetriable}.
   * @param {*} error
   * @returns {boolean}
   */
  static isRetryable(error) {
    return Neo4jError.isRetriable(error);
  }
}

/** Whether `error` is a Neo4jError that may succeed when retried (a function of its own). */
export const isRetriableError = Neo4jError.isRetriable;

/** Same as {@link isRetriableError}. */
export const isRetryableError = Neo4jError.isRetryable;

/**
 * A Neo4jError raised by the driver itself, with the GQL fields neo4j-driver gives such errors:
 * status `50N42` (unexpected error) unless told otherwise.
 * @param {string} message
 * @param {string} [code='N/A']
 * @param {Error} [cause]
 * @returns {Neo4jError}
 */
export function newError(message, code, cause) {
  return new Neo4jError(message, code ?? 'N/A', '50N42',
    'error: general processing exception - unexpected error. ' + message,
    POLYFILLED_DIAGNOSTIC_RECORD, cause);
}

// Failures that may go away by themselves: lost servers, expired authorizations, transient
// server errors.
function isRetryableCode(code) {
  return code === SERVICE_UNAVAILABLE ||
    code === SESSION_EXPIRED ||
    code === 'Neo.ClientError.Security.AuthorizationExpired' ||
    (typeof code === 'string' && code.includes('TransientError'));
}
