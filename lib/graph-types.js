// Graph values: nodes, relationships and paths, with the fields and text forms of the official
// driver's classes. Each prototype carries the official `__isX__` marker, so the `is*` helpers
// recognise values from either package.

import { mapTo } from './mapping.js';

/**
 * The JSON text of a value, BigInts written as `123n`: how property values appear in `toString`
 * and in validation messages.
 */
export function stringify(value) {
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** A node's or relationship's properties as an object, as `Record#as` maps a record's columns. */
function propertiesAs(entity, constructorOrRules, rules) {
  return mapTo((key) => entity.properties[key], constructorOrRules, rules);
}

/** ` {key:value,...}` for a non-empty property map, '' for an empty one. */
function propertiesText(properties) {
  const keys = Object.keys(properties);
  if (keys.length === 0) return '';
  return ` {${keys.map((key) => `${key}:${stringify(properties[key])}`).join(',')}}`;
}

/** A node: its id, labels, properties and element id (the id's text when not given). */
export class Node {
  /**
   * @param {Integer|number|bigint} identity the node's id
   * @param {string[]} labels
   * @param {Object} properties
   * @param {string} [elementId] defaults to `identity.toString()`
   */
  constructor(identity, labels, properties, elementId) {
    this.identity = identity;
    this.labels = labels;
    this.properties = properties;
    this.elementId = elementId ?? identity.toString();
  }

  /** The node's properties as an object of a class or per rules (see `Record#as`). */
  as(constructorOrRules, rules) {
    return propertiesAs(this, constructorOrRules, rules);
  }

  /** `(elementId:Label1:Label2 {key:value,...})` */
  toString() {
    return `(${this.elementId}${this.labels.map((label) => `:${label}`).join('')}${propertiesText(this.properties)})`;
  }
}
Object.defineProperty(Node.prototype, '__isNode__', { value: true });

/** Whether `obj` is a Node (of either package). */
export function isNode(obj) {
  return obj?.__isNode__ === true;
}

/**
 * A relationship between two nodes: its id, the nodes' ids, its type, properties and element
 * ids (each the matching id's text when not given).
 */
export class Relationship {
  /**
   * @param {Integer|number|bigint} identity the relationship's id
   * @param {Integer|number|bigint} start the start node's id
   * @param {Integer|number|bigint} end the end node's id
   * @param {string} type
   * @param {Object} properties
   * @param {string} [elementId] defaults to `identity.toString()`
   * @param {string} [startNodeElementId] defaults to `start.toString()`
   * @param {string} [endNodeElementId] defaults to `end.toString()`
   */
  constructor(identity, start, end, type, properties, elementId, startNodeElementId, endNodeElementId) {
    this.identity = identity;
    this.start = start;
    this.end = end;
    this.type = type;
    this.properties = properties;
    this.elementId = elementId ?? identity.toString();
    this.startNodeElementId = startNodeElementId ?? start.toString();
    this.endNodeElementId = endNodeElementId ?? end.toString();
  }

  /** The relationship's properties as an object of a class or per rules (see `Record#as`). */
  as(constructorOrRules, rules) {
    return propertiesAs(this, constructorOrRules, rules);
  }

  /** `(startNodeElementId)-[:TYPE {key:value,...}]->(endNodeElementId)` */
  toString() {
    return `(${this.startNodeElementId})-[:${this.type}${propertiesText(this.properties)}]->(${this.endNodeElementId})`;
  }
}
Object.defineProperty(Relationship.prototype, '__isRelationship__', { value: true });

/** Whether `obj` is a Relationship (of either package). */
export function isRelationship(obj) {
  return obj?.__isRelationship__ === true;
}

/** A relationship inside a path, whose end nodes the path supplies. */
export class UnboundRelationship {
  /**
   * @param {Integer|number|bigint} identity the relationship's id
   * @param {string} type
   * @param {Object} properties
   * @param {string} [elementId] defaults to `identity.toString()`
   */
  constructor(identity, type, properties, elementId) {
    this.identity = identity;
    this.type = type;
    this.properties = properties;
    this.elementId = elementId ?? identity.toString();
  }

  /** The Relationship from node id `start` to node id `end` (element ids from the ids). */
  bind(start, end) {
    return new Relationship(this.identity, start, end, this.type, this.properties, this.elementId);
  }

  /** The Relationship from node `start` to node `end` (ids and element ids from the nodes). */
  bindTo(start, end) {
    return new Relationship(this.identity, start.identity, end.identity, this.type, this.properties,
      this.elementId, start.elementId, end.elementId);
  }

  /** The relationship's properties as an object of a class or per rules (see `Record#as`). */
  as(constructorOrRules, rules) {
    return propertiesAs(this, constructorOrRules, rules);
  }

  /** `-[:TYPE {key:value,...}]->` */
  toString() {
    return `-[:${this.type}${propertiesText(this.properties)}]->`;
  }
}
Object.defineProperty(UnboundRelationship.prototype, '__isUnboundRelationship__', { value: true });

/** Whether `obj` is an UnboundRelationship (of either package). */
export function isUnboundRelationship(obj) {
  return obj?.__isUnboundRelationship__ === true;
}

/** One step of a path: a start node, the relationship, and the end node. */
export class PathSegment {
  /**
   * @param {Node} start
   * @param {Relationship} relationship
   * @param {Node} end
   */
  constructor(start, relationship, end) {
    this.start = start;
    this.relationship = relationship;
    this.end = end;
  }
}
Object.defineProperty(PathSegment.prototype, '__isPathSegment__', { value: true });

/** Whether `obj` is a PathSegment (of either package). */
export function isPathSegment(obj) {
  return obj?.__isPathSegment__ === true;
}

/** A path: its first and last node and its segments; `length` is the number of segments. */
export class Path {
  /**
   * @param {Node} start
   * @param {Node} end
   * @param {PathSegment[]} segments
   */
  constructor(start, end, segments) {
    this.start = start;
    this.end = end;
    this.segments = segments;
    this.length = segments.length;
  }
}
Object.defineProperty(Path.prototype, '__isPath__', { value: true });

/** Whether `obj` is a Path (of either package). */
export function isPath(obj) {
  return obj?.__isPath__ === true;
}
