// Vector: Neo4j's VECTOR value, a wrapper around a signed-integer or float typed array, with
// the official driver's API, validation and text form.

import { newError } from './error.js';

/** Each accepted typed array class, with the vector type it gives and that type's Cypher name. */
const KINDS = [
  [Int8Array, 'INT8', 'INTEGER8'],
  [Int16Array, 'INT16', 'INTEGER16'],
  [Int32Array, 'INT32', 'INTEGER32'],
  [BigInt64Array, 'INT64', 'INTEGER'],
  [Float32Array, 'FLOAT32', 'FLOAT32'],
  [Float64Array, 'FLOAT64', 'FLOAT'],
];

/** The vector type of a typed array, or undefined if it is not one a vector accepts. */
function vectorTypeOf(typedArray) {
  return KINDS.find(([TypedArray]) => typedArray instanceof TypedArray)?.[1];
}

/** What a rejected argument was, for the error messages. */
function describe(value) {
  return value?.constructor?.name ?? 'undefined or type without constructor name';
}

/**
 * A vector: an Int8Array, Int16Array, Int32Array, BigInt64Array, Float32Array or Float64Array,
 * sent to the server as a VECTOR of the matching element type. The array is kept, not copied.
 */
export class Vector {
  /**
   * @param {Int8Array|Int16Array|Int32Array|BigInt64Array|Float32Array|Float64Array} typedArray
   * @throws {Neo4jError} for anything else (unsigned and clamped arrays included), with code `N/A`
   */
  constructor(typedArray) {
    const type = vectorTypeOf(typedArray);
    if (type === undefined) {
      throw newError('Invalid argument type passed to Vector constructor: should be signed integer or float TypedArray, ' +
        `got: ${describe(typedArray)}`);
    }
    /** The element type: 'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32' or 'FLOAT64'. */
    this._type = type;
    /** The wrapped array. */
    this._typedArray = typedArray;
  }

  /** The wrapped typed array (the same object, not a copy). */
  asTypedArray() {
    return this._typedArray;
  }

  /** The element type: 'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32' or 'FLOAT64'. */
  getType() {
    return this._type;
  }

  /** The Cypher form, e.g. `vector([1, 2], 2, INTEGER8 NOT NULL)`. */
  toString() {
    const kind = KINDS.find(([, type]) => type === this._type);
    if (kind === undefined) throw newError(`Cannot stringify vector with unsupported type. Got type: ${this._type}`);
    return `vector([${this._typedArray.join(', ')}], ${this._typedArray.length}, ${kind[2]} NOT NULL)`;
  }
}
Object.defineProperty(Vector.prototype, '__isVector__', { value: true });

/**
 * `neo4j.vector(typedArray)`: a Vector of a signed-integer or float typed array.
 * @throws {Neo4jError} for anything else, with code `N/A`
 */
export function vector(typedArray) {
  if (vectorTypeOf(typedArray) === undefined) {
    throw newError('Invalid argument type passed to vector constructor function: should be signed integer or float TypedArray, ' +
      `got: ${describe(typedArray)}`);
  }
  return new Vector(typedArray);
}

/** Whether `obj` is a Vector (of either package). */
export function isVector(obj) {
  return obj?.__isVector__ === true;
}

export default Vector;
