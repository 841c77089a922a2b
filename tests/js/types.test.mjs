// The value types in lib/ (Integer, graph, temporal, spatial, Vector, UUID), compared with the
// official neo4j-driver wherever it is a reference: same results, fields, text forms and
// validation failures over fixed edge values and a seeded sweep. The deliberate differences
// and the time-zone helpers (which the official driver does not export) are tested directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import neo4j from 'neo4j-driver';
import Integer, { int, isInt, inSafeRange, toNumber, toString } from '../../lib/integer.js';
import * as graph from '../../lib/graph-types.js';
import * as temporal from '../../lib/temporal-types.js';
import { Point, isPoint } from '../../lib/spatial-types.js';
import Vector, { vector, isVector } from '../../lib/vector.js';
import { UUID, uuid, isUUID } from '../../lib/uuid.js';

// JavaScript dates read and written in a zone with daylight saving time, for every run alike.
process.env.TZ = 'Europe/Stockholm';

const official = neo4j.types;
const { zoneOffsetSeconds, localFields } = temporal;

// --- helpers ----------------------------------------------------------------------------------

/** A deterministic stream of signed 64-bit BigInts (SplitMix64). */
function* seeded(seed) {
  const mask = (1n << 64n) - 1n;
  let state = seed;
  for (;;) {
    state = (state + 0x9e3779b97f4a7c15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    yield BigInt.asIntN(64, z ^ (z >> 31n));
  }
}

/** `count` values from a seeded stream, each shifted right by a varying amount for a spread of sizes. */
function sample(seed, count) {
  const stream = seeded(seed);
  return Array.from({ length: count }, (_, i) => stream.next().value >> BigInt((i * 7) % 64));
}

/** A value as comparable data: Integers (of either package) as their halves, also inside arrays and plain objects. */
function plain(value) {
  if (isInt(value)) return { Integer: [value.low, value.high] };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]));
  }
  return value;
}

/** The result of `run`, or the kind and message of what it threw (the official Neo4jError counts as Error). */
function outcome(run) {
  try {
    return { value: plain(run()) };
  } catch (error) {
    const kind = error instanceof TypeError ? 'TypeError' : error instanceof RangeError ? 'RangeError' : 'Error';
    return { threw: kind, message: error.message };
  }
}

/** Asserts that ours and the official give the same result, or fail the same way. */
function same(ours, theirs, label) {
  assert.deepStrictEqual(outcome(ours), outcome(theirs), label);
}

/** An object's own enumerable fields as comparable data, in order. */
function fields(obj) {
  return Object.entries(obj).map(([key, value]) => [key, plain(value)]);
}

/** Asserts the same fields (names, order, values and kinds) and the same text. */
function sameValue(ours, theirs, label) {
  assert.deepStrictEqual(fields(ours), fields(theirs), label);
  assert.equal(ours.toString(), theirs.toString(), label);
}

/** Runs `make(types)` with our modules and with the official ones and asserts the same outcome. */
function sameConstruction(make, label) {
  const ours = { ...graph, ...temporal, Point, Integer, int };
  const theirs = { ...official, int: neo4j.int };
  same(() => String(make(ours)), () => String(make(theirs)), label);
  same(() => fields(make(ours)), () => fields(make(theirs)), label);
}

const TWO = (n) => 2n ** BigInt(n);
const EDGES = [
  0n, 1n, -1n, 2n, -2n, 3n, 7n, -7n, 10n, 60n, 1000n, 1_000_000_007n, -123_456_789_012_345n,
  TWO(31) - 1n, TWO(31), -TWO(31), -TWO(31) - 1n, TWO(32) - 1n, TWO(32), TWO(32) + 1n, -TWO(32), -TWO(32) + 1n,
  TWO(53) - 1n, TWO(53), TWO(53) + 1n, -(TWO(53) - 1n), -TWO(53), -TWO(53) - 1n,
  TWO(62), TWO(63) - 1n, TWO(63) - 2n, -TWO(63), -TWO(63) + 1n,
];
const VALUES = [...EDGES, ...sample(20240531n, 24)];

// --- Integer ----------------------------------------------------------------------------------

test('Integer: constants and marker match the official class', () => {
  for (const name of ['ZERO', 'ONE', 'NEG_ONE', 'MAX_VALUE', 'MIN_VALUE', 'MIN_SAFE_VALUE', 'MAX_SAFE_VALUE']) {
    assert.deepStrictEqual(plain(Integer[name]), plain(neo4j.Integer[name]), name);
  }
  assert.equal(Integer.__isInteger__, true);
  const marker = Object.getOwnPropertyDescriptor(Integer.prototype, '__isInteger__');
  assert.deepStrictEqual(marker, { value: true, writable: false, enumerable: false, configurable: false });
  assert.deepStrictEqual(Object.keys(int(5)), ['low', 'high']);
  assert.equal(JSON.stringify(int(-5)), JSON.stringify(neo4j.int(-5)));
});

test('Integer: recognised across packages by isInt, and instanceof its own class', () => {
  const ours = int(42);
  const theirs = neo4j.int(42);
  assert.ok(ours instanceof Integer);
  assert.ok(!(theirs instanceof Integer));
  for (const check of [isInt, Integer.isInteger, neo4j.isInt, neo4j.Integer.isInteger]) {
    assert.equal(check(ours), true);
    assert.equal(check(theirs), true);
    for (const other of [null, undefined, 42, 42n, '42', { low: 42, high: 0 }, {}]) assert.equal(check(other), false);
  }
  // Each package's arithmetic accepts the other's Integers.
  assert.equal(ours.add(theirs).toString(), '84');
  assert.equal(theirs.add(ours).toString(), '84');
  assert.ok(ours.equals(theirs));
  assert.deepStrictEqual(plain(int(theirs)), plain(ours));
});

