// Types of lib/result-transformers.js: functions from a Result to what `executeQuery`
// resolves with.

import type { Integer, NumberOrInteger } from './integer.js';
import type { Record, RecordShape } from './record.js';
import type { ResultSummary } from './result-summary.js';
import type { MappedQueryResult, Result } from './result.js';
import type { GenericConstructor, Rules } from './mapping.js';

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
  /** `{ records, summary }`, each record mapped to an object of a class or per rules. */
  hydrated<T extends {} = Object>(rules: Rules): ResultTransformer<MappedQueryResult<T>>;
  hydrated<T extends {} = Object>(genericConstructor: GenericConstructor<T>, rules?: Rules):
    ResultTransformer<MappedQueryResult<T>>;
};
