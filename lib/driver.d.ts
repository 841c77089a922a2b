// Types of the driver, its sessions, transactions and results.

import type { Integer } from './types.js';
import type {
  AuthToken, AuthTokenManager, BookmarkManager, EagerResult, LoggingConfig, Record,
  RecordShape, ResultSummary, ServerInfo,
} from './api.js';

/** Access modes of sessions (`neo4j.session`). */
export declare const session: { readonly READ: 'READ'; readonly WRITE: 'WRITE' };
/** Where `executeQuery` sends its query (`neo4j.routing`). */
export declare const routing: { readonly READ: 'READ'; readonly WRITE: 'WRITE' };

export type SessionMode = 'READ' | 'WRITE';
export type RoutingControl = 'READ' | 'WRITE';
export type TrustStrategy =
  | 'TRUST_ALL_CERTIFICATES'
  | 'TRUST_SYSTEM_CA_SIGNED_CERTIFICATES'
  | 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES';

/** Driver settings (`neo4j.driver(uri, auth, config)`); all optional. */
export interface Config {
  encrypted?: boolean | 'ENCRYPTION_ON' | 'ENCRYPTION_OFF';
  trust?: TrustStrategy;
  /** PEM files of trusted CAs (Node only), with `TRUST_CUSTOM_CA_SIGNED_CERTIFICATES`. */
  trustedCertificates?: string[];
  /** Connections per server; default 100. */
  maxConnectionPoolSize?: number;
  /** Milliseconds a connection may live; default one hour. */
  maxConnectionLifetime?: number;
  /** Milliseconds to wait for a free connection; default 60 000. */
  connectionAcquisitionTimeout?: number;
  /** Idle milliseconds after which a connection is checked before reuse. */
  connectionLivenessCheckTimeout?: number;
  /** Milliseconds to open a connection; default 30 000. */
  connectionTimeout?: number;
  /** Milliseconds managed transactions are retried for; default 30 000. */
  maxTransactionRetryTime?: number;
  /** Records per batch; default 1000, -1 for all at once. */
  fetchSize?: number;
  /** Integers as JS numbers (lossy beyond 2^53) instead of `Integer`s. */
  disableLosslessIntegers?: boolean;
  /** Integers as BigInts instead of `Integer`s. */
  useBigInt?: boolean;
  logging?: LoggingConfig;
  userAgent?: string;
  telemetryDisabled?: boolean;
  /** A WebSocket constructor to connect with instead of the runtime's TCP or WebSocket. */
  webSocket?: unknown;
}

/** Settings of one session (`driver.session(config)`); all optional. */
export interface SessionConfig {
  defaultAccessMode?: SessionMode;
  bookmarks?: string | string[];
  database?: string;
  impersonatedUser?: string;
  fetchSize?: number;
  bookmarkManager?: BookmarkManager;
  auth?: AuthToken;
}

/** Settings of one transaction. */
export interface TransactionConfig {
  /** Milliseconds after which the server ends the transaction. */
  timeout?: number | Integer;
  /** Shown in the server's query log and `SHOW TRANSACTIONS`. */
  metadata?: object;
}

/** A query as text with its parameters. */
export type Query = string | { text: string; parameters?: object };

/** Settings of `driver.executeQuery`. */
export interface QueryConfig<T = EagerResult> {
  routing?: RoutingControl;
  database?: string;
  impersonatedUser?: string;
  bookmarkManager?: BookmarkManager | null;
  resultTransformer?: (result: Result) => Promise<T>;
  auth?: AuthToken;
  transactionConfig?: TransactionConfig;
  signal?: AbortSignal;
}

/** What a Result resolves with when awaited. */
export interface QueryResult<R extends RecordShape = RecordShape> {
  records: Array<Record<R>>;
  summary: ResultSummary;
}

/** Callbacks of `result.subscribe`; each is optional. */
export interface ResultObserver<R extends RecordShape = RecordShape> {
  onKeys?: (keys: string[]) => void;
  onNext?: (record: Record<R>) => void;
  onCompleted?: (summary: ResultSummary) => void;
  onError?: (error: Error) => void;
}

/** The result of `run`: awaitable, subscribable and async-iterable. */
export declare class Result<R extends RecordShape = RecordShape> implements PromiseLike<QueryResult<R>> {
  keys(): Promise<string[]>;
  summary(): Promise<ResultSummary>;
  isOpen(): boolean;
  subscribe(observer: ResultObserver<R>): void;
  then<T1 = QueryResult<R>, T2 = never>(
    onFulfilled?: ((value: QueryResult<R>) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: any) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2>;
  catch<T = never>(onRejected?: ((reason: any) => T | PromiseLike<T>) | null): Promise<QueryResult<R> | T>;
  finally(onFinally?: (() => void) | null): Promise<QueryResult<R>>;
  [Symbol.asyncIterator](): PeekableAsyncIterator<Record<R>, ResultSummary>;
}

/** An async iterator that can show its next value without taking it. */
export interface PeekableAsyncIterator<T, TReturn> extends AsyncIterator<T, TReturn> {
  peek(): Promise<IteratorResult<T, TReturn>>;
}

/** A transaction the application commits or rolls back. */
export declare class Transaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object): Result<R>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
  [Symbol.asyncDispose](): Promise<void>;
}

/** What `beginTransaction` returns: the transaction, and a promise of it. */
export declare class TransactionPromise extends Transaction implements PromiseLike<Transaction> {
  then<T1 = Transaction, T2 = never>(
    onFulfilled?: ((value: Transaction) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: any) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2>;
  catch<T = never>(onRejected?: ((reason: any) => T | PromiseLike<T>) | null): Promise<Transaction | T>;
  finally(onFinally?: (() => void) | null): Promise<Transaction>;
}

/** The transaction handed to `executeRead`/`executeWrite` work. */
export declare class ManagedTransaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object): Result<R>;
}

/** A session: work that runs one piece after another on one database. */
export declare class Session {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object, transactionConfig?: TransactionConfig): Result<R>;
  beginTransaction(transactionConfig?: TransactionConfig): TransactionPromise;
  executeRead<T>(work: (tx: ManagedTransaction) => Promise<T> | T, transactionConfig?: TransactionConfig): Promise<T>;
  executeWrite<T>(work: (tx: ManagedTransaction) => Promise<T> | T, transactionConfig?: TransactionConfig): Promise<T>;
  lastBookmarks(): string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A driver for one server or cluster. */
export declare class Driver {
  readonly executeQueryBookmarkManager: BookmarkManager;
  session(config?: SessionConfig): Session;
  executeQuery<T = EagerResult>(query: Query, parameters?: object, config?: QueryConfig<T>): Promise<T>;
  verifyConnectivity(): Promise<void>;
  getNegotiatedProtocolVersion(): Promise<import('./index.js').ProtocolVersion>;
  getServerInfo(): Promise<ServerInfo>;
  verifyAuthentication(config?: { auth?: AuthToken, database?: string }): Promise<boolean>;
  supportsMultiDb(): Promise<boolean>;
  supportsTransactionConfig(): Promise<boolean>;
  supportsUserImpersonation(): Promise<boolean>;
  supportsSessionAuth(): Promise<boolean>;
  isEncrypted(): boolean;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Resolves `true` when a server answers at `uri` (no credentials needed); rejects otherwise. */
export declare function hasReachableServer(uri: string, config?: Config): Promise<true>;

/** Creates a driver for `uri`; no connection is opened until it is used. */
export declare function driver(uri: string, authToken?: AuthToken | AuthTokenManager, config?: Config): Driver;
