// Types of lib/session.js: sessions and their settings.

import type { Integer } from './integer.js';
import type { RecordShape } from './record.js';
import type { Result } from './result.js';
import type { ManagedTransaction, Query, TransactionPromise } from './transaction.js';
import type { AuthToken } from './auth.js';
import type { BookmarkManager } from './bookmark-manager.js';
import type { Rules } from './mapping.js';

/** Access modes of sessions (`neo4j.session`). */
export type SessionMode = 'READ' | 'WRITE';

/** Settings of one session (`driver.session(config)`); all optional. */
export interface SessionConfig {
  defaultAccessMode?: SessionMode;
  bookmarks?: string | string[];
  database?: string;
  impersonatedUser?: string;
  fetchSize?: number;
  bookmarkManager?: BookmarkManager;
  auth?: AuthToken;
  /** Whether `run` fails at once when the server marks the failure idempotent; the driver's
   * setting by default. */
  disableAutoCommitRetries?: boolean;
}

/** Settings of one transaction. */
export interface TransactionConfig {
  /** Milliseconds after which the server ends the transaction. */
  timeout?: number | Integer;
  /** Shown in the server's query log and `SHOW TRANSACTIONS`. */
  metadata?: object;
  /** Aborting it ends the work at once: it rejects with the signal's reason, and the server stops it. */
  signal?: AbortSignal;
}

/** A session: work that runs one piece after another on one database. */
export declare class Session {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object, transactionConfig?: TransactionConfig,
    parameterRules?: Rules): Result<R>;
  beginTransaction(transactionConfig?: TransactionConfig): TransactionPromise;
  executeRead<T>(work: (tx: ManagedTransaction) => Promise<T> | T, transactionConfig?: TransactionConfig): Promise<T>;
  executeWrite<T>(work: (tx: ManagedTransaction) => Promise<T> | T, transactionConfig?: TransactionConfig): Promise<T>;
  lastBookmarks(): string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
