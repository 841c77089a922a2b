// Types of lib/rx.js, the `neo4j-wasm/rx` entry: the reactive API of neo4j-driver. Importing it
// also gives `Driver` its `rxSession` method, which needs this entry at runtime.

import type { Observable, ObservableInput } from 'rxjs';
import type { Record, RecordShape } from './record.js';
import type { ResultSummary } from './result-summary.js';
import type { SessionConfig, TransactionConfig } from './session.js';
import type { Query } from './transaction.js';

declare module './driver.js' {
  interface Driver {
    /** A reactive session, with the config of `session()`. */
    rxSession(config?: SessionConfig): RxSession;
  }
}

/** The records, keys and summary of one query; the query is sent on the first subscription. */
export declare class RxResult<R extends RecordShape = RecordShape> {
  keys(): Observable<string[]>;
  records(): Observable<Record<R>>;
  consume(): Observable<ResultSummary>;
  pause(): void;
  resume(): Promise<void>;
  push(): Promise<void>;
}

/** The transaction handed to the work of `executeRead`/`executeWrite`. */
export declare class RxManagedTransaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object): RxResult<R>;
}

/** A transaction the application commits or rolls back. */
export declare class RxTransaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object): RxResult<R>;
  commit(): Observable<never>;
  rollback(): Observable<never>;
  close(): Observable<never>;
  isOpen(): boolean;
}

/** A session whose work is done when its Observables are subscribed to. */
export declare class RxSession {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object, transactionConfig?: TransactionConfig): RxResult<R>;
  beginTransaction(transactionConfig?: TransactionConfig): Observable<RxTransaction>;
  executeRead<T>(work: (tx: RxManagedTransaction) => ObservableInput<T>, transactionConfig?: TransactionConfig): Observable<T>;
  executeWrite<T>(work: (tx: RxManagedTransaction) => ObservableInput<T>, transactionConfig?: TransactionConfig): Observable<T>;
  lastBookmarks(): string[];
  close(): Observable<never>;
  [Symbol.asyncDispose](): Promise<void>;
}
