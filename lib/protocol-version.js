// The Bolt protocol version a connection speaks, as servers and summaries report it.

/** A Bolt protocol version: `major.minor`. */
export class ProtocolVersion {
  /**
   * @param {number} major
   * @param {number} minor
   */
  constructor(major, minor) {
    this._major = major;
    this._minor = minor;
  }

  /** @returns {number} the major version */
  getMajor() {
    return this._major;
  }

  /** @returns {number} the minor version */
  getMinor() {
    return this._minor;
  }

  /** @param {ProtocolVersion} other @returns {boolean} whether this comes before `other` */
  isLessThan(other) {
    return this.#compare(other) < 0;
  }

  /** @param {ProtocolVersion} other @returns {boolean} whether this comes after `other` */
  isGreaterThan(other) {
    return this.#compare(other) > 0;
  }

  /** @param {ProtocolVersion} other @returns {boolean} whether this is `other` or later */
  isGreaterOrEqualTo(other) {
    return this.#compare(other) >= 0;
  }

  /** @param {ProtocolVersion} other @returns {boolean} whether this is `other` or earlier */
  isLessOrEqualTo(other) {
    return this.#compare(other) <= 0;
  }

  /** @param {ProtocolVersion} other @returns {boolean} whether both are the same version */
  isEqualTo(other) {
    return this.#compare(other) === 0;
  }

  /** @returns {string} `major.minor` */
  toString() {
    return `${this._major}.${this._minor}`;
  }

  #compare(other) {
    return this._major - other.getMajor() || this._minor - other.getMinor();
  }
}
