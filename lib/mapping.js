// Object mapping, as neo4j-driver 6.3 has it: records, nodes and relationships become objects of
// the application's classes (`record.as(Person, rules)`), each field checked and converted by a
// rule from `neo4j.rule`; parameter objects go the other way (`parameterRules`). Rules come with
// the call, from the registry (`RecordObjectMapping.register`, `@mappedClass`), or not at all:
// then the class's own fields are copied unchecked.

import { newError, Neo4jError } from './error.js';
import { Integer, isInt } from './integer.js';
import { isNode, isRelationship, isPath } from './graph-types.js';
import { isPoint } from './spatial-types.js';
import {
  Duration, LocalTime, Time, Date, LocalDateTime, DateTime,
  isDuration, isLocalTime, isTime, isDate, isLocalDateTime, isDateTime,
} from './temporal-types.js';
import { vector, isVector } from './vector.js';
import { UUID, isUUID } from './uuid.js';

/** The rules registered for each class. */
const registry = new Map();
/** From an object's property name to the record key or parameter name it maps to. */
let keyOf = (name) => name;

/** The rules of a mapping: those given, else those registered for the class. */
function rulesOf(constructorOrRules, rules) {
  return typeof constructorOrRules === 'object' ? constructorOrRules : rules ?? registry.get(constructorOrRules);
}

/** Whether a rule lets a value through untouched: it is optional and the value null or undefined. */
const skips = (rule, value) => rule?.optional === true && value == null;

/** A value through a rule: validated, then converted (unless the rule skips it). */
function valueAs(value, field, rule) {
  if (skips(rule, value)) return value;
  rule?.validate?.(value, field);
  return rule?.convert ? rule.convert(value, field) : value;
}

/** A value as a rule sends it: through `parameterConversion`, unless null or undefined. */
const toParameter = (value, rule) =>
  (value != null && rule.parameterConversion ? rule.parameterConversion(value) : value);

/**
 * A new object of the class (or a plain object) whose fields are read with `get(key)`: first
 * those with rules, each from the key `from` names or the translated field name; then the
 * class's own fields without rules, unchecked. A field that is optional and missing (`get`
 * throws a Neo4jError) keeps the value the constructor gave it.
 * @param {function(string): *} get reads a record's column or a node's property
 * @param {Function|Object} constructorOrRules the class, or the rules of a plain object
 * @param {Object} [rules] the rules, when a class is given
 * @returns {Object}
 */
export function mapTo(get, constructorOrRules, rules) {
  const Class = typeof constructorOrRules === 'function' ? constructorOrRules : Object;
  const fieldRules = rulesOf(constructorOrRules, rules) ?? {};
  const object = new Class();
  for (const key of new Set([...Object.keys(fieldRules), ...Object.getOwnPropertyNames(object)])) {
    const rule = fieldRules[key];
    let value;
    try {
      value = get(rule?.from ?? keyOf(key));
    } catch (error) {
      if (rule?.optional === true && error instanceof Neo4jError) continue;
      throw error;
    }
    object[key] = valueAs(value, `${Class.name}#${key}`, rule);
  }
  return object;
}

/**
 * The parameters of a query as sent. With rules (given, or registered for the parameters'
 * class) only the ruled properties go, each converted, validated and renamed; without, the
 * parameters go as they are.
 * @param {*} parameters
 * @param {Object} [rules]
 * @returns {*}
 * @throws {Neo4jError} when a required parameter is missing
 */
export function parametersBy(parameters, rules) {
  const parameterRules = rules ?? registry.get(Object.getPrototypeOf(parameters)?.constructor);
  if (parameterRules == null) return parameters;
  return Object.fromEntries(Object.entries(parameterRules).map(([key, rule]) => {
    const value = toParameter(parameters[key], rule);
    if (value != null) {
      rule.validate?.(value, key);
    } else if (rule.optional !== true) {
      throw newError(`Mapped Parameter object did not include required parameter with key ${key}, ` +
        'check provided parameters and parameter rules.');
    }
    return [rule.from ?? keyOf(key), value];
  }));
}

/** The TypeError of a value that is not `what` the rule of `field` expects. */
const mismatch = (field, what, value) => new TypeError(`${field} should be ${what} but received ${typeof value}`);