test('Integer: conversions and predicates match the official class over edge and seeded values', () => {
  for (const v of VALUES) {
    const ours = int(v);
    const theirs = neo4j.int(v);
    const label = `value ${v}`;
    assert.deepStrictEqual(plain(ours), plain(theirs), label);
    assert.equal(ours.toBigInt(), v, label);
    for (const method of ['toInt', 'toNumber', 'toBigInt', 'toNumberOrInfinity', 'inSafeRange', 'valueOf',
      'getHighBits', 'getLowBits', 'getNumBitsAbs', 'isZero', 'isNegative', 'isPositive', 'isOdd', 'isEven']) {
      same(() => ours[method](), () => theirs[method](), `${label}.${method}()`);
    }
    for (const method of ['negate', 'not']) same(() => ours[method](), () => theirs[method](), `${label}.${method}()`);
    for (let radix = 2; radix <= 36; radix++) {
      assert.equal(ours.toString(radix), theirs.toString(radix), `${label}.toString(${radix})`);
    }
    assert.equal(ours.toString(), v.toString(), label);
    assert.equal(`${ours}`, v.toString(), label);
    for (const fn of ['toNumber', 'toString', 'inSafeRange']) {
      for (const input of [v, ours, theirs, v.toString(), { low: ours.low, high: ours.high }]) {
        same(() => Integer[fn](input), () => neo4j.integer[fn](input), `Integer.${fn}(${typeof input} ${v})`);
      }
    }
    same(() => Integer.toNumber(Number(v)), () => neo4j.integer.toNumber(Number(v)), label);
  }
  assert.equal(toNumber, Integer.toNumber);
  assert.equal(toString, Integer.toString);
  assert.equal(inSafeRange, Integer.inSafeRange);
});

test('Integer: arithmetic, bitwise operations and comparisons match the official class and 64-bit wrapping', () => {
  const wrap = (x) => BigInt.asIntN(64, x);
  const models = {
    add: (a, b) => wrap(a + b),
    subtract: (a, b) => wrap(a - b),
    multiply: (a, b) => wrap(a * b),
    div: (a, b) => wrap(a / b),
    modulo: (a, b) => wrap(a % b),
    and: (a, b) => a & b,
    or: (a, b) => a | b,
    xor: (a, b) => a ^ b,
  };
  const comparisons = {
    compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    equals: (a, b) => a === b,
    notEquals: (a, b) => a !== b,
    lessThan: (a, b) => a < b,
    lessThanOrEqual: (a, b) => a <= b,
    greaterThan: (a, b) => a > b,
    greaterThanOrEqual: (a, b) => a >= b,
  };
  for (const a of VALUES) {
    const ours = int(a);
    const theirs = neo4j.int(a);
    for (const b of VALUES) {
      for (const [op, model] of Object.entries(models)) {
        const label = `${a} ${op} ${b}`;
        same(() => ours[op](int(b)), () => theirs[op](neo4j.int(b)), label);
        if (b !== 0n || !['div', 'modulo'].includes(op)) assert.equal(ours[op](b).toBigInt(), model(a, b), label);
      }
      for (const [op, model] of Object.entries(comparisons)) {
        assert.equal(ours[op](b), model(a, b), `${a} ${op} ${b}`);
        assert.equal(ours[op](b), theirs[op](neo4j.int(b)), `${a} ${op} ${b}`);
      }
    }
    // Operands may be numbers, strings, BigInts and { low, high } objects.
    for (const operand of [7, '7', 7n, { low: 7, high: 0 }]) {
      same(() => ours.add(operand), () => theirs.add(operand), `${a} add ${typeof operand} 7`);
    }
  }
});

test('Integer: shifts match the official class for counts 1 to 63 and take any count modulo 64', () => {
  for (const v of VALUES) {
    const ours = int(v);
    const theirs = neo4j.int(v);
    for (let bits = 1; bits < 64; bits++) {
      same(() => ours.shiftLeft(bits), () => theirs.shiftLeft(bits), `${v} << ${bits}`);
      same(() => ours.shiftRight(bits), () => theirs.shiftRight(bits), `${v} >> ${bits}`);
      same(() => ours.shiftRight(int(bits)), () => theirs.shiftRight(neo4j.int(bits)), `${v} >> int ${bits}`);
    }
    // Deliberate difference: the official class returns zero for a count that is 0 modulo 64
    // and mis-shifts right for counts of 64 and more; here every count is taken modulo 64.
    for (const bits of [0, 64, 65, 100, 127, 128, -1]) {
      const n = BigInt(bits & 63);
      assert.equal(ours.shiftLeft(bits).toBigInt(), BigInt.asIntN(64, v << n), `${v} << ${bits}`);
      assert.equal(ours.shiftRight(bits).toBigInt(), v >> n, `${v} >> ${bits}`);
    }
  }
});

test('Integer: fromNumber, fromInt and fromBits match the official class', () => {
  const numbers = [0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 0.9999, 2 ** 31, 2 ** 32 + 0.7, -(2 ** 32) - 0.2,
    2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 62, 2 ** 63 - 1024, -(2 ** 63) + 1024, 2 ** 63, -(2 ** 63), 2 ** 64, -(2 ** 64),
    1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, 123456789.987654321];
  for (const n of numbers) {
    same(() => Integer.fromNumber(n), () => neo4j.Integer.fromNumber(n), `fromNumber(${n})`);
    same(() => int(n), () => neo4j.int(n), `int(${n})`);
    same(() => int(n, { ceilFloat: true }), () => neo4j.int(n, { ceilFloat: true }), `int(${n}, ceil)`);
    same(() => Integer.fromInt(n), () => neo4j.Integer.fromInt(n), `fromInt(${n})`);
  }
  for (const [low, high] of [[0, 0], [-1, -1], [1, 2], [-2147483648, 2147483647], [2147483647, -2147483648]]) {
    same(() => Integer.fromBits(low, high), () => neo4j.Integer.fromBits(low, high), `fromBits(${low}, ${high})`);
    same(() => new Integer(low, high), () => new neo4j.Integer(low, high), `new Integer(${low}, ${high})`);
  }
  same(() => new Integer(), () => new neo4j.Integer(), 'new Integer()');
});

test('Integer: fromString and fromValue match the official class, errors included', () => {
  const strings = ['0', '1', '-1', '42', '-0', '007', '+5', '9223372036854775807', '-9223372036854775808',
    '9223372036854775808', '18446744073709551616', '123456789012345678901234567890', '12345678', '123456789',
    'NaN', 'Infinity', '+Infinity', '-Infinity', '', '-', '--1', '1-2', 'abc', '12abc', '123456789x', ' 12', '1.5',
    'ffffffffffffffff', '7FFFFFFFFFFFFFFF', 'zz', '0x1f'];
  for (const s of strings) {
    for (const radix of [undefined, 2, 10, 16, 36, 1, 37]) {
      same(() => Integer.fromString(s, radix), () => neo4j.Integer.fromString(s, radix), `fromString(${s}, ${radix})`);
    }
    same(() => int(s), () => neo4j.int(s), `int(${s})`);
    if (!s.startsWith('-')) {
      // The official class does not apply strict validation after a leading '-' (see below).
      same(() => int(s, { strictStringValidation: true }), () => neo4j.int(s, { strictStringValidation: true }), `strict int(${s})`);
    }
  }
  for (const v of [undefined, null, true, {}, { low: 5 }, { high: 1 }, { low: 1, high: 2 }, 2n ** 64n + 5n, -(2n ** 64n) - 5n]) {
    same(() => int(v), () => neo4j.int(v), `int(${typeof v === 'bigint' ? `${v}n` : JSON.stringify(v)})`);
  }
  const ours = int(3);
  assert.equal(int(ours), ours, 'an Integer is returned as is');
});

