// Types of lib/mapping.js: object mapping of records, nodes, relationships and parameters, as
// neo4j-driver 6.3 declares it.

import type { VectorType } from './vector.js';

/** A class whose constructor can be called without arguments. */
export type GenericConstructor<T extends {}> = new (...args: any[]) => T;

/** How one field maps: its checks, its conversions and where it comes from. */
export interface Rule {
  /** Null or undefined (or, in a record, a missing column) is allowed, and neither checked nor converted. */
  optional?: boolean;
  /** The record key or parameter name of the field, when it is not the field's name. */
  from?: string;
  /** Converts a value read from a result, after `validate`. */
  convert?: (recordValue: any, field: string) => any;
  /** Converts a parameter value, before `validate`. */
  parameterConversion?: (objectValue: any) => any;
  /** Throws when the value is not acceptable. */
  validate?: (value: any, field: string) => void;
}

/** The rules of an object's fields, by field name. */
export type Rules = Record<string, Rule>;

/** The rule factories (`neo4j.rule`). */
export declare const rule: Readonly<{
  asBoolean(rule?: Rule): Rule;
  asString(rule?: Rule): Rule;
  asNumber(rule?: Rule & { isInteger?: boolean }): Rule;
  asBigInt(rule?: Rule & { acceptNumber?: boolean }): Rule;
  asInteger(rule?: Rule & { acceptNumber?: boolean }): Rule;
  asNode(rule?: Rule): Rule;
  asRelationship(rule?: Rule): Rule;
  asPath(rule?: Rule): Rule;
  asPoint(rule?: Rule): Rule;
  asDuration(rule?: Rule & { stringify?: boolean }): Rule;
  asLocalTime(rule?: Rule & { stringify?: boolean }): Rule;
  asTime(rule?: Rule & { stringify?: boolean }): Rule;
  asDate(rule?: Rule & { stringify?: boolean; jsNativeDate?: boolean }): Rule;
  asLocalDateTime(rule?: Rule & { stringify?: boolean; jsNativeDate?: boolean }): Rule;
  asDateTime(rule?: Rule & { stringify?: boolean; jsNativeDate?: boolean }): Rule;
  asList(rule?: Rule & { apply?: Rule }): Rule;
  asVector(rule?: Rule & { asTypedList?: boolean; dimension?: number; type?: VectorType }): Rule;
  asUUID(rule?: Rule & { stringify?: boolean }): Rule;
  asObject(constructorOrRules: GenericConstructor<Object> | Rules, rules?: Rules): Rule;
}>;

/** The naming conventions `RecordObjectMapping.getCaseTranslator` knows. */
export declare enum StandardCase {
  SnakeCase = 'snake_case',
  KebabCase = 'kebab-case',
  ScreamingSnakeCase = 'SCREAMING_SNAKE_CASE',
  PascalCase = 'PascalCase',
  CamelCase = 'camelCase',
}

/** Settings of object mapping that hold for every driver (`neo4j.RecordObjectMapping`). */
export declare const RecordObjectMapping: Readonly<{
  clearMappingRegistry(): void;
  getCaseTranslator(databaseConvention: StandardCase | `${StandardCase}`,
    codeConvention: StandardCase | `${StandardCase}`): (name: string) => string;
  register<T extends {} = Object>(constructor: GenericConstructor<T>, rules: Rules): void;
  translateIdentifiers(translationFunction: (name: string) => string): void;
}>;

/** A decorator of a class field, or of a class. */
type Decorator = (_: any, context: any) => void;

/** The decorator of each rule factory, with its options: `stringProperty` for `asString`, ... */
type TypeDecorators = {
  [K in keyof typeof rule as K extends `as${infer T}` ? (T extends 'UUID' ? 'uuidProperty' : `${Uncapitalize<T>}Property`) : never]:
    (...config: Parameters<(typeof rule)[K]>) => Decorator;
};

/** Decorators that declare a class's rules in its body (`neo4j.mappingDecorators`). */
export declare const mappingDecorators: TypeDecorators & {
  optionalProperty(): Decorator;
  mapPropertyFromName(name: string): Decorator;
  convertPropertyToType(type: any): Decorator;
  mappedClass(): Decorator;
};

/** Internal: an object of the class or per the rules, its fields read with `get(key)`. */
export declare function mapTo<T extends {} = Object>(get: (key: string) => any,
  constructorOrRules: GenericConstructor<T> | Rules, rules?: Rules): T;

/** Internal: a query's parameters as sent, mapped by the rules given or registered for their class. */
export declare function parametersBy(parameters: any, rules?: Rules): any;

// Only what is marked `export` is exported.
export {};
