// Types of records, summaries, errors, auth, token and bookmark managers, logging,
// notification constants and result transformers.

import type { Integer, NumberOrInteger } from './types.js';
import type { Result } from './driver.js';

import type { ProtocolVersion } from './index.js';

// --- records ---

/** The shape of a record: column name → value type. */
export type RecordShape<Key extends PropertyKey = PropertyKey, Value = any> = {
  [K in Key]: Value;
};

type Visitor<Entries extends RecordShape, Key extends keyof Entries, Out> =
  (value: Entries[Key], key: Key, record: Record<Entries>) => Out;

/** A row of a result, read by column name or position. */
export declare class Record<
  Entries extends RecordShape = RecordShape,
  Key extends keyof Entries = keyof Entries,
  FieldLookup extends RecordShape<keyof Entries, number> = RecordShape<keyof Entries, number>,
> {
  /** The column names, in column order. */
  keys: Key[];
  /** The number of columns. */
  length: number;
  private readonly _fields;
  private readonly _fieldLookup;
  constructor(keys: Key[], fields: any[], fieldLookup?: FieldLookup);
  forEach(visitor: Visitor<Entries, Key, void>): void;
  map<Value>(visitor: Visitor<Entries, Key, Value>): Value[];
  entries(): IterableIterator<[string, any]>;
  values(): IterableIterator<Object>;
  [Symbol.iterator](): IterableIterator<Object>;
  /** A plain object of the columns; every key is an own property, `__proto__` included. */
  toObject(): Entries;
  /** @throws {Neo4jError} when there is no such column */
  get<K extends keyof Entries = keyof Entries>(key: K): Entries[K];
  get(n: number): any;
  has(key: Key | string | number): boolean;
}

/** The key → position table shared by the records of one result. */
export declare function createFieldLookup<Key extends PropertyKey>(
  keys: Key[]): RecordShape<Key, number>;

// --- summaries ---

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

/** Where in a query a notification points. */
export interface NotificationPosition {
  offset?: number;
  line?: number;
  column?: number;
}

export type NotificationSeverityLevel = 'WARNING' | 'INFORMATION' | 'UNKNOWN';
export type NotificationCategory = 'HINT' | 'UNRECOGNIZED' | 'UNSUPPORTED' | 'PERFORMANCE' |
  'TOPOLOGY' | 'SECURITY' | 'DEPRECATION' | 'GENERIC' | 'SCHEMA' | 'UNKNOWN';
export type NotificationClassification = NotificationCategory;
export type NotificationFilterMinimumSeverityLevel = 'WARNING' | 'INFORMATION' | 'OFF';
export type NotificationFilterDisabledCategory = Exclude<NotificationCategory, 'UNKNOWN'>;
export type NotificationFilterDisabledClassification = NotificationFilterDisabledCategory;

type EnumRecord<T extends string> = { readonly [K in T]: K };

export declare const notificationSeverityLevel: EnumRecord<NotificationSeverityLevel>;
/** @deprecated use {@link notificationClassification} */
export declare const notificationCategory: EnumRecord<NotificationCategory>;
export declare const notificationClassification: EnumRecord<NotificationClassification>;
export declare const notificationFilterMinimumSeverityLevel:
  EnumRecord<NotificationFilterMinimumSeverityLevel>;
/** @deprecated use {@link notificationFilterDisabledClassification} */
export declare const notificationFilterDisabledCategory:
  EnumRecord<NotificationFilterDisabledCategory>;
export declare const notificationFilterDisabledClassification:
  EnumRecord<NotificationFilterDisabledClassification>;

/** Which notifications the server sends (driver, session and `executeQuery` settings). */
export interface NotificationFilter {
  minimumSeverityLevel?: NotificationFilterMinimumSeverityLevel;
  /** @deprecated use `disabledClassifications` */
  disabledCategories?: NotificationFilterDisabledCategory[];
  disabledClassifications?: NotificationFilterDisabledClassification[];
}