test('Integer: strict string validation also checks negative numbers (deliberate difference)', () => {
  assert.throws(() => int('-12x', { strictStringValidation: true }), { message: 'number format error: "12x" is NaN in radix 10: 12x' });
  assert.equal(int('-12', { strictStringValidation: true }).toString(), '-12');
  assert.equal(neo4j.int('-12x', { strictStringValidation: true }).toString(), '-12', 'the official class lets it through');
});

test('Integer: errors have the official kinds and messages', () => {
  same(() => int(1).div(0), () => neo4j.int(1).div(0), 'div by zero');
  same(() => int(0).div(int(0)), () => neo4j.int(0).div(neo4j.int(0)), 'zero div by zero');
  same(() => int(1).toString(1), () => neo4j.int(1).toString(1), 'radix 1');
  same(() => int(1).toString(37), () => neo4j.int(1).toString(37), 'radix 37');
  assert.throws(() => int(5).modulo(0), { message: 'division by zero' });
});

// --- graph types ------------------------------------------------------------------------------

const PROPERTY_SETS = [
  {},
  { name: 'Ada', born: 1815 },
  { quote: 'say "hi"\n', list: [1, 'two', null, true], nested: { a: [1.5] } },
  { id: 'integer', n: 'placeholder' },
  { big: 12345678901234567890n, neg: -1n },
];

/** Property maps with Integers of the given package in place of the placeholder. */
function propertiesWith(properties, makeInt) {
  return 'id' in properties ? { id: makeInt(7), n: makeInt(-(2 ** 40)) } : properties;
}

test('graph types: fields and toString match the official classes', () => {
  for (const properties of PROPERTY_SETS) {
    for (const [identity, elementId] of [[1, undefined], [2n, 'node-2'], ['int', undefined], ['int', null], [0, '']]) {
      const build = (types, makeInt) => {
        const id = identity === 'int' ? makeInt(99) : identity;
        const props = propertiesWith(properties, makeInt);
        const start = identity === 'int' ? makeInt(10) : 10;
        const end = identity === 'int' ? makeInt(-11) : 11;
        const node = new types.Node(id, ['Person', 'Pioneer'], props, elementId);
        const unlabelled = new types.Node(id, [], props, elementId);
        const rel = new types.Relationship(id, start, end, 'KNOWS', props, elementId);
        const relWithIds = new types.Relationship(id, start, end, 'KNOWS', props, elementId, 's-id', 'e-id');
        const unbound = new types.UnboundRelationship(id, 'LIKES', props, elementId);
        return [node, unlabelled, rel, relWithIds, unbound, unbound.bind(start, end), unbound.bindTo(node, unlabelled)];
      };
      const ours = build(graph, int);
      const theirs = build(official, neo4j.int);
      ours.forEach((value, i) => sameValue(value, theirs[i], `${JSON.stringify(String(identity))} #${i}`));
    }
  }
});

test('graph types: elementId defaults need an identity, as in the official classes', () => {
  same(() => new graph.Node(undefined, [], {}), () => new official.Node(undefined, [], {}), 'node without identity');
  same(() => new graph.Relationship(1, undefined, 2, 'T', {}), () => new official.Relationship(1, undefined, 2, 'T', {}), 'relationship without start');
  same(() => new graph.Relationship(1, 2, 3, 'T', {}, 'r', 'a').endNodeElementId, () => new official.Relationship(1, 2, 3, 'T', {}, 'r', 'a').endNodeElementId, 'endNodeElementId');
});

test('graph types: paths and segments match the official classes', () => {
  const build = (types) => {
    const a = new types.Node(1, ['A'], {});
    const b = new types.Node(2, ['B'], {});
    const c = new types.Node(3, ['C'], {});
    const ab = new types.Relationship(10, 1, 2, 'NEXT', {});
    const bc = new types.Relationship(11, 2, 3, 'NEXT', {});
    const segments = [new types.PathSegment(a, ab, b), new types.PathSegment(b, bc, c)];
    return [new types.Path(a, c, segments), new types.Path(a, a, [])];
  };
  const [ours, oursEmpty] = build(graph);
  const [theirs, theirsEmpty] = build(official);
  assert.equal(ours.length, 2);
  assert.equal(oursEmpty.length, 0);
  assert.equal(JSON.stringify(ours), JSON.stringify(theirs));
  assert.equal(JSON.stringify(oursEmpty), JSON.stringify(theirsEmpty));
  assert.deepStrictEqual(Object.keys(ours.segments[0]), Object.keys(theirs.segments[0]));
  assert.equal(ours.segments[1].relationship.toString(), theirs.segments[1].relationship.toString());
});

/** One value of each type, built from our modules or from the official ones, by kind. */
function valuesOfEachKind(types, makeInt) {
  const node = new types.Node(makeInt(1), ['A'], {});
  const rel = new types.Relationship(makeInt(2), makeInt(1), makeInt(1), 'T', {});
  return {
    Integer: makeInt(1),
    Node: node,
    Relationship: rel,
    UnboundRelationship: new types.UnboundRelationship(makeInt(3), 'T', {}),
    PathSegment: new types.PathSegment(node, rel, node),
    Path: new types.Path(node, node, []),
    Duration: new types.Duration(1, 2, 3, 4),
    LocalTime: new types.LocalTime(1, 2, 3, 4),
    Time: new types.Time(1, 2, 3, 4, 3600),
    Date: new types.Date(2024, 2, 29),
    LocalDateTime: new types.LocalDateTime(2024, 2, 29, 1, 2, 3, 4),
    DateTime: new types.DateTime(2024, 2, 29, 1, 2, 3, 4, 3600, 'Europe/Stockholm'),
    Point: new types.Point(4326, 1, 2),
    Vector: new types.Vector(new Int8Array([1])),
  };
}

