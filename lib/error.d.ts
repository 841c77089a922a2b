// Types of lib/error.js: the driver's errors, as neo4j-driver declares them.

import type { NumberOrInteger } from './integer.js';

/** Details of a GQL status or error, as the server sends them. */
export interface DiagnosticRecord {
  OPERATION: string;
  OPERATION_CODE: string;
  CURRENT_SCHEMA: string;
  _severity?: string;
  _classification?: string;
  _position?: { offset: NumberOrInteger; line: NumberOrInteger; column: NumberOrInteger };
  _status_parameters?: { [key: string]: unknown };
  _idempotent?: boolean;
  [key: string]: unknown;
}

export type ErrorClassification = 'DATABASE_ERROR' | 'CLIENT_ERROR' | 'TRANSIENT_ERROR' |
  'UNKNOWN';

/** Error code for a complete loss of service (no server could be reached). */
export declare const SERVICE_UNAVAILABLE: string;
/** Error code for a transient loss of service (the server went away mid-work). */
export declare const SESSION_EXPIRED: string;
/** Error code for a violation of the Bolt protocol. */
export declare const PROTOCOL_ERROR: string;
/** The predefined error codes (`neo4j.error`). */
export declare const error: {
  SERVICE_UNAVAILABLE: string;
  SESSION_EXPIRED: string;
  PROTOCOL_ERROR: string;
};

/** Internal: the diagnostic record of failures and statuses that leave it unspecified. */
export declare const POLYFILLED_DIAGNOSTIC_RECORD: {
  readonly OPERATION: '';
  readonly OPERATION_CODE: '0';
  readonly CURRENT_SCHEMA: '/';
};

/** Internal: a diagnostic record as JSON text for people (BigInts as `123n`). */
export declare function diagnosticRecordToJson(record: DiagnosticRecord | undefined): string;

/** A failure described by a GQL status; causes of Neo4jErrors. */
export declare class GQLError extends Error {
  gqlStatus: string;
  gqlStatusDescription: string;
  diagnosticRecord: DiagnosticRecord | undefined;
  classification: ErrorClassification;
  rawClassification?: string;
  cause?: Error;
  constructor(message: string, gqlStatus: string, gqlStatusDescription: string,
    diagnosticRecord?: DiagnosticRecord, cause?: Error);
  containsGqlCause(gqlStatus: string): boolean;
  findByGqlStatus(gqlStatus: string): GQLError | Neo4jError | undefined;
  get diagnosticRecordAsJsonString(): string;
}

/** The error driver operations fail with. */
export declare class Neo4jError extends GQLError {
  code: string;
  /** Whether the work may succeed when run again. */
  retriable: boolean;
  /** Same as `retriable`. */
  retryable: boolean;
  constructor(message: string, code: string, gqlStatus: string, gqlStatusDescription: string,
    diagnosticRecord?: DiagnosticRecord, cause?: Error);
  static isRetriable(error?: any | null): boolean;
  static isRetryable(error?: any | null): boolean;
}

export declare const isRetriableError: typeof Neo4jError.isRetriable;
export declare const isRetryableError: typeof Neo4jError.isRetryable;
/** A Neo4jError raised by the driver itself (GQL status `50N42`). */
export declare function newError(message: string, code?: string, cause?: Error): Neo4jError;