/** A validate function that accepts what `is` accepts. */
const expect = (is, what) => (value, field) => {
  if (!is(value)) throw mismatch(field, what, value);
};

/** A rule factory for values `is` accepts, as they are; the options given are kept. */
const typed = (is, what) => (options) => ({ validate: expect(is, what), ...options });

/** Refuses options that convert by themselves (`stringify`, ...) together with conversion functions. */
function refuseWithConversions(options, ...names) {
  for (const name of names) {
    if (options?.[name] != null && (options.convert != null || options.parameterConversion != null)) {
      throw newError('Provided rule already has convert and/or parameterConversion function, ' +
        `${name} can not be used in combination with custom conversion functions.`);
    }
  }
}

/**
 * A rule factory for temporal values and UUIDs: with `stringify`, the application sees and sends
 * their text; with `jsNativeDate` (where `native`), JavaScript Dates.
 */
const textual = (is, what, Class, native = false) => (options) => {
  refuseWithConversions(options, 'stringify', ...(native ? ['jsNativeDate'] : []));
  const text = options?.stringify === true;
  const standard = native && options?.jsNativeDate === true;
  if (text && standard) throw newError('both stringify and jsNativeDate cannot be set; use one or neither');
  return {
    validate: expect(is, what),
    convert: (value) => (text ? value.toString() : standard ? value.toStandardDate() : value),
    parameterConversion: text ? (value) => Class.fromString(value)
      : standard ? (value) => Class.fromStandardDate(value) : undefined,
    ...options,
  };
};

/**
 * The rule factories (`neo4j.rule`). Each makes a rule that validates one type of value, and
 * keeps the fields of the rule given to it (`optional`, `from`, `convert`, `validate`,
 * `parameterConversion`), which override its own.
 */
