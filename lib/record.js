// One row of a result: its values, reachable by column name or by position.

import { newError } from './error.js';
import { mapTo } from './mapping.js';

/**
 * A key → position table for records with the given keys, built once per result and shared by
 * all its records. The table has no prototype, so keys like `toString` are plain keys; when a
 * key repeats, the last position wins.
 * @param {string[]} keys
 * @returns {Object<string, number>}
 */
export function createFieldLookup(keys) {
  const lookup = Object.create(null);
  keys.forEach((key, index) => { lookup[key] = index; });
  return lookup;
}

/**
 * A row of a result. Values are read with `get('name')` or `get(0)`, or iterated in column
 * order.
 */
export class Record {
  /**
   * @param {string[]} keys the column names, in column order
   * @param {Array} fields the values, in column order
   * @param {Object<string, number>} [fieldLookup] a table from {@link createFieldLookup},
   *   shared by the records of one result (built here when not given)
   */
  constructor(keys, fields, fieldLookup) {
    /** The column names, in column order. */
    this.keys = keys;
    /** The number of columns. */
    this.length = keys.length;
    this._fields = fields;
    this._fieldLookup = fieldLookup ?? createFieldLookup(keys);
  }

  /**
   * Calls `visitor(value, key, record)` for each column, in order.
   * @param {function(*, string, Record): void} visitor
   */
  forEach(visitor) {
    for (const [key, value] of this.entries()) visitor(value, key, this);
  }

  /**
   * The results of `visitor(value, key, record)` for each column, in order.
   * @param {function(*, string, Record): *} visitor
   * @returns {Array}
   */
  map(visitor) {
    const mapped = [];
    for (const [key, value] of this.entries()) mapped.push(visitor(value, key, this));
    return mapped;
  }

  /**
   * `[key, value]` pairs, in column order.
   * @returns {IterableIterator<Array>}
   */
  * entries() {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i], this._fields[i]];
  }

  /**
   * The values, in column order.
   * @returns {IterableIterator<*>}
   */
  * values() {
    for (let i = 0; i < this.keys.length; i++) yield this._fields[i];
  }

  /**
   * The values, in column order (as {@link Record#values}).
   * @returns {IterableIterator<*>}
   */
  [Symbol.iterator]() {
    return this.values();
  }

  /**
   * A plain object from column names to values. Every key becomes an own property, even
   * `__proto__`: the object's prototype is never changed by a column name.
   * @returns {Object}
   */
  toObject() {
    return Object.fromEntries(this.entries());
  }

  /**
   * The value of a column, by name or by position; throws a Neo4jError when there is no such
   * column.
   * @param {string|number} key
   * @returns {*}
   */
  get(key) {
    let index = key;
    if (typeof key !== 'number') {
      index = this._fieldLookup[key];
      if (index === undefined) {
        throw newError(`This record has no field with key '${String(key)}', ` +
          `available keys are: [${this.keys}].`);
      }
    }
    if (index > this._fields.length - 1 || index < 0) {
      throw newError(`This record has no field with index '${index}'. ` +
        'Remember that indexes start at `0`, ' +
        'and make sure your query returns records in the shape you meant it to.');
    }
    return this._fields[index];
  }

  /**
   * Whether the record has a column with this name or position.
   * @param {string|number} key
   * @returns {boolean}
   */
  has(key) {
    if (typeof key === 'number') return key >= 0 && key < this._fields.length;
    return this._fieldLookup[key] !== undefined;
  }

  /**
   * The record as an object: `as(Person)`, `as(Person, rules)` or `as(rules)` (a plain object).
   * Each field with a rule is read from its column, checked and converted; a class's other own
   * fields are copied from their columns. Without rules, those registered for the class apply.
   * @param {Function|Object} constructorOrRules a class callable without arguments, or rules
   * @param {Object} [rules] rules for the class's fields (see `neo4j.rule`)
   * @returns {Object}
   * @throws {Neo4jError} when a required column is missing
   * @throws {TypeError} when a value fails its rule
   */
  as(constructorOrRules, rules) {
    return mapTo((key) => this.get(key), constructorOrRules, rules);
  }
}
