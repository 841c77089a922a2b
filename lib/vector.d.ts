// Types of lib/vector.js: Vector, as neo4j-driver declares it.

/** The element type of a vector. */
export type VectorType = 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64';

/** The typed arrays a vector wraps. */
type VectorArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array;

/** A vector: a signed-integer or float typed array, sent as a VECTOR of that element type. */
export declare class Vector<K extends VectorArray = VectorArray> {
  _typedArray: K;
  _type: VectorType;
  constructor(typedArray: K);
  asTypedArray(): K;
  getType(): VectorType;
  toString(): string;
}

export declare function vector<K extends VectorArray>(typedArray: K): Vector<K>;
export declare function isVector<K extends VectorArray = VectorArray>(obj: any): obj is Vector<K>;

export default Vector;