/** The summary of a query, once its records are all read. */
export declare class ResultSummary<T extends NumberOrInteger = Integer> {
  query: { text: string; parameters: { [key: string]: any } };
  queryType: string;
  counters: QueryStatistics;
  plan: Plan | false;
  /** @deprecated use `queryProfile` */
  profile: ProfiledPlan | false;
  queryProfile: QueryProfile | false;
  /** @deprecated use `gqlStatusObjects` */
  notifications: Notification[];
  gqlStatusObjects: [GqlStatusObject, ...GqlStatusObject[]];
  server: ServerInfo;
  resultConsumedAfter: T;
  resultAvailableAfter: T;
  database: { name: string | undefined | null };
  constructor(query: string, parameters: { [key: string]: any }, metadata: any,
    protocolVersion?: ProtocolVersion);
  hasPlan(): boolean;
  hasProfile(): boolean;
}

export declare class Plan {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  children: Plan[];
  constructor(plan: any);
}

/** @deprecated use {@link QueryProfile} */
export declare class ProfiledPlan {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  dbHits: number;
  rows: number;
  pageCacheMisses: number;
  pageCacheHits: number;
  pageCacheHitRatio: number;
  time: number;
  children: ProfiledPlan[];
  constructor(profile: any);
  hasPageCacheStats(): boolean;
}

export declare class QueryProfile {
  operatorType: string;
  identifiers: string[];
  arguments: { [key: string]: string };
  dbHits: number | null;
  rows: number | null;
  pageCacheMisses: number | null;
  pageCacheHits: number | null;
  pageCacheHitRatio: number | null;
  time: number | null;
  children: QueryProfile[];
  constructor(profile: any);
}

/** The counters of {@link QueryStatistics#updates}. */
export interface Stats {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
  indexesAdded: number;
  indexesRemoved: number;
  constraintsAdded: number;
  constraintsRemoved: number;
  [key: string]: number;
}

export declare class QueryStatistics {
  private _stats;
  private _systemUpdates;
  private _containsSystemUpdates?;
  private _containsUpdates?;
  constructor(statistics: any);
  containsUpdates(): boolean;
  updates(): Stats;
  containsSystemUpdates(): boolean;
  systemUpdates(): number;
}

export declare class ServerInfo {
  address?: string;
  protocolVersion?: ProtocolVersion;
  agent?: string;
  constructor(serverMeta?: any, protocolVersion?: ProtocolVersion);
}

/** @deprecated use {@link GqlStatusObject} */
export declare class Notification {
  code: string;
  title: string;
  description: string;
  position: NotificationPosition | {};
  severityLevel: NotificationSeverityLevel;
  category: NotificationCategory;
  rawSeverityLevel: string;
  rawCategory?: string;
  constructor(notification: any);
}

export declare class GqlStatusObject {
  readonly gqlStatus: string;
  readonly statusDescription: string;
  readonly diagnosticRecord: DiagnosticRecord;
  readonly position?: NotificationPosition;
  readonly severity: NotificationSeverityLevel;
  readonly rawSeverity?: string;
  readonly classification: NotificationClassification;
  readonly rawClassification?: string;
  readonly isNotification: boolean;
  constructor(rawGqlStatusObject: any);
  get diagnosticRecordAsJsonString(): string;
}

export declare const queryType: {
  READ_ONLY: string;
  READ_WRITE: string;
  WRITE_ONLY: string;
  SCHEMA_WRITE: string;
};

// --- errors ---

export type ErrorClassification = 'DATABASE_ERROR' | 'CLIENT_ERROR' | 'TRANSIENT_ERROR' |
  'UNKNOWN';

export declare const SERVICE_UNAVAILABLE: string;
export declare const SESSION_EXPIRED: string;
export declare const PROTOCOL_ERROR: string;
/** The predefined error codes (`neo4j.error`). */
export declare const error: {
  SERVICE_UNAVAILABLE: string;
  SESSION_EXPIRED: string;
  PROTOCOL_ERROR: string;
};

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

// --- auth ---

export interface AuthToken {
  scheme: string;
  principal?: string;
  credentials: string;
  realm?: string;
  parameters?: { [key: string]: any };
}

