// Types of lib/record.js: the rows of a result, as neo4j-driver declares them.

import type { GenericConstructor, Rules } from './mapping.js';

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
  /** The record as an object of a class or per rules; see `neo4j.rule`. */
  as<T extends {} = Object>(rules: Rules): T;
  as<T extends {} = Object>(genericConstructor: GenericConstructor<T>, rules?: Rules): T;
}

/** The key → position table shared by the records of one result. */
export declare function createFieldLookup<Key extends PropertyKey>(
  keys: Key[]): RecordShape<Key, number>;
