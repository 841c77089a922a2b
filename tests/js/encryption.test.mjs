// Client-side encryption (lib/encryption.js, and the core's packValue and unpackList) against
// neo4j-driver 6.3, byte for byte where the format is deterministic: the PackStream of every kind
// of value that can be encrypted, the envelope around the ciphertext, and values encrypted by
// either driver decrypted by the other, in each integer mode. No server is needed; the differential scenarios run the
// same through a server, in Node and in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import official from 'neo4j-driver';
import ours from '../../lib/node.js';
import { core } from '../../lib/core.js';
import { integerMode } from '../../lib/config.js';
import { encryptableValues } from '../differential/scenarios.mjs';

// The official driver's own encoder, as its EncryptionService uses it (Bolt 6.1 PackStream).
const require = createRequire(import.meta.url);
const officialCore = require('neo4j-driver-core');
const officialBolt = require('neo4j-driver-bolt-connection');
const quietLog = { warn() {}, debug() {}, isDebugEnabled: () => false };

/** The core's PackStream of a value. */
const pack = (value) => core().packValue(value);

/** The value of PackStream bytes (integers as `config` says), read as the only item of a list. */
function unpack(bytes, config) {
  const list = new Uint8Array(bytes.length + 1);
  list[0] = 0x91;
  list.set(bytes, 1);
  return core().unpackList(list, integerMode(config))[0];
}

/**
 * The fields of an encrypted value's envelope, after its format version: the structure 0x65 of
 * 8 fields (B8 65) read as a list (98), integers as BigInts.
 */
function envelopeFields(ciphertext) {
  const bytes = new Uint8Array(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength);
  assert.deepEqual([...bytes.subarray(0, 3)], [1, 0xb8, 0x65], 'the format version and the structure header');
  const list = bytes.slice(2);
  list[0] = 0x98;
  return core().unpackList(list, integerMode({ useBigInt: true }));
}

/** An encrypted value with the envelope `fields`, as {@link envelopeFields} reads them. */
function withEnvelope(fields) {
  return Int8Array.from([1, 0xb8, 0x65, ...pack(fields).subarray(1)]);
}

/** The official PackStream bytes of `value` (and its decoding), with the given integer config. */
function officialCodec(config = {}) {
  const protocol = new officialBolt.BoltProtocol(undefined, undefined, config, undefined, quietLog);
  const versions = new Map([['1', { version: new officialCore.ProtocolVersion(1, 0), bolt: protocol }]]);
  const provider = new officialCore.BoltProvider(versions, '1', officialBolt.channel.alloc);
  return {
    encode: (value) => new Uint8Array(provider.encodeValue(value)),
    decode: (bytes) => provider.decodeValue(bytes.slice().buffer, new officialCore.ProtocolVersion(1, 0)),
  };
}

/** One value of every kind that can be encrypted, made with a driver module's classes: the
 * differential scenarios' values and the sizes and element types at the edges of each encoding. */
function values(neo4j) {
  const { types } = neo4j;
  return {
    ...encryptableValues(neo4j),
    negativeZero: -0,
    longString: 'x'.repeat(70_000),
    tinyInteger: neo4j.int(-16),
    integer8: neo4j.int(-129),
    integer32: neo4j.int(70_000),
    bigint: 2n ** 62n,
    strings: Array.from({ length: 20 }, (_, i) => `s${i}`),
    ancientDate: new types.Date(-44, 3, 15),
    vectorInt8: neo4j.vector(new Int8Array([1, -2])),
    vectorInt16: neo4j.vector(new Int16Array([1, -300])),
    vectorInt32: neo4j.vector(new Int32Array([70_000])),
    vectorFloat64: neo4j.vector(new Float64Array([Math.PI])),
  };
}

/** A value as comparable data: its class and fields (bigints and typed arrays spelled out). */
function plain(value) {
  return JSON.parse(JSON.stringify({ value }, (key, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (ArrayBuffer.isView(v)) return [v.constructor.name, ...Array.from(v, String)];
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) {
      return { class: v.constructor.name, ...v, text: typeof v.toString === 'function' ? v.toString() : undefined };
    }
    return v;
  }));
}