test('is* helpers of both packages recognise values of both packages, and nothing else', () => {
  const oursChecks = {
    Integer: isInt, Node: graph.isNode, Relationship: graph.isRelationship, UnboundRelationship: graph.isUnboundRelationship,
    PathSegment: graph.isPathSegment, Path: graph.isPath, Duration: temporal.isDuration, LocalTime: temporal.isLocalTime,
    Time: temporal.isTime, Date: temporal.isDate, LocalDateTime: temporal.isLocalDateTime, DateTime: temporal.isDateTime,
    Point: isPoint, Vector: isVector,
  };
  const theirChecks = {
    Integer: neo4j.isInt, Node: neo4j.isNode, Relationship: neo4j.isRelationship, UnboundRelationship: neo4j.isUnboundRelationship,
    PathSegment: neo4j.isPathSegment, Path: neo4j.isPath, Duration: neo4j.isDuration, LocalTime: neo4j.isLocalTime,
    Time: neo4j.isTime, Date: neo4j.isDate, LocalDateTime: neo4j.isLocalDateTime, DateTime: neo4j.isDateTime,
    Point: neo4j.isPoint, Vector: neo4j.isVector,
  };
  const ours = valuesOfEachKind({ ...graph, ...temporal, Point, Vector }, int);
  const theirs = valuesOfEachKind(official, neo4j.int);
  const others = [null, undefined, 0, 'x', {}, [], new globalThis.Date()];
  for (const kind of Object.keys(oursChecks)) {
    for (const [valueKind, value] of [...Object.entries(ours), ...Object.entries(theirs)]) {
      assert.equal(oursChecks[kind](value), kind === valueKind, `our is${kind}(${valueKind})`);
      assert.equal(theirChecks[kind](value), kind === valueKind, `official is${kind}(${valueKind})`);
    }
    for (const other of others) assert.equal(oursChecks[kind](other), false, `is${kind}(${String(other)})`);
    // Our classes use the official marker names, as non-enumerable prototype properties.
    const marker = Object.getOwnPropertyNames(Object.getPrototypeOf(theirs[kind])).find((name) => /^__is\w+__$/.test(name));
    assert.ok(marker, `official ${kind} marker`);
    const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(ours[kind]), marker);
    assert.deepStrictEqual(descriptor, { value: true, writable: false, enumerable: false, configurable: false }, `${kind} marker`);
  }
  for (const [kind, value] of Object.entries(ours)) {
    const Class = { Integer, ...graph, ...temporal, Point, Vector }[kind];
    assert.ok(value instanceof Class, `${kind} instanceof`);
    assert.equal(JSON.stringify(value), JSON.stringify(theirs[kind]), `${kind} JSON`);
  }
});

// --- temporal types ---------------------------------------------------------------------------

/** The field kinds the driver hands over: Integers (of both packages), numbers and BigInts. */
const KINDS = {
  number: (n) => n,
  bigint: (n) => BigInt(n),
  Integer: (n) => int(n),
  officialInteger: (n) => neo4j.int(n),
};

test('Duration: normalisation, fields and ISO text match the official class', () => {
  const months = [0, 1, 11, 12, 13, -1, -12, -13, 1200];
  const days = [0, 1, -1, 40];
  const seconds = [0, 1, -1, 59, 60, 61, -59, -60, -61, 3599, 3600, 3661, -3600, -3661, 86399, 123456789, -123456789];
  const nanos = [0, 1, 999999999, 1e9, 1e9 + 1, -1, -1e9, -1e9 - 1, 5e8, -5e8, 2.5e9, -2.5e9, 100];
  for (const m of months) {
    for (const d of days) {
      for (const s of seconds) {
        for (const ns of nanos) {
          const label = `Duration(${m}, ${d}, ${s}, ${ns})`;
          const ours = new temporal.Duration(m, d, s, ns);
          const theirs = new official.Duration(m, d, s, ns);
          sameValue(ours, theirs, label);
        }
      }
    }
  }
  for (const [kind, make] of Object.entries(KINDS)) {
    for (const [s, ns] of [[0, 0], [-1, 5e8], [7, -2.5e9], [-3, 2.5e8], [2 ** 40, 123]]) {
      for (const nsKind of Object.values(KINDS)) {
        sameConstruction((t) => new t.Duration(make(14), make(-3), make(s), nsKind(ns)), `${kind} Duration(14, -3, ${s}, ${ns})`);
      }
    }
  }
  // Fractions of numbers are cut off as int() cuts them.
  sameConstruction((t) => new t.Duration(1.5, 2.7, -3.5, 4.9), 'fractional fields');
  assert.ok(Object.isFrozen(new temporal.Duration(1, 2, 3, 4)));
});

test('temporal types: ISO text and fields match the official classes for edge dates and times', () => {
  const years = [0, 1, -1, 999, 1970, 9999, 10000, -10000, 999999999, -999999999];
  const offsets = [0, 1, -1, 59, 3600, -3600, 5400, -5400, 3661, -3661, 50400, -64800, 360000];
  for (const [kind, make] of Object.entries(KINDS)) {
    for (const year of years) {
      sameConstruction((t) => new t.Date(make(year), make(2), make(29)), `${kind} Date ${year}`);
      sameConstruction((t) => new t.LocalDateTime(make(year), make(12), make(31), make(23), make(59), make(59), make(999999999)), `${kind} LocalDateTime ${year}`);
    }
    for (const [h, m, s, ns] of [[0, 0, 0, 0], [23, 59, 59, 999999999], [9, 5, 7, 1], [12, 30, 0, 500000000], [1, 2, 3, 120]]) {
      sameConstruction((t) => new t.LocalTime(make(h), make(m), make(s), make(ns)), `${kind} LocalTime ${h}:${m}:${s}.${ns}`);
      for (const offset of offsets) {
        sameConstruction((t) => new t.Time(make(h), make(m), make(s), make(ns), make(offset)), `${kind} Time offset ${offset}`);
        sameConstruction((t) => new t.DateTime(make(2024), make(3), make(31), make(h), make(m), make(s), make(ns), make(offset)), `${kind} DateTime offset ${offset}`);
      }
      for (const [offset, zone] of [[undefined, 'Europe/Stockholm'], [make(7200), 'Europe/Stockholm'], [null, 'America/New_York'], [make(0), ''], [make(-18000), null]]) {
        sameConstruction((t) => new t.DateTime(make(2024), make(3), make(31), make(h), make(m), make(s), make(ns), offset, zone), `${kind} DateTime ${offset} ${zone}`);
      }
    }
  }
  sameConstruction((t) => new t.LocalTime(10.7, 5.2, 0.5, 0.9), 'fractional number fields');
  for (const value of [new temporal.LocalTime(1, 2, 3, 4), new temporal.Time(1, 2, 3, 4, 5), new temporal.Date(1, 2, 3),
    new temporal.LocalDateTime(1, 2, 3, 4, 5, 6, 7), new temporal.DateTime(1, 2, 3, 4, 5, 6, 7, 8)]) {
    assert.ok(Object.isFrozen(value));
  }
});

