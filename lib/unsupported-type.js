// A value the server could not send over the negotiated Bolt version (Bolt 6.0+).

const IDENTIFIER = '__isUnsupportedType__';

/**
 * Stands in for a value of a type that needs a newer protocol version than the connection
 * speaks; it says which type and which version, so the application can tell users why.
 */
export class UnsupportedType {
  /**
   * @param {string} name the type's name
   * @param {number} minimumProtocolMajor
   * @param {number} minimumProtocolMinor
   * @param {string} [message] the server's explanation
   */
  constructor(name, minimumProtocolMajor, minimumProtocolMinor, message) {
    /** The type's name. */
    this.name = name;
    /** The lowest protocol version that carries it, as `major.minor`. */
    this.minimumProtocolVersion = `${minimumProtocolMajor}.${minimumProtocolMinor}`;
    /** The server's explanation, if any. */
    this.message = message;
  }

  /** @returns {string} a description naming the type and the version it needs */
  toString() {
    return `UnsupportedType<${this.name}>`;
  }
}
Object.defineProperty(UnsupportedType.prototype, IDENTIFIER, { value: true });

/**
 * @param {*} value
 * @returns {boolean} whether `value` is an {@link UnsupportedType}
 */
export function isUnsupportedType(value) {
  return value != null && value[IDENTIFIER] === true;
}
