// Types of lib/protocol-version.js.

/** A Bolt protocol version: `major.minor`. */
export declare class ProtocolVersion {
  constructor(major: number, minor: number);
  readonly major: number;
  readonly minor: number;
  getMajor(): number;
  getMinor(): number;
  isLessThan(other: ProtocolVersion): boolean;
  isGreaterThan(other: ProtocolVersion): boolean;
  isGreaterOrEqualTo(other: ProtocolVersion): boolean;
  isLessOrEqualTo(other: ProtocolVersion): boolean;
  isEqualTo(other: ProtocolVersion): boolean;
  toString(): string;
}