test('temporal types: validation fails as in the official classes', () => {
  const bad = [-1, 0, 1, 12, 13, 23, 24, 31, 32, 59, 60, 999999999, 1e9, 1e10, -999999999, -1e9, 0.5, -0.5, NaN, Infinity,
    '1', null, undefined, {}, [], true, 2n ** 40n];
  for (const value of bad) {
    const label = `${typeof value} ${String(value)}`;
    for (const [kind, make] of Object.entries({ plain: (v) => v, Integer: (v) => (typeof v === 'number' && Number.isFinite(v) ? int(v) : v) })) {
      const v = make(value);
      const l = `${kind} ${label}`;
      sameConstruction((t) => new t.Date(v, 1, 1), `Date year ${l}`);
      sameConstruction((t) => new t.Date(2000, v, 1), `Date month ${l}`);
      sameConstruction((t) => new t.Date(2000, 1, v), `Date day ${l}`);
      sameConstruction((t) => new t.LocalTime(v, 0, 0, 0), `LocalTime hour ${l}`);
      sameConstruction((t) => new t.LocalTime(0, v, 0, 0), `LocalTime minute ${l}`);
      sameConstruction((t) => new t.LocalTime(0, 0, v, 0), `LocalTime second ${l}`);
      sameConstruction((t) => new t.LocalTime(0, 0, 0, v), `LocalTime nanosecond ${l}`);
      sameConstruction((t) => new t.Time(0, 0, 0, 0, v), `Time offset ${l}`);
      sameConstruction((t) => new t.LocalDateTime(v, 1, 1, 0, 0, 0, 0), `LocalDateTime year ${l}`);
      sameConstruction((t) => new t.DateTime(2000, 1, 1, 0, 0, 0, v, 0), `DateTime nanosecond ${l}`);
      sameConstruction((t) => new t.Duration(v, 0, 0, 0), `Duration months ${l}`);
      sameConstruction((t) => new t.Duration(0, 0, v, 0), `Duration seconds ${l}`);
      sameConstruction((t) => new t.Duration(0, 0, 0, v), `Duration nanoseconds ${l}`);
    }
  }
  const zones = [[undefined, undefined], [null, null], [null, ''], ['3600', undefined], [{}, 'UTC'], [3600, 5], [0, {}],
    [3600, 'Mars/Olympus_Mons'], [undefined, 'Not a zone'], [undefined, 'UTC'], [0, 'Europe/Stockholm']];
  for (const [offset, zone] of zones) {
    sameConstruction((t) => new t.DateTime(2000, 1, 1, 0, 0, 0, 0, offset, zone), `DateTime zone ${String(offset)} ${String(zone)}`);
  }
});

test('temporal types: fromStandardDate and toStandardDate match the official classes', () => {
  const instants = [
    Date.UTC(2024, 0, 15, 12, 34, 56, 789), Date.UTC(2024, 6, 15, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 23, 59, 59, 1),
    Date.UTC(2021, 2, 28, 0, 59, 59), Date.UTC(2021, 2, 28, 1, 0, 0), Date.UTC(2021, 9, 31, 0, 59, 59), Date.UTC(2021, 9, 31, 1, 0, 0),
    Date.UTC(1960, 5, 1), Date.UTC(2150, 5, 1, 8), Date.UTC(2000, 1, 29), -62135596800000, Date.UTC(1850, 3, 1, 12),
  ];
  for (const ms of instants) {
    const date = new globalThis.Date(ms);
    // Extra nanoseconds; Integers of each package's own (the official class cannot add ours).
    for (const nanosecond of [undefined, null, 0, 1, 999, 'Integer', 7n]) {
      const label = `${date.toISOString()} + ${String(nanosecond)}`;
      const ns = (t) => (nanosecond === 'Integer' ? t.int(5) : nanosecond);
      sameConstruction((t) => t.LocalTime.fromStandardDate(date, ns(t)), `LocalTime ${label}`);
      sameConstruction((t) => t.Time.fromStandardDate(date, ns(t)), `Time ${label}`);
      sameConstruction((t) => t.LocalDateTime.fromStandardDate(date, ns(t)), `LocalDateTime ${label}`);
      sameConstruction((t) => t.DateTime.fromStandardDate(date, ns(t)), `DateTime ${label}`);
    }
    for (const method of ['fromStandardDate', 'fromStandardDateLocal', 'fromStandardDateUTC']) {
      sameConstruction((t) => t.Date[method](date), `Date.${method} ${date.toISOString()}`);
    }
    // A wall-clock time that occurs twice (when clocks go back) comes back as the first one.
    same(() => temporal.LocalDateTime.fromStandardDate(date).toStandardDate().getTime(),
      () => official.LocalDateTime.fromStandardDate(date).toStandardDate().getTime(), `LocalDateTime round trip ${date.toISOString()}`);
    assert.equal(temporal.DateTime.fromStandardDate(date).toStandardDate().getTime(), ms, `DateTime round trip ${date.toISOString()}`);
  }
  for (const bad of [undefined, null, 0, '2024-01-01', {}, new globalThis.Date(NaN)]) {
    for (const Class of ['LocalTime', 'Time', 'LocalDateTime', 'DateTime', 'Date']) {
      sameConstruction((t) => t[Class].fromStandardDate(bad), `${Class}.fromStandardDate(${String(bad)})`);
    }
  }
  sameConstruction((t) => t.Time.fromStandardDate(new globalThis.Date(0), '5'), 'string nanosecond');
  sameConstruction((t) => t.Time.fromStandardDate(new globalThis.Date(999), 1e6), 'nanoseconds past a second');

  for (const [kind, make] of Object.entries(KINDS)) {
    const fieldSets = [[2024, 3, 31, 2, 30, 0, 0], [2024, 10, 27, 2, 30, 0, 0], [2024, 1, 1, 0, 0, 0, 123456789], [50, 6, 1, 12, 0, 0, 0],
      [1, 1, 1, 0, 0, 0, 0], [-50, 1, 1, 0, 0, 0, 0], [1850, 1, 1, 0, 0, 0, 0], [2200, 7, 1, 12, 0, 0, 999999], [2023, 2, 31, 0, 0, 0, 0]];
    for (const fieldsOf of fieldSets) {
      const f = fieldsOf.map(make);
      const label = `${kind} ${fieldsOf.join(',')}`;
      same(() => new temporal.Date(...f.slice(0, 3)).toStandardDate().getTime(), () => new official.Date(...f.slice(0, 3)).toStandardDate().getTime(), `Date ${label}`);
      same(() => new temporal.LocalDateTime(...f).toStandardDate().getTime(), () => new official.LocalDateTime(...f).toStandardDate().getTime(), `LocalDateTime ${label}`);
      for (const offset of [0, 3600, -18000, 3661]) {
        same(() => new temporal.DateTime(...f, make(offset)).toStandardDate().getTime(),
          () => new official.DateTime(...f, make(offset)).toStandardDate().getTime(), `DateTime ${label} ${offset}`);
      }
    }
  }
  same(() => new temporal.DateTime(2024, 1, 1, 0, 0, 0, 0, undefined, 'UTC').toStandardDate(),
    () => new official.DateTime(2024, 1, 1, 0, 0, 0, 0, undefined, 'UTC').toStandardDate(), 'DateTime without offset');
});