test('every kind of value is packed as the official driver packs it, and read back as it reads it, in each integer mode', () => {
  const mine = values(ours);
  const theirs = values(official);
  for (const config of [{}, { disableLosslessIntegers: true }, { useBigInt: true }]) {
    const codec = officialCodec(config);
    for (const name of Object.keys(mine)) {
      const bytes = pack(mine[name]);
      assert.deepEqual(bytes, codec.encode(theirs[name]), `${name}: the PackStream bytes`);
      assert.deepEqual(plain(unpack(bytes, config)), plain(codec.decode(bytes)), `${name} read with ${JSON.stringify(config)}`);
    }
  }
});

test('a DateTime with a zone id and no offset takes the offset in force at its wall-clock time', () => {
  // 02:30 on 2024-03-31 does not exist in Stockholm (clocks go forward); 02:30 on 2024-10-27 is
  // ambiguous. The official driver takes the offset in force at the wall-clock time read as UTC.
  const codec = officialCodec();
  for (const [month, day] of [[3, 31], [10, 27], [7, 1]]) {
    const mine = new ours.types.DateTime(2024, month, day, 2, 30, 0, 0, undefined, 'Europe/Stockholm');
    const theirs = new official.types.DateTime(2024, month, day, 2, 30, 0, 0, undefined, 'Europe/Stockholm');
    assert.deepEqual(pack(mine), codec.encode(theirs), `2024-${month}-${day}`);
  }
});

/** A key repository in memory, shared by drivers; counts the calls of each method. */
function memoryRepository() {
  const keys = new Map();
  const calls = { findById: 0, findByAlias: 0, create: 0, setAliasById: 0, deleteById: 0 };
  const record = (id, alias, encapsulation, metadata) => ({
    id: () => id, alias: () => alias, encapsulation: () => encapsulation, metadata: () => metadata,
  });
  return {
    calls,
    async findById(id) {
      calls.findById++;
      return keys.get(id);
    },
    async findByAlias(alias) {
      calls.findByAlias++;
      return [...keys.values()].find((key) => key.alias() === alias);
    },
    async create(alias, encapsulation, metadata) {
      calls.create++;
      const id = `key-${keys.size + 1}`;
      keys.set(id, record(id, alias, encapsulation, metadata));
      return keys.get(id);
    },
    async setAliasById(id, alias) {
      calls.setAliasById++;
      const key = keys.get(id);
      keys.set(id, record(id, alias, key.encapsulation(), key.metadata()));
    },
    async deleteById(id) {
      calls.deleteById++;
      keys.delete(id);
    },
  };
}

const MASTER_KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7);

/** A driver (never connected) of `neo4j` with one envelope profile named `name`. */
function encryptingDriver(neo4j, repository, { config = {}, profile = {}, name = 'profile', masterKey = MASTER_KEY } = {}) {
  const encryptionProfiles = [new neo4j.EnvelopeEncryptionProfile({
    name, encapsulationService: neo4j.localKeyEncapsulationService(masterKey), keyRepository: repository, ...profile,
  })];
  return neo4j.driver('bolt://127.0.0.1:9', undefined, { ...config, encryptionProfiles });
}

test('values encrypted by either driver decrypt with the other, with and without AAD, in each integer mode', async () => {
  const repository = memoryRepository();
  for (const config of [{}, { disableLosslessIntegers: true }, { useBigInt: true }]) {
    const drivers = { ours: encryptingDriver(ours, repository, { config }), official: encryptingDriver(official, repository, { config }) };
    const { id } = await drivers.official.encryption.keyManager().create(`main-${Object.keys(config)}`);
    const keyId = id();
    for (const [from, to] of [['official', 'ours'], ['ours', 'official']]) {
      const source = values(from === 'ours' ? ours : official);
      for (const [name, value] of Object.entries(source)) {
        const encrypt = (aad) => drivers[from].encryption.encrypt({ value, keyOptions: keyId, aad });
        const plainCiphertext = await encrypt();
        const withAad = await encrypt(name);
        const expected = plain(await drivers[from].encryption.decrypt({ ciphertext: plainCiphertext }));
        const label = `${name} from ${from} to ${to} (${JSON.stringify(config)})`;
        assert.deepEqual(plain(await drivers[to].encryption.decrypt({ ciphertext: plainCiphertext })), expected, label);
        assert.deepEqual(plain(await drivers[to].encryption.decrypt({ ciphertext: withAad, aad: name })), expected, `${label}, with AAD`);
        assert.deepEqual(plain(await drivers[to].encryption.decrypt({ ciphertext: withAad, usePersistedAad: true })), expected,
          `${label}, with the stored AAD`);
        await assert.rejects(drivers[to].encryption.decrypt({ ciphertext: withAad, aad: `${name}?` }),
          (e) => e.code === '50N42' && e.cause?.name === 'OperationError', `${label}: other AAD`);
      }
    }
    await Promise.all(Object.values(drivers).map((d) => d.close()));
  }
});

