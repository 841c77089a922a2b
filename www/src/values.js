// How result values look on the page: short text for table cells and the inspector, and plain
// JSON for the JSON view. Values are the driver's: Integer, Node, Relationship, Path, the
// temporal and spatial classes, lists and maps.
import neo4j from 'neo4j-wasm';

/** Property keys that name a thing, in the order a caption looks for them. */
const CAPTION_KEYS = ['name', 'title', 'code', 'caption', 'label', 'displayName'];

/** The caption of a node or relationship: a name-like property, else its first label or type. */
export function captionOf(entity) {
  for (const key of CAPTION_KEYS) {
    const value = entity.properties[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return entity.labels?.[0] ?? entity.type ?? entity.elementId;
}

/** Whether `value` is a map from the server (a plain object), not one of the driver's classes. */
function isMap(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The keys of a map or property set, sorted (servers send them in any order). */
export function sortedKeys(map) {
  return Object.keys(map).sort((a, b) => a.localeCompare(b));
}

/** `{key: value, ...}` of a property map. */
function mapText(map) {
  const keys = sortedKeys(map);
  return keys.length ? `{${keys.map((k) => `${k}: ${formatValue(map[k], true)}`).join(', ')}}` : '';
}

/**
 * A value as short text. Strings are quoted only inside lists and maps; floats always show a
 * decimal point, so that `1.0` and the integer `1` differ, as in Cypher.
 * @param {*} value
 * @param {boolean} [nested] whether the value sits inside a list or map
 * @returns {string}
 */
export function formatValue(value, nested = false) {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string': return nested ? JSON.stringify(value) : value;
    case 'number': return Number.isInteger(value) ? value.toFixed(1) : String(value);
    case 'bigint': case 'boolean': return String(value);
    default: break;
  }
  if (neo4j.isInt(value)) return value.toString();
  if (neo4j.isNode(value)) {
    return `(${value.labels.map((l) => `:${l}`).join('')}${value.labels.length ? ' ' : ''}${mapText(value.properties)})`;
  }
  if (neo4j.isRelationship(value)) return `[:${value.type} ${mapText(value.properties)}]`;
  if (neo4j.isPath(value)) return pathText(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, true)).join(', ')}]`;
  if (value instanceof Int8Array) return `bytes[${value.length}]`;
  if (isMap(value)) return mapText(value) || '{}';
  // Temporal, spatial, vector values: the driver's own text form.
  return value.toString();
}

/** `(Central)-[:NEXT]->(Market Street)<-[:NEXT]-(...)` from the captions of a path's nodes. */
function pathText(path) {
  let text = `(${captionOf(path.start)})`;
  for (const { start, relationship, end } of path.segments) {
    const forward = relationship.startNodeElementId === start.elementId;
    text += `${forward ? '' : '<'}-[:${relationship.type}]-${forward ? '>' : ''}(${captionOf(end)})`;
  }
  return text;
}

/** A JSON-friendly form of a driver value (integers as numbers when exact, else as strings). */
export function toJson(value) {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number': return Number.isFinite(value) ? value : String(value);
    case 'bigint': return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    case 'string': case 'boolean': return value;
    default: break;
  }
  if (neo4j.isInt(value)) return neo4j.integer.inSafeRange(value) ? value.toNumber() : value.toString();
  if (neo4j.isNode(value)) {
    return { elementId: value.elementId, labels: value.labels, properties: toJson(value.properties) };
  }
  if (neo4j.isRelationship(value)) {
    return {
      elementId: value.elementId, type: value.type, startNodeElementId: value.startNodeElementId,
      endNodeElementId: value.endNodeElementId, properties: toJson(value.properties),
    };
  }
  if (neo4j.isPath(value)) {
    return {
      start: toJson(value.start),
      segments: value.segments.map((s) => ({ relationship: toJson(s.relationship), end: toJson(s.end) })),
    };
  }
  if (neo4j.isPoint(value)) {
    const point = { srid: toJson(value.srid), x: value.x, y: value.y };
    if (value.z !== undefined) point.z = value.z;
    return point;
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Int8Array) return [...value];
  if (isMap(value)) return Object.fromEntries(sortedKeys(value).map((k) => [k, toJson(value[k])]));
  return value.toString();
}

/** The first WGS-84 point among an entity's properties, as `[longitude, latitude]`, or null. */
export function locationOf(entity) {
  for (const key of sortedKeys(entity.properties)) {
    const value = entity.properties[key];
    if (neo4j.isPoint(value) && [4326, 4979].includes(neo4j.integer.toNumber(value.srid))) return [value.x, value.y];
  }
  return null;
}