test('temporal types: fromString matches the official parsers', () => {
  const cases = {
    Duration: ['P1Y2M3DT4H5M6.5S', 'P1Y', 'P14M', 'P2W', 'P1W3D', 'PT36H', 'PT90M', 'PT0.5S', 'PT,5S', 'PT0.123456789S',
      'PT0.1234567895S', 'PT0.9999999999S', 'P1.5Y', 'P0.5Y', 'PT1.5H', 'PT0.5M', 'PT-1.5S', '-PT1.5S', '-PT1H30M', 'PT-0.5S',
      'P-1Y', 'p1y2m3dt4h5m6s', 'P0D', 'PT0S', '+P1D', 'P1.5D', 'P1.5M', 'PT0.01M', 'P1YT', 'PT', 'P', '', 'x', '1Y', 'P1Y1Y',
      'PT1S2M'],
    LocalTime: ['10:00:00', '10:00:00.123456789', '10:00:00.5', '10:00:00,5', '10:00', '10', '10.5', '10.25', '10:30.5',
      '103000', '1030', 'T10:00', 't10:00:00', '23:59:59.999999999', '24:00', '10:60', '10:00:60', '1:00', '10:00:00.', '', 'x',
      '10:00:00Z'],
    Time: ['10:00:00Z', '10:00:00+01:00', '10:00:00-05:30', '10:00:00.5+0100', '10:00+01', '10Z', '10:00:00+01:30:15', 'T10:00Z',
      '10:00:00', '10:00:00+1', '25:00Z', ''],
    Date: ['2024-02-29', '0001-01-01', '0000-01-01', '9999-12-31', '+10000-01-01', '-10000-01-01', '+999999999-12-31', '-0001-01-01',
      '2024-13-01', '2024-00-01', '2024-01-32', '2024-1-01', '24-01-01', '2024/01/01', '', '20240101'],
    LocalDateTime: ['2024-02-29T10:00:00', '2024-02-29T10:00', '2024-02-29t10', '2024-02-29T10:00:00.123456789', '2024-02-29T10.5',
      '+12345-01-01T00:00:00', '2024-02-29 10:00', '2024-02-29', '2024-02-29T10:00:00Z'],
    DateTime: ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00+01:00', '2024-02-29T10:00:00-05:30', '2024-02-29T10:00:00.5+0100',
      '2024-03-31T02:30:00+02:00[Europe/Stockholm]', '2024-03-31T02:30:00[Europe/Stockholm]', '2024-03-31T02:30:00Z[UTC]',
      '2024-02-29T10:00:00', '2024-02-29T10:00:00[Mars/Olympus]', '2024-02-29T10:00:00+01:00:30', '-0005-01-01T00:00Z', ''],
  };
  for (const [Class, strings] of Object.entries(cases)) {
    for (const s of strings) {
      sameConstruction((t) => t[Class].fromString(s), `${Class}.fromString(${JSON.stringify(s)})`);
    }
  }
  // Malformed text fails in both, with messages that may differ.
  const malformed = { Time: ['10:00z', '10:00+'], DateTime: ['2024-02-29T10:00:00Z01', '2024-02-29T10:00:00+', '2024-02-29T10:00:00|'],
    Date: ['|12345-01-01'], Duration: ['PY', 'P.Y'] };
  for (const [Class, strings] of Object.entries(malformed)) {
    for (const s of strings) {
      assert.throws(() => temporal[Class].fromString(s), `${Class}.fromString(${s})`);
    }
  }
});

test('temporal types: fromString deliberate differences from the official parsers', () => {
  // A leading '-' negates every component (the official parser leaves months and days positive).
  assert.equal(temporal.Duration.fromString('-P1Y2M3DT4H').toString(), 'P-1Y-2M-3DT-4H');
  assert.equal(official.Duration.fromString('-P1Y2M3DT4H').toString(), 'P-10M3DT-4H');
  assert.equal(temporal.Duration.fromString('-P1M').toString(), 'P-1MT');
  assert.equal(temporal.Duration.fromString('-P1W').toString(), 'P-7DT');
  // An offset of hours only (the official parser reads '+01' as zero).
  assert.equal(temporal.DateTime.fromString('2024-02-29T10:00+01').toString(), '2024-02-29T10:00:00+01:00');
  assert.equal(official.DateTime.fromString('2024-02-29T10:00+01').toString(), '2024-02-29T10:00:00Z');
  // Fractions are read exactly (the official parser's floating point is sometimes 1 ns short).
  assert.equal(temporal.LocalTime.fromString('10:00:00.536856563').nanosecond.toNumber(), 536856563);
  assert.equal(official.LocalTime.fromString('10:00:00.536856563').nanosecond.toNumber(), 536856562);
  for (let i = 0; i < 1e9; i += 7_654_321) {
    const digits = String(i).padStart(9, '0');
    assert.equal(temporal.LocalTime.fromString(`00:00:00.${digits}`).nanosecond.toNumber(), i, digits);
    assert.equal(temporal.DateTime.fromString(`2024-01-01T00:00:00.${digits}Z`).nanosecond.toNumber(), i, digits);
  }
  assert.equal(temporal.LocalTime.fromString('10.123456789123').toString(), '10:07:24.444440842');
});

// --- time zones -------------------------------------------------------------------------------

const utcSeconds = (...args) => Date.UTC(...args) / 1000;

