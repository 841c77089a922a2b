// Types of lib/graph-types.js: nodes, relationships and paths, as neo4j-driver declares them.

import type { Integer, NumberOrInteger } from './integer.js';
import type { GenericConstructor, Rules } from './mapping.js';

/** A node's or relationship's properties. */
export interface Properties {
  [key: string]: any;
}

/** A node: its id, labels, properties and element id. */
export declare class Node<T extends NumberOrInteger = Integer, P extends Properties = Properties, Label extends string = string> {
  identity: T;
  labels: Label[];
  properties: P;
  elementId: string;
  constructor(identity: T, labels: Label[], properties: P, elementId?: string);
  /** The properties as an object of a class or per rules, as `Record#as` maps columns. */
  as<O extends {} = Object>(rules: Rules): O;
  as<O extends {} = Object>(genericConstructor: GenericConstructor<O>, rules?: Rules): O;
  toString(): string;
}

/** A relationship between two nodes, with the nodes' ids and element ids. */
export declare class Relationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string> {
  identity: T;
  start: T;
  end: T;
  type: Type;
  properties: P;
  elementId: string;
  startNodeElementId: string;
  endNodeElementId: string;
  constructor(identity: T, start: T, end: T, type: Type, properties: P, elementId?: string,
    startNodeElementId?: string, endNodeElementId?: string);
  /** The properties as an object of a class or per rules, as `Record#as` maps columns. */
  as<O extends {} = Object>(rules: Rules): O;
  as<O extends {} = Object>(genericConstructor: GenericConstructor<O>, rules?: Rules): O;
  toString(): string;
}

/** A relationship inside a path, whose end nodes the path supplies. */
export declare class UnboundRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string> {
  identity: T;
  type: Type;
  properties: P;
  elementId: string;
  constructor(identity: T, type: Type, properties: any, elementId?: string);
  bind(start: T, end: T): Relationship<T>;
  bindTo(start: Node<T>, end: Node<T>): Relationship<T>;
  /** The properties as an object of a class or per rules, as `Record#as` maps columns. */
  as<O extends {} = Object>(rules: Rules): O;
  as<O extends {} = Object>(genericConstructor: GenericConstructor<O>, rules?: Rules): O;
  toString(): string;
}

/** One step of a path: a start node, the relationship, and the end node. */
export declare class PathSegment<T extends NumberOrInteger = Integer> {
  start: Node<T>;
  relationship: Relationship<T>;
  end: Node<T>;
  constructor(start: Node<T>, rel: Relationship<T>, end: Node<T>);
}

/** A path: its first and last node and its segments; `length` is the number of segments. */
export declare class Path<T extends NumberOrInteger = Integer> {
  start: Node<T>;
  end: Node<T>;
  segments: Array<PathSegment<T>>;
  length: number;
  constructor(start: Node<T>, end: Node<T>, segments: Array<PathSegment<T>>);
}

export declare function isNode<T extends NumberOrInteger = Integer, P extends Properties = Properties, Label extends string = string>(obj: unknown): obj is Node<T, P, Label>;
export declare function isRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string>(obj: unknown): obj is Relationship<T, P, Type>;
export declare function isUnboundRelationship<T extends NumberOrInteger = Integer, P extends Properties = Properties, Type extends string = string>(obj: unknown): obj is UnboundRelationship<T, P, Type>;
export declare function isPathSegment<T extends NumberOrInteger = Integer>(obj: unknown): obj is PathSegment<T>;
export declare function isPath<T extends NumberOrInteger = Integer>(obj: unknown): obj is Path<T>;

/** Internal: JSON text with BigInts as `123n`, as property values appear in `toString` and messages. */
export declare function stringify(value: unknown): string;
