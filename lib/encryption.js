// Client-side property encryption, the preview of neo4j-driver 6.3: values are sealed with
// AES-256-GCM before they reach the server, in a byte array every official driver configured
// with the same profile can open. Envelope encryption: each value is sealed with a data key;
// data keys are kept encapsulated (sealed with a key encryption key) in a repository the
// application provides. All cryptography is WebCrypto's, so it runs in browsers and in Node.
//
// The byte array: 0x01, then the PackStream structure 0x65 of 8 fields: profile type
// ('ENVELOPE'), profile version (1), profile name, ciphertext (with GCM's tag), the value's
// type name, the encoding's major and minor version (1.0: Bolt 6.1 PackStream), and a map of
// `key_id`, `iv` (12 bytes), and with additional authenticated data `aad` (its PackStream
// bytes) and `aad_encoding_scheme_major`/`_minor`. The core writes and reads the PackStream.

import { int, isInt } from './integer.js';
import { isPoint } from './spatial-types.js';
import {
  isDate, isTime, isLocalTime, isLocalDateTime, isDateTime, isDuration,
} from './temporal-types.js';
import { isVector } from './vector.js';
import { isUUID } from './uuid.js';
import { UnsupportedType } from './unsupported-type.js';
import { newError } from './error.js';
import { core } from './core.js';
import { integerMode } from './config.js';

/** The first byte of an encrypted value: the version of its format. */
const FORMAT_VERSION = 1;
/**
 * The envelope's header: a PackStream structure of 8 fields, tag 0x65. The core knows no such
 * structure, so it writes and reads the fields as a list, whose header (0x98) this replaces.
 */
const ENVELOPE_HEADER = [0xb8, 0x65];
const FIELDS_HEADER = 0x98;
/** The header of a PackStream list of one item. */
const SINGLE_ITEM_HEADER = 0x91;
/** The encoding of values and AAD this driver writes and reads: 1.0. */
const ENCODING_MAJOR = 1n;
const ENCODING_MINOR = 0n;
/** The GQL status neo4j-driver gives (as the code, too) to failures of the crypto and of the key repository. */
const FAILED = '50N42';
/** Types additional authenticated data may have, by type name. */
const AAD_TYPES = ['BOOLEAN', 'DATE', 'INTEGER', 'LOCAL TIME', 'POINT', 'STRING', 'ZONED TIME', 'UUID', 'BYTES'];
/** How the envelope's integers are read: BigInts, whatever the driver's config. */
const BIGINTS = { useBigInt: true };

/** WebCrypto's SubtleCrypto, or a clear error where the runtime has none. */
function subtle() {
  const subtleCrypto = globalThis.crypto?.subtle;
  if (subtleCrypto === undefined) {
    throw newError('Client-side encryption needs WebCrypto (crypto.subtle), which browsers provide only ' +
      'to secure contexts (https pages, or localhost)');
  }
  return subtleCrypto;
}

/** An AES-256-GCM key from its 32 bytes, for one use. */
function aesKey(bytes, use) {
  return subtle().importKey('raw', bytes, { name: 'AES-GCM', length: 256 }, false, [use]);
}

/** GCM's parameters: the IV, and the additional data when there is some. */
function gcm(iv, aad) {
  return aad === undefined ? { name: 'AES-GCM', iv } : { name: 'AES-GCM', iv, additionalData: aad };
}

/** Seals `plaintext` with a new random 12-byte IV: `{ ciphertext, iv }` (the ciphertext ends with GCM's tag). */
async function seal(keyBytes, plaintext, aad) {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await subtle().encrypt(gcm(iv, aad), await aesKey(keyBytes, 'encrypt'), plaintext);
  return { ciphertext: new Uint8Array(ciphertext), iv };
}

/** Opens what {@link seal} sealed; rejects (OperationError) when the key, IV, AAD or bytes are wrong. */
async function open(keyBytes, iv, ciphertext, aad) {
  return new Uint8Array(await subtle().decrypt(gcm(iv, aad), await aesKey(keyBytes, 'decrypt'), ciphertext));
}