export const rule = Object.freeze({
  /** Booleans. */
  asBoolean: typed((value) => typeof value === 'boolean', 'a boolean'),

  /** Strings. */
  asString: typed((value) => typeof value === 'string', 'a string'),

  /**
   * Numbers. Integers from the database (`Integer`s or BigInts) only with `isInteger`: then
   * they become numbers, decimals are refused, and parameters are sent as integers.
   */
  asNumber: (options) => ({
    validate(value, field) {
      const integer = options?.isInteger === true;
      if (!integer && isInt(value)) {
        throw new TypeError('Number returned as Integer Object. To use asNumber mapping with Integers, ' +
          'set "isInteger" in rule configuration.');
      }
      if (!integer && typeof value === 'bigint') {
        throw new TypeError('Number returned as BigInt. To use asNumber mapping with integer values, ' +
          'set "isInteger" in rule configuration.');
      }
      if (typeof value !== 'number' && !(integer && isInt(value))) throw mismatch(field, 'a number', value);
      if (integer && !Number.isInteger(value) && typeof value === 'number') {
        throw new TypeError(`${field} should be an integer value but received decimal number.`);
      }
    },
    convert: (value) => (typeof value === 'bigint' ? Number(value) : isInt(value) ? value.toNumber() : value),
    parameterConversion: options?.isInteger === true ? (value) => Integer.fromValue(value) : undefined,
    ...options,
  }),

  /** BigInts, from BigInts or `Integer`s (and numbers, with `acceptNumber`). */
  asBigInt: (options) => ({
    validate: expect((value) => typeof value === 'bigint' || isInt(value) ||
      (options?.acceptNumber === true && typeof value === 'number'), 'a bigint'),
    convert: (value) => (typeof value === 'number' ? BigInt(value) : isInt(value) ? value.toBigInt() : value),
    ...options,
  }),

  /**
   * `Integer`s, from `Integer`s or BigInts; with `acceptNumber` numbers pass too, and stay
   * numbers (as with neo4j-driver 6.3).
   */
  asInteger: (options) => ({
    validate: expect((value) => typeof value === 'bigint' || isInt(value) ||
      (options?.acceptNumber === true && typeof value === 'number'), 'an Integer'),
    convert: (value) => (typeof value === 'bigint' ? Integer.fromValue(value) : value),
    ...options,
  }),

  /** Nodes; a `convert` such as `(node) => node.as(Person)` maps them on. */
  asNode: typed(isNode, 'a Node'),

  /** Relationships; a `convert` such as `(rel) => rel.as(Role)` maps them on. */
  asRelationship: typed(isRelationship, 'a Relationship'),

  /** Paths. */
  asPath: typed(isPath, 'a Path'),

  /** Points. */
  asPoint: typed(isPoint, 'a Point'),

  /** Durations; as ISO text with `stringify`. */
  asDuration: textual(isDuration, 'a Duration', Duration),

  /** Local times; as ISO text with `stringify`. */
  asLocalTime: textual(isLocalTime, 'a LocalTime', LocalTime),

  /** Times; as ISO text with `stringify`. */
  asTime: textual(isTime, 'a Time', Time),

  /** Dates; as ISO text with `stringify`, as JavaScript Dates with `jsNativeDate`. */
  asDate: textual(isDate, 'a Date', Date, true),

  /** Local date-times; as ISO text with `stringify`, as JavaScript Dates with `jsNativeDate`. */
  asLocalDateTime: textual(isLocalDateTime, 'a LocalDateTime', LocalDateTime, true),

  /** Date-times; as ISO text with `stringify`, as JavaScript Dates with `jsNativeDate`. */
  asDateTime: textual(isDateTime, 'a DateTime', DateTime, true),

  /** Lists; with `apply`, a rule every element goes through. */
  asList: (options) => {
    const apply = options?.apply;
    return {
      validate(list, field) {
        expect(Array.isArray, 'a list')(list, field);
        list.forEach((value, i) => { if (!skips(apply, value)) apply?.validate?.(value, `${field}[${i}]`); });
      },
      convert: (list, field) => (apply ? list.map((value, i) => valueAs(value, `${field}[${i}]`, apply)) : list),
      parameterConversion: (list) => (apply ? list.map((value) => toParameter(value, apply)) : list),
      ...options,
    };
  },

  /**
   * Vectors, of `dimension` elements and element `type` when given; as their typed arrays with
   * `asTypedList`.
   */
  asVector(options) {
    refuseWithConversions(options, 'asTypedList');
    const typedList = options?.asTypedList === true;
    return {
      validate(value, field) {
        expect(isVector, 'a vector')(value, field);
        const { length } = value.asTypedArray();
        if (options?.dimension != null && length !== options.dimension) {
          throw new TypeError(
            `${field} should be a vector of length ${options.dimension} but received length ${length}`);
        }
        if (options?.type != null && value.getType() !== options.type) {
          throw new TypeError(
            `${field} should be a vector of type ${options.type} but received type ${value.getType()}`);
        }
      },
      convert: (value) => (typedList ? value.asTypedArray() : value),
      parameterConversion: typedList ? vector : undefined,
      ...options,
    };
  },

  /** UUIDs; as text with `stringify`. */
  asUUID: textual(isUUID, 'a UUID', UUID),

  /**
   * Maps (a record's nested objects) as objects of a class or plain objects, each field by its
   * rule, keys translated as for records. A required field that is missing is a Neo4jError.
   */
  asObject(constructorOrRules, rules) {
    const Class = typeof constructorOrRules === 'function' ? constructorOrRules : Object;
    const fieldRules = Object.entries(rulesOf(constructorOrRules, rules) ?? {});
    /** `visit(key, rule, name)` for each field, `name` being its key in the database. */
    const each = (visit) => fieldRules.map(([key, fieldRule]) => visit(key, fieldRule, fieldRule.from ?? keyOf(key)));
    return {
      validate: (value, field) => each((key, fieldRule, name) => {
        if (value[name] != null) {
          fieldRule.validate?.(value[name], `${field}[${key}]`);
        } else if (fieldRule.optional !== true) {
          throw newError(`Mapped object did not include required field ${field} with key ${name}.`);
        }
      }),
      convert(value, field) {
        const object = new Class();
        each((key, fieldRule, name) => {
          object[key] = value[name] != null && fieldRule.convert
            ? fieldRule.convert(value[name], `${field}[${name}]`) : value[name];
        });
        return object;
      },
      parameterConversion: (value) =>
        Object.fromEntries(each((key, fieldRule, name) => [name, toParameter(value[key], fieldRule)])),
    };
  },
});

