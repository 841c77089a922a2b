// Types of lib/transaction.js: explicit transactions and the transactions of managed work.

import type { RecordShape } from './record.js';
import type { Result } from './result.js';
import type { Rules } from './mapping.js';

/** A query as text with its parameters, and the rules that map them. */
export type Query = string | { text: string; parameters?: object; parameterRules?: Rules };

/** A transaction the application commits or rolls back. */
export declare class Transaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object, parameterRules?: Rules): Result<R>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  isOpen(): boolean;
  [Symbol.asyncDispose](): Promise<void>;
}

/** What `beginTransaction` returns: the transaction, and a promise of it. */
export declare class TransactionPromise extends Transaction implements PromiseLike<Transaction> {
  [Symbol.toStringTag]: string;
  then<T1 = Transaction, T2 = never>(
    onFulfilled?: ((value: Transaction) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: any) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2>;
  catch<T = never>(onRejected?: ((reason: any) => T | PromiseLike<T>) | null): Promise<Transaction | T>;
  finally(onFinally?: (() => void) | null): Promise<Transaction>;
}

/** The transaction handed to `executeRead`/`executeWrite` work. */
export declare class ManagedTransaction {
  run<R extends RecordShape = RecordShape>(query: Query, parameters?: object, parameterRules?: Rules): Result<R>;
}