test('zone helpers: offsets and wall-clock time around daylight-saving transitions', () => {
  const cases = [
    // zone, UTC instant, offset, wall clock then
    ['Europe/Stockholm', [2021, 2, 28, 0, 59, 59], 3600, [2021, 3, 28, 1, 59, 59]],
    ['Europe/Stockholm', [2021, 2, 28, 1, 0, 0], 7200, [2021, 3, 28, 3, 0, 0]],
    ['Europe/Stockholm', [2021, 9, 31, 0, 59, 59], 7200, [2021, 10, 31, 2, 59, 59]],
    ['Europe/Stockholm', [2021, 9, 31, 1, 0, 0], 3600, [2021, 10, 31, 2, 0, 0]],
    ['America/New_York', [2021, 2, 14, 6, 59, 59], -18000, [2021, 3, 14, 1, 59, 59]],
    ['America/New_York', [2021, 2, 14, 7, 0, 0], -14400, [2021, 3, 14, 3, 0, 0]],
    ['America/New_York', [2021, 10, 7, 5, 59, 59], -14400, [2021, 11, 7, 1, 59, 59]],
    ['America/New_York', [2021, 10, 7, 6, 0, 0], -18000, [2021, 11, 7, 1, 0, 0]],
    ['America/New_York', [2024, 0, 1, 3, 0, 0], -18000, [2023, 12, 31, 22, 0, 0]],
    ['Asia/Kolkata', [2024, 5, 1, 0, 0, 0], 19800, [2024, 6, 1, 5, 30, 0]],
    ['Asia/Kathmandu', [2024, 5, 1, 0, 0, 0], 20700, [2024, 6, 1, 5, 45, 0]],
    ['UTC', [2024, 1, 29, 23, 59, 59], 0, [2024, 2, 29, 23, 59, 59]],
    // Before 1970: New York kept daylight saving time, Sweden did not (1950-1979).
    ['America/New_York', [1960, 6, 1, 12, 0, 0], -14400, [1960, 7, 1, 8, 0, 0]],
    ['America/New_York', [1960, 0, 1, 12, 0, 0], -18000, [1960, 1, 1, 7, 0, 0]],
    ['Europe/Stockholm', [1960, 6, 1, 12, 0, 0], 3600, [1960, 7, 1, 13, 0, 0]],
    // Local mean time before standard time: offsets with odd minutes and seconds.
    ['America/New_York', [1850, 0, 1, 12, 0, 0], -17762, [1850, 1, 1, 7, 3, 58]],
    ['Europe/Berlin', [1850, 0, 1, 12, 0, 0], 3208, [1850, 1, 1, 12, 53, 28]],
    // After 2100: the current rules carry on.
    ['Europe/Stockholm', [2150, 6, 1, 12, 0, 0], 7200, [2150, 7, 1, 14, 0, 0]],
    ['Europe/Stockholm', [2150, 0, 1, 12, 0, 0], 3600, [2150, 1, 1, 13, 0, 0]],
    ['America/New_York', [2200, 6, 1, 12, 0, 0], -14400, [2200, 7, 1, 8, 0, 0]],
  ];
  for (const [zone, instant, offset, [year, month, day, hour, minute, second]] of cases) {
    const seconds = utcSeconds(...instant);
    const label = `${zone} at ${new globalThis.Date(seconds * 1000).toISOString()}`;
    assert.equal(zoneOffsetSeconds(zone, seconds), offset, label);
    assert.deepStrictEqual(localFields(zone, seconds), { year, month, day, hour, minute, second, offsetSeconds: offset }, label);
  }
});

test('zone helpers: proleptic Gregorian years, 1 BC as year 0, and the ends of the Date range', () => {
  const at = (year, month, day) => {
    const date = new globalThis.Date(0);
    date.setUTCFullYear(year, month - 1, day);
    return date.getTime() / 1000;
  };
  assert.deepStrictEqual(localFields('UTC', at(1500, 3, 1)), { year: 1500, month: 3, day: 1, hour: 0, minute: 0, second: 0, offsetSeconds: 0 });
  assert.deepStrictEqual(localFields('UTC', at(0, 2, 29)), { year: 0, month: 2, day: 29, hour: 0, minute: 0, second: 0, offsetSeconds: 0 });
  assert.deepStrictEqual(localFields('UTC', at(-1000, 12, 31)), { year: -1000, month: 12, day: 31, hour: 0, minute: 0, second: 0, offsetSeconds: 0 });
  assert.deepStrictEqual(localFields('UTC', 8.64e12), { year: 275760, month: 9, day: 13, hour: 0, minute: 0, second: 0, offsetSeconds: 0 });
  assert.equal(localFields('UTC', -8.64e12).year, -271821);
  assert.throws(() => localFields('UTC', 8.64e12 + 1), RangeError);
  assert.throws(() => zoneOffsetSeconds('UTC', -8.64e12 - 1), RangeError);
  assert.throws(() => zoneOffsetSeconds('UTC', NaN), RangeError);
});

test('zone helpers: epoch seconds as numbers, Integers and BigInts; fractions round down', () => {
  const spring = utcSeconds(2021, 2, 28, 1, 0, 0);
  assert.equal(zoneOffsetSeconds('Europe/Stockholm', int(spring)), 7200);
  assert.equal(zoneOffsetSeconds('Europe/Stockholm', neo4j.int(spring)), 7200);
  assert.equal(zoneOffsetSeconds('Europe/Stockholm', BigInt(spring)), 7200);
  assert.equal(zoneOffsetSeconds('Europe/Stockholm', spring - 0.5), 3600);
  assert.equal(localFields('UTC', -0.5).second, 59);
});

test('zone helpers: unknown zone ids throw a clear Error', () => {
  for (const zone of ['Mars/Olympus_Mons', '', 'Europe/Stockholm ', undefined, 42]) {
    assert.throws(() => zoneOffsetSeconds(zone, 0), (error) => error instanceof Error && /Unknown time zone id/.test(error.message), String(zone));
  }
  assert.throws(() => localFields('Nowhere/Special', 0), { message: 'Unknown time zone id: "Nowhere/Special"' });
});