/** Builders of authentication tokens (`neo4j.auth`). */
export declare const auth: {
  basic: (username: string, password: string, realm?: string) => AuthToken;
  kerberos: (base64EncodedTicket: string) => AuthToken;
  bearer: (base64EncodedToken: string) => AuthToken;
  none: () => { scheme: string };
  custom: (principal: string, credentials: string, realm: string, scheme: string,
    parameters?: object) => any;
};

export type SecurityErrorCode = `Neo.ClientError.Security.${string}`;

/** Where the driver gets the auth token of each new login. */
export interface AuthTokenManager {
  getToken(): Promise<AuthToken> | AuthToken;
  /** Whether the manager handled the error, so that the work can be retried. */
  handleSecurityException(token: AuthToken, securityErrorCode: SecurityErrorCode): boolean;
}

/** What a bearer token provider resolves with. */
export interface AuthTokenAndExpiration {
  readonly token: AuthToken;
  readonly expiration?: Date;
}

/** Managers for tokens that change over time (`neo4j.authTokenManagers`). */
export declare const authTokenManagers: {
  readonly bearer: (config: {
    tokenProvider: () => Promise<AuthTokenAndExpiration> | AuthTokenAndExpiration;
  }, now?: () => number) => AuthTokenManager;
  readonly basic: (config: { tokenProvider: () => Promise<AuthToken> | AuthToken }) =>
    AuthTokenManager;
};

// --- bookmarks ---

/** The bookmarks shared by sessions for causal consistency. */
export interface BookmarkManager {
  updateBookmarks(previousBookmarks: Iterable<string>, newBookmarks: Iterable<string>):
    Promise<void>;
  getBookmarks(): Promise<Iterable<string>>;
}

export interface BookmarkManagerConfig {
  initialBookmarks?: Iterable<string>;
  bookmarksSupplier?: () => Promise<Iterable<string>>;
  bookmarksConsumer?: (bookmarks: Iterable<string>) => Promise<void>;
}

export declare function bookmarkManager(config?: BookmarkManagerConfig): BookmarkManager;

// --- logging ---

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LoggerFunction = (level: LogLevel, message: string) => unknown;

export interface LoggingConfig {
  level?: LogLevel;
  logger: LoggerFunction;
  unredactDebugLogs?: boolean;
}

/** Ready-made logging configurations (`neo4j.logging`). */
export declare const logging: {
  console: (level?: LogLevel, unredactDebugLogs?: boolean) => {
    level: LogLevel;
    logger: (level: LogLevel, message: string) => void;
    unredactDebugLogs: boolean;
  };
};

// --- result transformers ---

/** A whole result, read. */
export declare class EagerResult<Entries extends RecordShape = RecordShape> {
  keys: string[];
  records: Array<Record<Entries>>;
  summary: ResultSummary;
  constructor(keys: string[], records: Array<Record<Entries>>, summary: ResultSummary);
}

/** A function from a result to what `executeQuery` resolves with. */
export type ResultTransformer<T> = (result: Result) => Promise<T>;

interface MappedConfig<R, T> {
  map?: (rec: Record) => R | undefined;
  collect?: (records: R[], summary: ResultSummary, keys: string[]) => T;
}

/** The built-in transformers (`neo4j.resultTransformers`). */
export declare const resultTransformers: {
  /** @deprecated use `eager` */
  eagerResultTransformer<Entries extends RecordShape = RecordShape>():
    ResultTransformer<EagerResult<Entries>>;
  eager<Entries extends RecordShape = RecordShape>(): ResultTransformer<EagerResult<Entries>>;
  /** @deprecated use `mapped` */
  mappedResultTransformer<R = Record,
    T = { records: R[]; keys: string[]; summary: ResultSummary }>(
    config: MappedConfig<R, T>): ResultTransformer<T>;
  mapped<R = Record, T = { records: R[]; keys: string[]; summary: ResultSummary }>(
    config: MappedConfig<R, T>): ResultTransformer<T>;
  first<Entries extends RecordShape = RecordShape>():
    ResultTransformer<Record<Entries> | undefined>;
  summary<T extends NumberOrInteger = Integer>(): ResultTransformer<ResultSummary<T>>;
};
