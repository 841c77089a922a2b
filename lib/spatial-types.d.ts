// Types of lib/spatial-types.js: Point, as neo4j-driver declares it, and the number checks the
// temporal types share.

import type { Integer, NumberOrInteger } from './integer.js';

/** A 2D or 3D point in a coordinate reference system (SRID). */
export declare class Point<T extends NumberOrInteger = Integer> {
  readonly srid: T;
  readonly x: number;
  readonly y: number;
  readonly z: number | undefined;
  constructor(srid: T, x: number, y: number, z?: number);
  toString(): string;
}

export declare function isPoint<T extends NumberOrInteger = Integer>(obj: unknown): obj is Point<T>;

/** Internal: `value` if it is a number. @throws {TypeError} otherwise, naming `name` */
export declare function assertNumber(value: unknown, name: string): number;

/** Internal: `value` if it is a number, BigInt or Integer. @throws {TypeError} otherwise, naming `name` */
export declare function assertNumberOrInteger(value: unknown, name: string): NumberOrInteger;
