// Types of lib/uuid.js: UUID, as neo4j-driver declares it.

/** A UUID value (Bolt 6.1+): 16 bytes. Frozen. */
export declare class UUID {
  readonly _typedArray: Uint8Array;
  constructor(typedArray: Uint8Array);
  getTypedArray(): Uint8Array;
  /** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case. */
  toString(): string;
  static fromString(uuidString: string): UUID;
}

export declare function uuid(rawUUID: Uint8Array | string): UUID;
export declare function isUUID(obj: any): obj is UUID;
