// The Bolt protocol version a connection speaks, as servers and summaries report it.

/** A Bolt protocol version: `major.minor`. */
export class ProtocolVersion {
  /**
   * @param {number} major
   * @param {number} minor
   */
  constructor(major, minor) {
    /** The major version. */
    this.major = major;
    /** The minor version. */
    this.minor = minor;
  }

  /** @returns {number} the major version */
  getMajor() {
    return this.major;
  }

  /** @returns {number} the minor version */
  getMinor() {
    return this.minor;
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
    return `${this.major}.${this.minor}`;
  }

  #compare(other) {
    return this.major - other.getMajor() || this.minor - other.getMinor();
  }
}
