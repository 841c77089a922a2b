// Types of lib/unsupported-type.js.

/** A value of a type the negotiated protocol version cannot carry (Bolt 6.0+). */
export declare class UnsupportedType {
  constructor(name: string, minimumProtocolMajor: number, minimumProtocolMinor: number, message?: string);
  readonly name: string;
  readonly minimumProtocolVersion: string;
  readonly message: string | undefined;
  toString(): string;
}

export declare function isUnsupportedType(value: unknown): value is UnsupportedType;