test('the envelope of an official encrypted value is read and written back byte for byte', async () => {
  const repository = memoryRepository();
  const driver = encryptingDriver(official, repository);
  await driver.encryption.keyManager().create('main');
  for (const aad of [undefined, official.int(7)]) {
    const ciphertext = await driver.encryption.encrypt({ value: 'v', keyOptions: { alias: 'main' }, aad });
    const fields = envelopeFields(ciphertext);
    assert.deepEqual(fields.filter((f) => typeof f !== 'object'), ['ENVELOPE', 1n, 'profile', 'STRING', 1n, 0n]);
    assert.deepEqual(Object.keys(fields[7]),
      aad === undefined ? ['iv', 'key_id'] : ['aad', 'aad_encoding_scheme_major', 'aad_encoding_scheme_minor', 'iv', 'key_id']);
    assert.deepEqual(withEnvelope(fields), ciphertext, 'written back');
  }
  await driver.close();
});

test('a value encoded by a newer driver decrypts to an UnsupportedType, and broken ciphertexts are refused', async () => {
  const driver = encryptingDriver(ours, memoryRepository());
  const { id } = await driver.encryption.keyManager().create('main');
  const ciphertext = await driver.encryption.encrypt({ value: 1.5, keyOptions: id() });
  const fields = envelopeFields(ciphertext);
  fields[5] = 2n;
  const newer = withEnvelope(fields);
  const result = await driver.encryption.decrypt({ ciphertext: newer });
  assert.ok(ours.isUnsupportedType(result));
  assert.equal(result.minimumProtocolVersion, '2.0');

  const refused = async (bytes, pattern) => {
    await assert.rejects(driver.encryption.decrypt({ ciphertext: bytes }), (e) => {
      assert.ok(e instanceof ours.Neo4jError, `${e}`);
      assert.match(e.message, pattern);
      return true;
    });
  };
  await refused(new Int8Array(0), /empty/);
  await refused(Int8Array.of(2, ...ciphertext.subarray(1)), /format version 2/);
  await refused(ciphertext.subarray(0, 20), /not an encrypted value \(PackStream decode error/);
  await refused(Int8Array.of(...ciphertext, 0), /not an encrypted value \(PackStream decode error.*more data/);
  await refused(Int8Array.of(1, ...pack([1, 2])), /envelope is malformed/);
  await refused(withEnvelope(['ENVELOPE', 1n, 'profile', 'not bytes', 'STRING', 1n, 0n, {}]), /envelope is malformed/);
  await assert.rejects(driver.encryption.decrypt({ ciphertext: [1, 2] }), TypeError);
  await driver.close();
});

test('a wrong master key, AAD or key fails with the cause; no key or value shows in an error', async () => {
  const repository = memoryRepository();
  const secret = 'the secret value';
  const driver = encryptingDriver(ours, repository);
  const { id } = await driver.encryption.keyManager().create('main');
  const ciphertext = await driver.encryption.encrypt({ value: secret, keyOptions: id(), aad: 'row 1' });
  const wrongMaster = encryptingDriver(ours, repository, { masterKey: new Uint8Array(32).fill(1) });
  const errors = [];
  const failing = [
    () => wrongMaster.encryption.decrypt({ ciphertext }),
    () => driver.encryption.decrypt({ ciphertext, aad: 'row 2' }),
    () => driver.encryption.encrypt({ value: { secret }, keyOptions: id() }),
    () => driver.encryption.encrypt({ value: [secret, 1], keyOptions: id() }),
    () => driver.encryption.encrypt({ value: secret, keyOptions: 'no such key' }),
    () => driver.encryption.encrypt({ value: secret }),
    () => driver.encryption.encrypt({ value: secret, keyOptions: id(), aad: 1.5 }),
    () => driver.encryption.decrypt({ ciphertext, aad: 'row 1', usePersistedAad: true }),
  ];
  for (const action of failing) {
    await assert.rejects(action, (e) => {
      errors.push(e);
      return true;
    });
  }
  assert.deepEqual(errors.map((e) => [e.constructor.name, e.code]), [
    ['Neo4jError', '50N42'], ['Neo4jError', '50N42'], ['Neo4jError', 'N/A'], ['Neo4jError', 'N/A'], ['Neo4jError', 'N/A'],
    ['TypeError', undefined], ['Neo4jError', 'N/A'], ['TypeError', undefined],
  ]);
  assert.equal(errors[0].cause.name, 'OperationError');
  const keyText = Array.from(MASTER_KEY).join(',');
  for (const e of errors) {
    const text = `${e.message} ${e.cause?.message ?? ''} ${JSON.stringify(e)}`;
    assert.ok(!text.includes(secret) && !text.includes(keyText), `an error shows a secret: ${text}`);
  }
  assert.throws(() => ours.localKeyEncapsulationService(new Uint8Array(16).fill(9)), (e) =>
    e instanceof ours.Neo4jError && /got 16 \(128 bits\)/.test(e.message) && !e.message.includes('9,9'));
  assert.throws(() => ours.localKeyEncapsulationService('0123456789abcdef0123456789abcdef'), TypeError);
  await Promise.all([driver.close(), wrongMaster.close()]);
});

test('key records are cached by id and aliases by name, for their TTLs; what the key manager changes is forgotten', async () => {
  const cached = memoryRepository();
  const driver = encryptingDriver(ours, cached);
  const manager = driver.encryption.keyManager();
  const first = await manager.create('main');
  for (let i = 0; i < 3; i++) await driver.encryption.encrypt({ value: i, keyOptions: { alias: 'main' } });
  assert.deepEqual([cached.calls.findByAlias, cached.calls.findById], [1, 0], 'looked up once');

  await manager.deleteAliasById(first.id());
  assert.equal(await manager.findByAlias('main'), undefined, 'a removed alias is not found');
  const second = await manager.create('main');
  assert.equal((await manager.findByAlias('main')).id(), second.id(), 'the alias names the new key');
  await manager.deleteById(first.id());
  assert.equal(await manager.findById(first.id()), undefined, 'a deleted key is not found');
  await manager.setAliasById(second.id(), 'renamed');
  assert.equal((await manager.findById(second.id())).alias(), 'renamed', 'a renamed key has its new alias');

  for (const profile of [{ keyCacheTTL: 0, keyAliasIndexTTL: 0 }, { keyCacheMaxSize: 0 }]) {
    const uncached = memoryRepository();
    const other = encryptingDriver(ours, uncached, { profile });
    const { id } = await other.encryption.keyManager().create('main');
    for (let i = 0; i < 3; i++) await other.encryption.encrypt({ value: i, keyOptions: { alias: 'main' } });
    for (let i = 0; i < 2; i++) await other.encryption.encrypt({ value: i, keyOptions: id() });
    assert.deepEqual([uncached.calls.findByAlias, uncached.calls.findById], [3, 2], JSON.stringify(profile));
    await other.close();
  }
  await driver.close();
});

test('profiles are checked when the driver is made', () => {
  const repository = memoryRepository();
  const service = ours.localKeyEncapsulationService(MASTER_KEY);
  const profile = (name) => new ours.EnvelopeEncryptionProfile({ name, encapsulationService: service, keyRepository: repository });
  assert.throws(() => ours.driver('bolt://127.0.0.1:9', undefined, { encryptionProfiles: [profile('a'), profile('a')] }),
    (e) => e instanceof ours.Neo4jError && /unique name/.test(e.message));
  assert.throws(() => new ours.EnvelopeEncryptionProfile({ name: 'a', encapsulationService: service, keyRepository: {} }),
    /keyRepository needs the method\(s\) findById, findByAlias, create, setAliasById, deleteById/);
  assert.throws(() => new ours.EnvelopeEncryptionProfile({ name: 'a', keyRepository: repository }),
    /encapsulationService needs the method\(s\) encapsulate, decapsulate/);
  assert.throws(() => ours.driver('bolt://127.0.0.1:9', undefined, { encryptionProfiles: profile('a') }),
    /encryptionProfiles must be an array/);
  const driver = ours.driver('bolt://127.0.0.1:9', undefined, { encryptionProfiles: [profile('a'), profile('b')] });
  assert.throws(() => driver.encryption.keyManager(), /which encryption profile to use must be explicitly provided/);
  assert.throws(() => driver.encryption.keyManager('c'), /Could not find encryption profile with name c/);
  assert.ok(driver.encryption.keyManager('b'));
  return driver.close();
});
