// Types of lib/result.js: the records and summary of one query, awaited, pushed or pulled.

import type { Record, RecordShape } from './record.js';
import type { ResultSummary } from './result-summary.js';
import type { GenericConstructor, Rules } from './mapping.js';

/** What a result resolves with when awaited: its records (or mapped objects) and summary. */
export interface GenericQueryResult<T> {
  records: T[];
  summary: ResultSummary;
}

/** What a Result resolves with when awaited. */
export interface QueryResult<R extends RecordShape = RecordShape> extends GenericQueryResult<Record<R>> {}

/** What a result mapped with `as` resolves with when awaited. */
export interface MappedQueryResult<T> extends GenericQueryResult<T> {}

/** Callbacks of `result.subscribe`; each is optional. */
export interface GenericResultObserver<T> {
  onKeys?: (keys: string[]) => void;
  onNext?: (record: T) => void;
  onCompleted?: (summary: ResultSummary) => void;
  onError?: (error: Error) => void;
}

/** Callbacks of `result.subscribe` for records; each is optional. */
export interface ResultObserver<R extends RecordShape = RecordShape> extends GenericResultObserver<Record<R>> {}

/** An async iterator that can show its next value without taking it. */
export interface PeekableAsyncIterator<T, TReturn> extends AsyncIterator<T, TReturn> {
  peek(): Promise<IteratorResult<T, TReturn>>;
}

/** A result of records `T`, resolving with `Q`: awaitable, subscribable and async-iterable. */
declare class GenericResult<T, Q extends GenericQueryResult<T>> implements PromiseLike<Q> {
  [Symbol.toStringTag]: string;
  /** Maps the records to objects of a class or per rules, for every way of reading them. */
  as<M extends {} = Object>(rules: Rules): MappedResult<M>;
  as<M extends {} = Object>(genericConstructor: GenericConstructor<M>, rules?: Rules): MappedResult<M>;
  keys(): Promise<string[]>;
  summary(): Promise<ResultSummary>;
  isOpen(): boolean;
  subscribe(observer: GenericResultObserver<T>): void;
  then<T1 = Q, T2 = never>(
    onFulfilled?: ((value: Q) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: any) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2>;
  catch<T2 = never>(onRejected?: ((reason: any) => T2 | PromiseLike<T2>) | null): Promise<Q | T2>;
  finally(onFinally?: (() => void) | null): Promise<Q>;
  [Symbol.asyncIterator](): PeekableAsyncIterator<T, ResultSummary>;
}

/** The result of `run`: awaitable, subscribable and async-iterable. */
export declare class Result<R extends RecordShape = RecordShape> extends GenericResult<Record<R>, QueryResult<R>> {}

/** A result whose records `as` maps to objects `T`. */
export type MappedResult<T> = GenericResult<T, MappedQueryResult<T>>;

// Only what is marked `export` is exported (GenericResult is no runtime value).
export {};
