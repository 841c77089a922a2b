// Types of lib/result.js: the records and summary of one query, awaited, pushed or pulled.

import type { Record, RecordShape } from './record.js';
import type { ResultSummary } from './result-summary.js';

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

/** An async iterator that can show its next value without taking it. */
export interface PeekableAsyncIterator<T, TReturn> extends AsyncIterator<T, TReturn> {
  peek(): Promise<IteratorResult<T, TReturn>>;
}

/** The result of `run`: awaitable, subscribable and async-iterable. */
export declare class Result<R extends RecordShape = RecordShape> implements PromiseLike<QueryResult<R>> {
  [Symbol.toStringTag]: string;
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
