// UUID: Neo4j's UUID value (Bolt 6.1+), 16 bytes, with the official driver's API, validation
// and text form.

import { newError } from './error.js';

/** After which bytes the text form has a dash. */
const DASH_AFTER = [3, 5, 7, 9];
const DASHED = /^[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}$/;
const PLAIN = /^[\da-fA-F]{32}$/;

/**
 * A UUID: its 16 bytes, as `uuid(text)` or a record gives it. Frozen, like the official
 * driver's; the array is kept, not copied.
 */
export class UUID {
  /** @param {Uint8Array} typedArray the 16 bytes */
  constructor(typedArray) {
    if (typedArray?.length !== 16) {
      throw newError(`Uint8Array representation of UUID must be of length 16, got ${String(typedArray)}`);
    }
    this._typedArray = typedArray;
    Object.freeze(this);
  }

  /** @returns {Uint8Array} the 16 bytes (the UUID's own: changing them changes it) */
  getTypedArray() {
    return this._typedArray;
  }

  /** @returns {string} the UUID as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, in lower case */
  toString() {
    let text = '';
    this._typedArray.forEach((byte, i) => {
      text += byte.toString(16).padStart(2, '0');
      if (DASH_AFTER.includes(i)) text += '-';
    });
    return text;
  }

  /**
   * The UUID written as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, or as 32 hex digits.
   * @param {string} text
   * @returns {UUID}
   */
  static fromString(text) {
    if (typeof text !== 'string' || (!DASHED.test(text) && !PLAIN.test(text))) {
      throw newError('UUID string base16 encoded should be of format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx '
        + `or without any dashes, got: ${text}`);
    }
    const digits = text.replace(/-/g, '');
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
    return new UUID(bytes);
  }
}

/** What `isUUID` recognises, also across copies of the package (as the official marks it). */
Object.defineProperty(UUID.prototype, '__isUUID__', { value: true });

/**
 * A UUID to send as a query parameter (Bolt 6.1+): from its text or its 16 bytes.
 * @param {Uint8Array|string} raw
 * @returns {UUID}
 */
export function uuid(raw) {
  if (typeof raw === 'string') return UUID.fromString(raw);
  if (raw instanceof Uint8Array) return new UUID(raw);
  const given = raw?.constructor?.name ?? 'undefined or type without constructor name';
  throw newError('Invalid argument type passed to UUID constructor function: expected Uint8Array or uuid '
    + `string, got: ${given}`);
}

/**
 * @param {*} value
 * @returns {boolean} whether `value` is a {@link UUID}
 */
export function isUUID(value) {
  return value != null && value.__isUUID__ === true;
}