test('zone helpers: agree with the runtime clock and with the wall-clock fields over a seeded sweep', () => {
  const stream = seeded(1970n);
  const span = utcSeconds(2100, 0, 1) - utcSeconds(1900, 0, 1);
  const longOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' });
  for (let i = 0; i < 500; i++) {
    const seconds = utcSeconds(1900, 0, 1) + Number(BigInt.asUintN(48, stream.next().value) % BigInt(span));
    // This process runs in Europe/Stockholm (process.env.TZ above).
    const stockholm = zoneOffsetSeconds('Europe/Stockholm', seconds);
    assert.equal(stockholm, -new globalThis.Date(seconds * 1000).getTimezoneOffset() * 60, `Stockholm at ${seconds}`);
    const fields = localFields('America/New_York', seconds);
    const named = longOffset.formatToParts(seconds * 1000).find((part) => part.type === 'timeZoneName').value;
    const [, sign, hours, minutes = '0'] = /^GMT([+-])(\d\d):?(\d\d)?/.exec(named) ?? [null, '+', '0'];
    if (seconds > utcSeconds(1884, 0, 1)) {
      assert.equal(fields.offsetSeconds, (sign === '-' ? -1 : 1) * (Number(hours) * 3600 + Number(minutes) * 60), `New York at ${seconds}`);
    }
    const wallClock = new globalThis.Date(0);
    wallClock.setUTCFullYear(fields.year, fields.month - 1, fields.day);
    wallClock.setUTCHours(fields.hour, fields.minute, fields.second);
    assert.equal(wallClock.getTime() / 1000 - fields.offsetSeconds, seconds, `New York fields at ${seconds}`);
  }
});

test('DateTime: zone ids are validated with the same runtime database as the helpers', () => {
  assert.equal(new temporal.DateTime(2024, 7, 1, 12, 0, 0, 0, undefined, 'Europe/Stockholm').toString(), '2024-07-01T12:00:00[Europe/Stockholm]');
  assert.throws(() => new temporal.DateTime(2024, 7, 1, 12, 0, 0, 0, undefined, 'Mars/Olympus_Mons'),
    { message: 'Time zone ID is expected to be a valid ZoneId but was: "Mars/Olympus_Mons"' });
});

// --- spatial types ----------------------------------------------------------------------------

test('Point: fields, toString and validation match the official class', () => {
  const coordinates = [0, -0, 1, -1, 1.5, 0.1, 1e21, 1e-7, -123.456, NaN, Infinity, 2 ** 53];
  for (const srid of [4326, 7203, 9157, int(4326), neo4j.int(7203), 4979n, 4326.5]) {
    for (const x of coordinates) {
      for (const z of [undefined, null, 0, 2.5, NaN, x]) {
        sameConstruction((t) => new t.Point(srid, x, -x, z), `Point(${String(srid)}, ${x}, ${-x}, ${String(z)})`);
      }
    }
  }
  for (const bad of ['1', null, undefined, {}, 1n, int(1), true]) {
    sameConstruction((t) => new t.Point(bad, 1, 2), `srid ${String(bad)}`);
    sameConstruction((t) => new t.Point(4326, bad, 2), `x ${String(bad)}`);
    sameConstruction((t) => new t.Point(4326, 1, bad), `y ${String(bad)}`);
    sameConstruction((t) => new t.Point(4326, 1, 2, bad), `z ${String(bad)}`);
  }
  assert.ok(Object.isFrozen(new Point(4326, 1, 2)));
  assert.deepStrictEqual(Object.keys(new Point(4326, 1, 2)), ['srid', 'x', 'y', 'z']);
});

// --- vectors ----------------------------------------------------------------------------------

test('Vector: types, arrays, toString and validation match the official class', () => {
  const arrays = [
    new Int8Array([0, 1, -128, 127]), new Int16Array([-32768, 32767]), new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
    new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 0n]), new Float32Array([0.1, -0, NaN, Infinity, 1e-45]),
    new Float64Array([0.1, -1.5, 1e308, -Infinity]), new Float64Array([]),
  ];
  for (const array of arrays) {
    const ours = vector(array);
    const theirs = neo4j.vector(array);
    assert.equal(ours.getType(), theirs.getType());
    assert.equal(ours.toString(), theirs.toString());
    assert.equal(ours.asTypedArray(), array);
    assert.deepStrictEqual(Object.keys(ours), Object.keys(theirs));
    assert.ok(new Vector(array) instanceof Vector);
    assert.equal(new Vector(array).toString(), new neo4j.Vector(array).toString());
  }
  for (const bad of [[1, 2], new Uint8Array(1), new Uint8ClampedArray(1), new Uint16Array(1), new Uint32Array(1),
    new BigUint64Array(1), new ArrayBuffer(4), new DataView(new ArrayBuffer(4)), {}, Object.create(null), null, undefined, 5, 'x']) {
    same(() => vector(bad), () => neo4j.vector(bad), `vector(${Object.prototype.toString.call(bad)})`);
    same(() => new Vector(bad), () => new neo4j.Vector(bad), `new Vector(${Object.prototype.toString.call(bad)})`);
  }
});

// --- UUIDs ------------------------------------------------------------------------------------

test('UUID: text forms, bytes and validation match the official class', () => {
  for (const text of ['0a1b2c3d-0000-4000-8000-00000000000f', '0A1B2C3D00004000800000000000000F',
    'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000000000000000000000000000']) {
    const ours = uuid(text);
    const theirs = neo4j.uuid(text);
    assert.equal(ours.toString(), theirs.toString(), text);
    assert.deepStrictEqual(ours.getTypedArray(), theirs.getTypedArray(), text);
    assert.deepStrictEqual(Object.keys(ours), Object.keys(theirs));
    assert.ok(Object.isFrozen(ours) && isUUID(ours) && ours instanceof UUID);
    assert.equal(UUID.fromString(text).toString(), neo4j.UUID.fromString(text).toString());
  }
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 16 + 1);
  assert.equal(uuid(bytes).getTypedArray(), bytes, 'the array is kept, not copied');
  assert.equal(uuid(bytes).toString(), neo4j.uuid(bytes).toString());
  for (const bad of ['', '0a1b2c3d-0000-4000-8000-00000000000', '0a1b2c3d-0000-4000-8000-00000000000g',
    '0a1b2c3d0000-4000-8000-00000000000f', new Uint8Array(15), new Uint8Array(17), new Int8Array(16), [1, 2], null, undefined, 5]) {
    same(() => uuid(bad), () => neo4j.uuid(bad), `uuid(${String(bad)})`);
  }
  same(() => new UUID(new Uint8Array(3)), () => new neo4j.UUID(new Uint8Array(3)), 'new UUID(3 bytes)');
  for (const other of [null, undefined, {}, bytes, '0a1b2c3d-0000-4000-8000-00000000000f', neo4j.uuid(bytes)]) {
    assert.equal(isUUID(other), neo4j.isUUID(other), String(other));
  }
});