/** The bytes of an ArrayBuffer or a typed array, as a Uint8Array over the same memory. */
function bytesOf(source) {
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return null;
}

/** What a value is, for errors that must not show the value itself: `null`, `a string`, `an Object`, ... */
function kindOf(value) {
  if (value === null || value === undefined) return String(value);
  const name = typeof value === 'object' ? value.constructor?.name ?? 'object without prototype' : typeof value;
  return `${/^[aeiouAEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** Runs `action`, turning its failure into a Neo4jError that names `what` and keeps the failure as cause. */
async function guarded(what, action) {
  try {
    return await action();
  } catch (error) {
    throw newError(`${what} failed, see cause.`, FAILED, error);
  }
}

/** The property types that can be encrypted, but lists: each one's name and test. */
const PROPERTY_TYPES = [
  ['STRING', (v) => typeof v === 'string'],
  ['BOOLEAN', (v) => typeof v === 'boolean'],
  ['FLOAT', (v) => typeof v === 'number'],
  ['INTEGER', (v) => typeof v === 'bigint'],
  ['INTEGER', isInt],
  ['DATE', isDate],
  ['DURATION', isDuration],
  ['VECTOR', isVector],
  ['BYTES', (v) => v instanceof Int8Array],
  ['LOCAL DATETIME', isLocalDateTime],
  ['LOCAL TIME', isLocalTime],
  ['ZONED DATETIME', isDateTime],
  ['ZONED TIME', isTime],
  ['POINT', isPoint],
  ['UUID', isUUID],
];

/**
 * The property type of a value that can be encrypted (see {@link EncryptionService#encrypt}):
 * its name, and a test for the elements of a list of it.
 * @returns {[string, function(*): boolean]}
 * @throws {Neo4jError} for values of other types
 */
function propertyType(value) {
  if (value === null) return ['NULL'];
  const type = PROPERTY_TYPES.find(([, is]) => is(value));
  if (type !== undefined) return type;
  if (!Array.isArray(value)) {
    throw newError('Only property values can be encrypted (a string, boolean, number, Integer, BigInt, Int8Array, ' +
      `temporal value, Point, Vector, UUID, or a list of one of those), not ${kindOf(value)}`);
  }
  if (value.length === 0) throw newError('An empty list cannot be encrypted: it has no element type');
  const [first] = value;
  const [name, is] = propertyType(first);
  if (name === 'NULL') throw newError('Encrypted lists cannot contain null values');
  if (name === 'VECTOR') throw newError('Encrypted lists cannot contain vectors');
  const same = name === 'POINT' ? (point) => isPoint(point) && samePointKind(first, point) : is;
  if (!value.every(same)) throw newError('Every element of an encrypted list must be of the same property type');
  return ['LIST', () => false];
}

/** Whether Point `point` has the SRID and dimension of Point `first`; throws when it has not. */
function samePointKind(first, point) {
  if (!int(point.srid).equals(int(first.srid))) {
    throw newError('Encrypted lists of Points must only contain Points with identical SRIDs');
  }
  if ((point.z == null) !== (first.z == null)) {
    throw newError('Encrypted lists of Points must only contain Points of the same dimension');
  }
  return true;
}

/**
 * The value in PackStream `bytes`, with integers as the driver `config` says. The core reads
 * lists (as it reads records): the value is read as the only item of one.
 */
function unpack(bytes, config) {
  const list = new Uint8Array(bytes.length + 1);
  list[0] = SINGLE_ITEM_HEADER;
  list.set(bytes, 1);
  return core().unpackList(list, integerMode(config))[0];
}

/** The encrypted value of an envelope's fields: the format version, then the envelope. */
function writeEnvelope(fields) {
  const list = core().packValue(fields);
  const bytes = new Int8Array(list.length + 2);
  bytes.set([FORMAT_VERSION, ...ENVELOPE_HEADER]);
  bytes.set(list.subarray(1), 3);
  return bytes;
}

/** The envelope in the bytes of an encrypted value, checked field by field. */
function readEnvelope(ciphertext) {
  const bytes = bytesOf(ciphertext);
  if (bytes === null) throw new TypeError(`decrypt: ciphertext must be an Int8Array, not ${kindOf(ciphertext)}`);
  if (bytes.length === 0) throw newError('decrypt: the ciphertext is empty');
  if (bytes[0] !== FORMAT_VERSION) {
    throw newError(`decrypt: the value is in format version ${bytes[0]}; this driver reads version ${FORMAT_VERSION}`);
  }
  let fields = [];
  if (bytes[1] === ENVELOPE_HEADER[0] && bytes[2] === ENVELOPE_HEADER[1]) {
    const list = bytes.slice(2);
    list[0] = FIELDS_HEADER;
    try {
      fields = core().unpackList(list, integerMode(BIGINTS));
    } catch (error) {
      throw newError(`decrypt: the ciphertext is not an encrypted value (${error.message})`);
    }
  }
  const [profileType, profileVersion, profileName, sealed, typeName, major, minor, metadata] = fields;
  const shaped = typeof profileType === 'string' && typeof profileVersion === 'bigint' &&
    typeof profileName === 'string' && sealed instanceof Int8Array && typeof typeName === 'string' &&
    typeof major === 'bigint' && typeof minor === 'bigint' && metadata !== null && typeof metadata === 'object' &&
    typeof metadata.key_id === 'string' && metadata.iv instanceof Int8Array;
  if (!shaped) throw newError('decrypt: the ciphertext is not an encrypted value (its envelope is malformed)');
  return { profileType, profileVersion, profileName, sealed, major, minor, metadata };
}

/**
 * Encrypts and decrypts property values (`driver.encryption`), with the encryption profiles
 * of the driver's config (`encryptionProfiles`).
 * @experimental the client-side encryption preview of neo4j-driver 6.3
 */
export class EncryptionService {
  /** Profile and key manager, by profile name. */
  #profiles = new Map();
  /** How decrypted integers are given: the driver config's `useBigInt` and `disableLosslessIntegers`. */
  #integers;

  /**
   * Made by the driver from its config.
   * @param {EncryptionProfile[]} [profiles] each with its own name
   * @param {{useBigInt?: boolean, disableLosslessIntegers?: boolean}} [config] the driver's
   *   config, which says how decrypted integers are given
   * @throws {Neo4jError} when two profiles have the same name
   */
  constructor(profiles = [], { useBigInt, disableLosslessIntegers } = {}) {
    if (!Array.isArray(profiles)) {
      throw new TypeError(`config encryptionProfiles must be an array of encryption profiles, not ${kindOf(profiles)}`);
    }
    for (const profile of profiles) {
      if (typeof profile?.name !== 'string') {
        throw new TypeError('config encryptionProfiles: each profile needs a name (a string), ' +
          'such as an EnvelopeEncryptionProfile has');
      }
      if (this.#profiles.has(profile.name)) {
        throw newError(`Multiple profiles with name ${profile.name} configured, each profile must have a unique name.`);
      }
      this.#profiles.set(profile.name, { profile, keyManager: new EncapsulatedKeyManager(profile, profile.encapsulationService) });
    }
    this.#integers = { useBigInt, disableLosslessIntegers };
  }

  /**
   * Encrypts a property value into a byte array to store as a property, which drivers
   * configured with the same profile (and key repository) decrypt.
   * @param {object} request
   * @param {*} request.value a property value: a string, boolean, number (a float), Integer or
   *   BigInt (an integer), Int8Array, temporal value, Point, Vector, UUID, null, or a non-empty
   *   list of values of one of those types
   * @param {string|{id?: string, alias?: string}} request.keyOptions the data key: its id, or `{ id }` or `{ alias }`
   * @param {string} [request.encryptionProfile] the profile's name; may be left out when there is one profile
   * @param {*} [request.aad] additional authenticated data, which decrypting must give again
   *   (a boolean, Date, integer, LocalTime, Point, string, Time, UUID or Int8Array); it is stored with the value
   * @returns {Promise<Int8Array>}
   */
  async encrypt({ value, keyOptions, encryptionProfile, aad } = {}) {
    const { profile } = this.#profile(encryptionProfile);
    const [typeName] = propertyType(value);
    const plaintext = core().packValue(value);
    let encodedAad;
    if (aad !== undefined) {
      const [aadType] = propertyType(aad);
      if (!AAD_TYPES.includes(aadType)) {
        throw newError(`Unsupported AAD property type ${aadType}, supported values are ${AAD_TYPES.join(',')}`);
      }
      encodedAad = core().packValue(aad);
    }
    const key = await findKey(profile, keyOptions);
    return guarded('Property encryption', async () => {
      const { ciphertext, iv } = await seal(await dataKey(profile, key), plaintext, encodedAad);
      // The keys in order, as neo4j-driver writes them.
      const metadata = encodedAad === undefined ? { iv, key_id: key.id() } : {
        aad: encodedAad,
        aad_encoding_scheme_major: ENCODING_MAJOR,
        aad_encoding_scheme_minor: ENCODING_MINOR,
        iv,
        key_id: key.id(),
      };
      return writeEnvelope([profile.type, int(profile.version), profile.name, ciphertext, typeName,
        ENCODING_MAJOR, ENCODING_MINOR, metadata]);
    });
  }

  /**
   * Decrypts what {@link EncryptionService#encrypt} (of this or another driver) encrypted.
   * Integers come as the driver's config says (`disableLosslessIntegers`, `useBigInt`).
   * @param {object} request
   * @param {Int8Array} request.ciphertext
   * @param {*} [request.aad] the additional authenticated data given to `encrypt`
   * @param {boolean} [request.usePersistedAad] check the value against the data stored with it instead
   * @returns {Promise<*>} the value, or an {@link UnsupportedType} for a value encoded by a newer driver
   */
  async decrypt({ ciphertext, aad, usePersistedAad } = {}) {
    if (usePersistedAad === true && aad !== undefined) {
      throw new TypeError('decrypt takes either aad or usePersistedAad, not both');
    }
    const envelope = readEnvelope(ciphertext);
    if (envelope.major !== ENCODING_MAJOR || envelope.minor > ENCODING_MINOR) {
      return new UnsupportedType('Undecryptable Value', Number(envelope.major), Number(envelope.minor),
        'Encrypted value was encoded with a newer driver, you must update your driver version to decode it.');
    }
    if (envelope.profileType !== 'ENVELOPE' || envelope.profileVersion !== 1n) {
      throw newError(`Unsupported encryption profile version ${envelope.profileVersion} of profile type ${envelope.profileType}.`);
    }
    let encodedAad;
    if (usePersistedAad === true) encodedAad = envelope.metadata.aad ?? undefined;
    else if (aad !== undefined) encodedAad = aadFor(aad, envelope.metadata);
    const { profile } = this.#profile(envelope.profileName);
    return guarded('Property decryption', async () => {
      const key = await findKey(profile, envelope.metadata.key_id);
      const plaintext = await open(await dataKey(profile, key), envelope.metadata.iv, envelope.sealed, encodedAad);
      const value = unpack(plaintext, this.#integers);
      propertyType(value);
      return value;
    });
  }

  /**
   * The key manager of a profile, which creates data keys and names them.
   * @param {string} [profileName] may be left out when there is one profile
   * @returns {EncapsulatedKeyManager}
   */
  keyManager(profileName) {
    return this.#profile(profileName).keyManager;
  }

  /** The profile named `name`, or the only one when `name` is left out. */
  #profile(name) {
    if (name == null) {
      if (this.#profiles.size === 1) return this.#profiles.values().next().value;
      throw newError(this.#profiles.size === 0
        ? 'No encryption profiles are configured: give the driver config encryptionProfiles'
        : 'When using a driver with multiple encryption profiles configured, which encryption profile to use must be explicitly provided');
    }
    const entry = this.#profiles.get(name);
    if (entry === undefined) throw newError(`Could not find encryption profile with name ${name}`);
    return entry;
  }
}

/** The PackStream bytes of AAD given to decrypt, in the encoding the value's stored AAD used. */
function aadFor(aad, metadata) {
  propertyType(aad);
  const { aad_encoding_scheme_major: major, aad_encoding_scheme_minor: minor } = metadata;
  if (typeof major !== 'bigint' || typeof minor !== 'bigint') {
    throw newError('decrypt was given aad, but the value was encrypted without additional authenticated data');
  }
  if (major !== ENCODING_MAJOR || minor > ENCODING_MINOR) {
    throw newError('Could not encode provided AAD as it was encoded with an unsupported encoding scheme');
  }
  return core().packValue(aad);
}

/** The key record `keyOptions` names (an id, `{ id }` or `{ alias }`); a Neo4jError when there is none. */
async function findKey(profile, keyOptions) {
  if (keyOptions == null) {
    throw new TypeError('keyOptions is required: the id of a data key, or { id } or { alias }');
  }
  const key = await profile.findKey(keyOptions);
  if (key == null) throw newError(`Could not find key with key options: ${JSON.stringify(keyOptions)}`);
  return key;
}

/** The data key of a key record, decapsulated by the profile's encapsulation service. */
async function dataKey(profile, key) {
  const bytes = await profile.encapsulationService.decapsulate(key.encapsulation(), key.metadata());
  if (bytes?.length !== 32) throw newError(`Expected decapsulated key to be 32 bytes, found ${bytes?.length}`);
  return bytes;
}

/** Calls the key repository's `method`; its failure becomes a Neo4jError whose cause it is. */
async function callRepository(repository, method, ...args) {
  return guarded(`Call to EncapsulatedKeyRepository.${method}`, () => repository[method](...args));
}

/** The methods a key repository needs, and those an encapsulation service needs. */
const REPOSITORY_METHODS = ['findById', 'findByAlias', 'create', 'setAliasById', 'deleteById'];
const ENCAPSULATION_METHODS = ['encapsulate', 'decapsulate'];

/** Throws a TypeError naming `what` unless `object` has every method in `methods`. */
function assertMethods(object, methods, what) {
  const missing = methods.filter((method) => typeof object?.[method] !== 'function');
  if (missing.length > 0) throw new TypeError(`${what} needs the method(s) ${missing.join(', ')}`);
}

/**
 * An encryption profile for envelope encryption: data keys, encapsulated by a key
 * encapsulation service, are kept in the application's key repository. Key records found are
 * cached by id, and aliases by name, for a while.
 * @experimental the client-side encryption preview of neo4j-driver 6.3
 */
export class EnvelopeEncryptionProfile {
  #keyCache;
  #aliasIndex;

  /**
   * @param {object} config
   * @param {string} config.name the profile's name, the same in every driver that reads the data
   * @param {KeyEncapsulationService} config.encapsulationService encapsulates and decapsulates data keys
   *   (such as {@link LocalKeyEncapsulationService})
   * @param {EncapsulatedKeyRecordRepository} config.keyRepository where data keys are kept
   * @param {number} [config.keyCacheTTL] milliseconds a key record stays cached; default 15 minutes
   * @param {number} [config.keyCacheMaxSize] key records cached at most (the oldest go first); 0 for no cache
   *   (and no alias index); default 100
   * @param {number} [config.keyAliasIndexTTL] milliseconds an alias's key id stays cached; default 15 seconds
   * @param {number} [config.keyAliasIndexMaxSize] aliases cached at most; 0 for none; default 100
   */
  constructor({ name, encapsulationService, keyRepository, keyCacheTTL, keyCacheMaxSize, keyAliasIndexTTL, keyAliasIndexMaxSize } = {}) {
    if (typeof name !== 'string') throw new TypeError(`EnvelopeEncryptionProfile: name must be a string, not ${kindOf(name)}`);
    assertMethods(encapsulationService, ENCAPSULATION_METHODS, 'EnvelopeEncryptionProfile: encapsulationService');
    assertMethods(keyRepository, REPOSITORY_METHODS, 'EnvelopeEncryptionProfile: keyRepository');
    /** The profile's name. */
    this.name = name;
    /** Encapsulates and decapsulates the data keys. */
    this.encapsulationService = encapsulationService;
    /** Where the data keys are kept. */
    this.keyRepository = keyRepository;
    /** The profile type written into encrypted values. */
    this.type = 'ENVELOPE';
    /** The profile version written into encrypted values. */
    this.version = int(1);
    this.#keyCache = new ExpiringCache(keyCacheTTL ?? 15 * 60 * 1000, keyCacheMaxSize ?? 100);
    this.#aliasIndex = new ExpiringCache(keyAliasIndexTTL ?? 15 * 1000, keyCacheMaxSize === 0 ? 0 : keyAliasIndexMaxSize ?? 100);
  }

  /**
   * The key record with an id (`'id'` or `{ id }`) or an alias (`{ alias }`), from the cache or the repository.
   * @param {string|{id?: string, alias?: string}} options
   * @returns {Promise<EncapsulatedKeyRecord|undefined>}
   */
  async findKey(options) {
    if (typeof options === 'string') return this.#findById(options);
    if (options?.id != null) return this.#findById(options.id);
    if (options?.alias != null) return this.#findByAlias(options.alias);
    throw newError(`invalid key options: ${JSON.stringify(options)}; give a key id, { id } or { alias }`);
  }

  /**
   * Stores a new encapsulated data key in the repository.
   * @param {string} alias
   * @param {Int8Array} encapsulation
   * @param {Object<string, string>} metadata what the encapsulation service needs to decapsulate it
   * @returns {Promise<EncapsulatedKey>} the repository's new record
   */
  saveKey(alias, encapsulation, metadata) {
    return callRepository(this.keyRepository, 'create', alias, encapsulation, metadata);
  }

  /**
   * Drops what the caches know of the key `id` and of `alias`, which the key manager changed.
   * @param {string} id
   * @param {string} [alias]
   */
  _forget(id, alias) {
    this.#keyCache.delete(id);
    this.#aliasIndex.deleteWhere((aliased, name) => aliased === id || name === alias);
  }

  async #findById(id) {
    const cached = this.#keyCache.get(id);
    if (cached !== undefined) return cached;
    const key = await callRepository(this.keyRepository, 'findById', id);
    if (key == null) return undefined;
    this.#keyCache.set(id, key);
    return key;
  }

  async #findByAlias(alias) {
    const id = this.#aliasIndex.get(alias);
    if (id !== undefined) return this.#findById(id);
    const key = await callRepository(this.keyRepository, 'findByAlias', alias);
    if (key == null) return undefined;
    this.#aliasIndex.set(alias, key.id());
    this.#keyCache.set(key.id(), key);
    return key;
  }
}

/** A map whose entries expire `ttl` milliseconds after they were set, holding `maxSize` at most (the oldest go first). */
class ExpiringCache {
  #entries = new Map();

  constructor(ttl, maxSize) {
    this.ttl = ttl;
    this.maxSize = maxSize;
  }

  /** The value set for `key`, unless it expired. */
  get(key) {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (Date.now() - entry.since < this.ttl) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Sets `key`, then drops the oldest entries beyond the size limit. */
  set(key, value) {
    this.#entries.delete(key);
    this.#entries.set(key, { value, since: Date.now() });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxSize) break;
      this.#entries.delete(oldest);
    }
  }

  /** Drops `key`. */
  delete(key) {
    this.#entries.delete(key);
  }

  /** Drops the entries for which `test(value, key)` holds. */
  deleteWhere(test) {
    for (const [key, { value }] of this.#entries) if (test(value, key)) this.#entries.delete(key);
  }
}

/**
 * Creates, finds and names the data keys of one profile (`driver.encryption.keyManager()`).
 * @experimental the client-side encryption preview of neo4j-driver 6.3
 */
export class EncapsulatedKeyManager {
  #profile;
  #encapsulationService;

  /**
   * @param {EncryptionProfile} profile
   * @param {KeyEncapsulationService} encapsulationService
   */
  constructor(profile, encapsulationService) {
    this.#profile = profile;
    this.#encapsulationService = encapsulationService;
  }

  /**
   * Creates a new data key, encapsulated, and stores it in the profile's repository under `name`.
   * @param {string} name the new key's alias
   * @returns {Promise<EncapsulatedKey>} the repository's record of it
   */
  async create(name) {
    const result = await this.#encapsulationService.encapsulate({});
    return this.#profile.saveKey(name, result.encapsulation(), result.options());
  }

  /**
   * @param {string} id
   * @returns {Promise<EncapsulatedKey|undefined>} the key with this id (its `id()` and `alias()`), if there is one
   */
  async findById(id) {
    return reference(await this.#profile.findKey({ id }));
  }

  /**
   * @param {string} alias
   * @returns {Promise<EncapsulatedKey|undefined>} the key with this alias (its `id()` and `alias()`), if there is one
   */
  async findByAlias(alias) {
    return reference(await this.#profile.findKey({ alias }));
  }

  /**
   * Gives the key `id` the alias `alias` (which no other key may have), or none when `alias`
   * is left out. The profile's caches forget the key and the alias.
   * @param {string} id
   * @param {string} [alias]
   * @returns {Promise<void>}
   */
  async setAliasById(id, alias) {
    await callRepository(this.#profile.keyRepository, 'setAliasById', id, alias);
    this.#profile._forget?.(id, alias);
  }

  /**
   * Takes the alias from the key `id`.
   * @param {string} id
   * @returns {Promise<void>}
   */
  deleteAliasById(id) {
    return this.setAliasById(id, undefined);
  }

  /**
   * Deletes the key `id` from the repository; values encrypted with it can no longer be decrypted.
   * The profile's caches forget it.
   * @param {string} id
   * @returns {Promise<void>}
   */
  async deleteById(id) {
    await callRepository(this.#profile.keyRepository, 'deleteById', id);
    this.#profile._forget?.(id);
  }
}

/** A key record as a reference to it: its `id()` and `alias()`; undefined for none. */
function reference(record) {
  return record == null ? undefined : { id: () => record.id(), alias: () => record.alias() };
}

/**
 * A key encapsulation service that seals data keys with a local 256-bit AES-GCM key (the key
 * encryption key), which the application keeps safe.
 * @experimental the client-side encryption preview of neo4j-driver 6.3
 */
export class LocalKeyEncapsulationService {
  #masterKey;

  /**
   * @param {Uint8Array} kek the key encryption key: 32 bytes (a typed array or ArrayBuffer); copied
   * @throws {Neo4jError} when it is not 32 bytes long
   */
  constructor(kek) {
    const bytes = bytesOf(kek);
    if (bytes === null) {
      throw new TypeError(`LocalKeyEncapsulationService: the master key must be a Uint8Array of 32 bytes, not ${kindOf(kek)}`);
    }
    if (bytes.length !== 32) {
      throw newError(`LocalKeyEncapsulationService master key must be of byteLength 32 (256 bits), got ${bytes.length} ` +
        `(${bytes.length * 8} bits)`);
    }
    this.#masterKey = bytes.slice();
  }

  /**
   * Creates a random data key and seals it with the master key.
   * @param {Object<string, string>} [options] not used
   * @returns {Promise<EncapsulationResult>} the data key, sealed (an Int8Array), and its IV (base64)
   */
  async encapsulate(options) {
    const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const { ciphertext, iv } = await seal(this.#masterKey, key);
    const encapsulation = new Int8Array(ciphertext.buffer);
    const metadata = { iv: toBase64(iv) };
    return { encapsulation: () => encapsulation, options: () => metadata, key: () => key };
  }

  /**
   * Opens a data key sealed by {@link LocalKeyEncapsulationService#encapsulate}.
   * @param {Int8Array} encapsulation
   * @param {Object<string, string>} metadata `{ iv }` as `encapsulate` gave it
   * @returns {Promise<Uint8Array>}
   */
  decapsulate(encapsulation, metadata) {
    return open(this.#masterKey, fromBase64(metadata.iv), bytesOf(encapsulation));
  }
}

/** Base64 of bytes. */
function toBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

/** Bytes of base64 text. */
function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * A {@link LocalKeyEncapsulationService} with `masterKey` as its key encryption key.
 * @param {Uint8Array} masterKey 32 bytes
 * @returns {LocalKeyEncapsulationService}
 * @experimental the client-side encryption preview of neo4j-driver 6.3
 */
export function localKeyEncapsulationService(masterKey) {
  return new LocalKeyEncapsulationService(masterKey);
}
