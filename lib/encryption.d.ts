// Types of lib/encryption.js: client-side property encryption (the preview of neo4j-driver 6.3).

import type { Integer } from './integer.js';
import type { UnsupportedType } from './unsupported-type.js';

/** A data key's bytes (32 for AES-256). */
export type SecretKey = Uint8Array;

/** What a key encapsulation service needs to encapsulate or decapsulate a key, by its own names. */
type KeyEncapsulationOptions = Record<string, string>;

/** A new data key: the key, its encapsulation, and what decapsulating it needs. */
export interface EncapsulationResult {
  encapsulation: () => Int8Array;
  options: () => KeyEncapsulationOptions;
  key: () => SecretKey;
}

/** Creates data keys sealed (encapsulated) by some master key, and opens them again. */
export interface KeyEncapsulationService {
  encapsulate: (options: KeyEncapsulationOptions) => Promise<EncapsulationResult>;
  decapsulate: (encapsulation: Int8Array, metadata: KeyEncapsulationOptions) => Promise<Uint8Array>;
}

/** A reference to a data key: its globally unique id and its alias, if it has one. */
export interface EncapsulatedKey {
  id: () => string;
  alias: () => string | undefined;
}

/** A data key as the repository keeps it: encapsulated, with what decapsulating it needs. */
export interface EncapsulatedKeyRecord extends EncapsulatedKey {
  encapsulation: () => Int8Array;
  metadata: () => Record<string, string>;
}

/** Where the application keeps the data keys; `create` gives each a new globally unique id. */
export interface EncapsulatedKeyRecordRepository {
  findById: (id: string) => Promise<EncapsulatedKeyRecord>;
  findByAlias: (alias: string) => Promise<EncapsulatedKeyRecord>;
  create: (alias: string, encapsulation: Int8Array, metadata: Record<string, string>) => Promise<EncapsulatedKeyRecord>;
  setAliasById: (id: string, alias: string | undefined) => Promise<void>;
  deleteById: (id: string) => Promise<void>;
}

/** How values are sealed, under a name every driver reading them uses. */
export interface EncryptionProfile {
  name: string;
  encapsulationService: KeyEncapsulationService;
  keyRepository: EncapsulatedKeyRecordRepository;
  type: string;
  version: Integer;
  findKey: (options: string | { alias?: string; id?: string }) => Promise<EncapsulatedKeyRecord | undefined>;
  saveKey: (alias: string, encapsulation: Int8Array, metadata: Record<string, string>) => Promise<EncapsulatedKey>;
}

/** Envelope encryption: data keys encapsulated by a key encapsulation service, kept in a repository. */
export declare class EnvelopeEncryptionProfile implements EncryptionProfile {
  name: string;
  encapsulationService: KeyEncapsulationService;
  keyRepository: EncapsulatedKeyRecordRepository;
  type: string;
  version: Integer;
  constructor(config: {
    name: string;
    encapsulationService: KeyEncapsulationService;
    keyRepository: EncapsulatedKeyRecordRepository;
    /** Milliseconds a key record stays cached; default 15 minutes. */
    keyCacheTTL?: number;
    /** Key records cached at most; 0 for no cache (and no alias index); default 100. */
    keyCacheMaxSize?: number;
    /** Milliseconds an alias's key id stays cached; default 15 seconds. */
    keyAliasIndexTTL?: number;
    /** Aliases cached at most; 0 for none; default 100. */
    keyAliasIndexMaxSize?: number;
  });
  findKey(options: string | { alias?: string; id?: string }): Promise<EncapsulatedKeyRecord | undefined>;
  saveKey(alias: string, encapsulation: Int8Array, metadata: Record<string, string>): Promise<EncapsulatedKey>;
}

/** Creates, finds and names the data keys of one profile. */
export declare class EncapsulatedKeyManager {
  constructor(profile: EncryptionProfile, keyEncapsulationService: KeyEncapsulationService);
  create(name: string): Promise<EncapsulatedKey>;
  findById(id: string): Promise<EncapsulatedKey | undefined>;
  findByAlias(alias: string): Promise<EncapsulatedKey | undefined>;
  setAliasById(id: string, alias?: string): Promise<void>;
  deleteAliasById(id: string): Promise<void>;
  deleteById(id: string): Promise<void>;
}

/** Encrypts and decrypts property values (`driver.encryption`). */
export declare class EncryptionService {
  /** Made by the driver from its config: `encryptionProfiles`, and how decrypted integers are given. */
  constructor(profiles?: EncryptionProfile[], config?: { useBigInt?: boolean; disableLosslessIntegers?: boolean });
  encrypt(encryptRequest: {
    value: any;
    keyOptions: string | { alias?: string; id?: string };
    encryptionProfile?: string;
    aad?: any;
  }): Promise<Int8Array>;
  decrypt<T>(decryptRequest: { ciphertext: Int8Array; usePersistedAad?: boolean; aad?: any }): Promise<T | UnsupportedType>;
  keyManager(profileName?: string): EncapsulatedKeyManager;
}

/** A key encapsulation service with a local 256-bit AES-GCM key encryption key. */
export declare class LocalKeyEncapsulationService implements KeyEncapsulationService {
  constructor(kek: Uint8Array);
  encapsulate(options: Record<string, string>): Promise<EncapsulationResult>;
  decapsulate(encapsulation: Int8Array, metadata: Record<string, string>): Promise<Uint8Array>;
}

/** A {@link LocalKeyEncapsulationService} with `masterKey` (32 bytes) as its key encryption key. */
export declare function localKeyEncapsulationService(masterKey: Uint8Array): LocalKeyEncapsulationService;