/** Splits camelCase and PascalCase names into lower-case words. */
const capitalWords = (name) => name.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
const capitalized = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** Each naming convention: how its names split into words, and how words join into a name. */
const CONVENTIONS = {
  snake_case: { split: (name) => name.split('_'), join: (words) => words.join('_') },
  'kebab-case': { split: (name) => name.split('-'), join: (words) => words.join('-') },
  PascalCase: { split: capitalWords, join: (words) => words.map(capitalized).join('') },
  camelCase: {
    split: capitalWords,
    join: (words) => words.map((word, i) => (i === 0 ? word : capitalized(word))).join(''),
  },
  SCREAMING_SNAKE_CASE: {
    split: (name) => name.toLowerCase().split('_'),
    join: (words) => words.join('_').toUpperCase(),
  },
};

/** The naming conventions `RecordObjectMapping.getCaseTranslator` knows (`neo4j.StandardCase`). */
export const StandardCase = Object.freeze({
  SnakeCase: 'snake_case',
  KebabCase: 'kebab-case',
  ScreamingSnakeCase: 'SCREAMING_SNAKE_CASE',
  PascalCase: 'PascalCase',
  CamelCase: 'camelCase',
});

/** Settings of object mapping that hold for every driver (`neo4j.RecordObjectMapping`). */
export const RecordObjectMapping = Object.freeze({
  /** Forgets the rules registered for every class. */
  clearMappingRegistry() {
    registry.clear();
  },

  /**
   * A translation of names, for `translateIdentifiers`: from a property name in the code's
   * convention to the same name in the database's.
   * @param {string} databaseConvention a {@link StandardCase}
   * @param {string} codeConvention a {@link StandardCase}
   * @returns {function(string): string}
   * @throws {Neo4jError} for a convention it does not know
   */
  getCaseTranslator(databaseConvention, codeConvention) {
    for (const convention of [databaseConvention, codeConvention]) {
      if (!Object.hasOwn(CONVENTIONS, convention)) {
        throw newError(`Naming convention ${convention} is not recognized, please provide a recognized ` +
          'name convention or manually provide a translation function.');
      }
    }
    return (name) => CONVENTIONS[databaseConvention].join(CONVENTIONS[codeConvention].split(name));
  },

  /**
   * Registers the rules of a class: used whenever it is mapped to without rules, and for
   * parameter objects of the class.
   * @param {Function} constructor callable without arguments
   * @param {Object} rules
   */
  register(constructor, rules) {
    registry.set(constructor, rules);
  },

  /**
   * Sets how property names become record keys and parameter names (by default they are the
   * same), for every mapping; `from` in a rule still wins.
   * @param {function(string): string} translate
   */
  translateIdentifiers(translate) {
    keyOf = translate;
  },
});

/** A field decorator that sets the field's rule to `make(the rule decorators below it set)`. */
const decorate = (make) => (_, context) => {
  context.metadata[context.name] = make(context.metadata[context.name]);
};

/** The decorator named after a rule factory: `stringProperty` for `asString`, `uuidProperty` for `asUUID`. */
const decoratorName = (factory) =>
  `${factory === 'asUUID' ? 'uuid' : factory[2].toLowerCase() + factory.slice(3)}Property`;

/**
 * Decorators (TC39, with `Symbol.metadata`) that declare a class's rules in its body:
 * `@mappedClass()` on the class registers the rules its fields' decorators set. Each rule
 * factory has its decorator (`@stringProperty()` for `rule.asString()`, with the same
 * arguments); `@listProperty()` goes above the decorator of its elements, and the modifiers
 * (`@optionalProperty()`, `@mapPropertyFromName(name)`, `@convertPropertyToType(Class)`) above
 * a type decorator.
 */
export const mappingDecorators = Object.freeze({
  ...Object.fromEntries(Object.keys(rule).map((factory) =>
    [decoratorName(factory), (...args) => decorate(() => rule[factory](...args))])),
  listProperty: (config) => decorate((element) => rule.asList({ apply: { ...element }, ...config })),
  optionalProperty: () => decorate((set) => ({ optional: true, ...set })),
  mapPropertyFromName: (name) => decorate((set) => ({ from: name, ...set })),
  convertPropertyToType: (type) => decorate((set) => ({ convert: (value) => value.as(type), ...set })),
  mappedClass: () => (Class, context) => {
    registry.set(Class, context.metadata);
  },
});
