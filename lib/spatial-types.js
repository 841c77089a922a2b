// Point, the spatial value, with the official driver's validation and text form. This module
// also holds the number checks that the temporal types share.

import { isInt } from './integer.js';
import { stringify } from './graph-types.js';

/**
 * Returns `value` if it is a number; otherwise throws.
 * @throws {TypeError} `<name> expected to be a number but was: <value>`
 */
export function assertNumber(value, name) {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} expected to be a number but was: ${stringify(value)}`);
  }
  return value;
}

/**
 * Returns `value` if it is a number, a BigInt or an Integer (of either package); otherwise throws.
 * @throws {TypeError} `<name> expected to be either a number or an Integer object but was: <value>`
 */
export function assertNumberOrInteger(value, name) {
  if (typeof value !== 'number' && typeof value !== 'bigint' && !isInt(value)) {
    throw new TypeError(`${name} expected to be either a number or an Integer object but was: ${stringify(value)}`);
  }
  return value;
}

/** A number as the point's text shows it: whole numbers get a `.0` (`1` → `1.0`). */
function formatCoordinate(value) {
  return Number.isInteger(value) ? `${value}.0` : value.toString();
}

/** A 2D or 3D point in a coordinate reference system (SRID). Immutable. */
export class Point {
  /**
   * @param {Integer|number|bigint} srid the coordinate reference system id, e.g. 4326 (WGS-84)
   * @param {number} x
   * @param {number} y
   * @param {number} [z] omitted (undefined or null) for a 2D point
   * @throws {TypeError} when a field has the wrong type
   */
  constructor(srid, x, y, z) {
    this.srid = assertNumberOrInteger(srid, 'SRID');
    this.x = assertNumber(x, 'X coordinate');
    this.y = assertNumber(y, 'Y coordinate');
    this.z = z === null || z === undefined ? z : assertNumber(z, 'Z coordinate');
    Object.freeze(this);
  }

  /** `Point{srid=4326.0, x=1.0, y=2.0}`, with `, z=...` for a 3D point (a NaN z is left out). */
  toString() {
    const z = this.z != null && !Number.isNaN(this.z) ? `, z=${formatCoordinate(this.z)}` : '';
    return `Point{srid=${formatCoordinate(this.srid)}, x=${formatCoordinate(this.x)}, y=${formatCoordinate(this.y)}${z}}`;
  }
}
Object.defineProperty(Point.prototype, '__isPoint__', { value: true });

/** Whether `obj` is a Point (of either package). */
export function isPoint(obj) {
  return obj?.__isPoint__ === true;
}
