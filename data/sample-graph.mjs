// Loads the sample graph (data/sample-graph.json, Norhaven: a fictional harbour city) into a
// server through the driver: one UNWIND ... CREATE per label and per relationship group, in one
// write transaction, with the properties sent as the driver's value types (Integer, Date,
// DateTime, LocalTime, Duration, Point) as the file's schema says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the sample graph is. */
export const SAMPLE_GRAPH_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample-graph.json');

/** Labels, relationship types and property names of the file, checked before they go into Cypher. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
function identifier(name) {
  if (!IDENTIFIER.test(name)) throw new Error(`sample graph: ${JSON.stringify(name)} is not a plain identifier`);
  return name;
}

/** Turns one JSON value into the driver value its schema type names. */
function converter(neo4j, type, where) {
  const { Date, DateTime, LocalTime, Duration, Point } = neo4j.types;
  switch (type) {
    case 'string': case 'float': case 'bool': case 'string[]':
      return (v) => v;
    case 'int':
      return (v) => neo4j.int(v);
    case 'date':
      return (v) => {
        const [y, m, d] = v.split('-').map(Number);
        return new Date(y, m, d);
      };
    case 'datetime':
      return (v) => {
        const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|([+-])(\d\d):(\d\d))$/.exec(v);
        if (!m) throw new Error(`sample graph: ${where}: bad datetime ${v}`);
        const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
        return new DateTime(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], 0, offset);
      };
    case 'localtime':
      return (v) => {
        const [h, min] = v.split(':').map(Number);
        return new LocalTime(h, min, 0, 0);
      };
    case 'duration':
      return (v) => {
        const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(v);
        if (!m) throw new Error(`sample graph: ${where}: bad duration ${v}`);
        return new Duration(0, 0, (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0), 0);
      };
    case 'point':
      return ([longitude, latitude]) => new Point(4326, longitude, latitude);
    default:
      throw new Error(`sample graph: ${where}: unknown type ${type}`);
  }
}

/** A function that converts a property map of the given schema (`{ name: type }`). */
function propertiesConverter(neo4j, schema, where) {
  const convert = Object.fromEntries(Object.entries(schema).map(([name, type]) =>
    [identifier(name), converter(neo4j, type, `${where}.${name}`)]));
  return (properties) => Object.fromEntries(Object.entries(properties).map(([name, value]) => {
    if (!convert[name]) throw new Error(`sample graph: ${where}.${name} is not in the schema`);
    return [name, convert[name](value)];
  }));
}

/** The sample graph as parsed JSON. */
export function readSampleGraph() {
  return JSON.parse(readFileSync(SAMPLE_GRAPH_FILE, 'utf8'));
}

/**
 * Creates the sample graph's nodes and relationships with `driver`, in one write transaction.
 * @param {object} neo4j the package's default export (for its value types)
 * @param {object} driver an open driver
 * @param {{database?: string}} [options]
 * @returns {Promise<{nodes: number, relationships: number}>} what the server says it created
 */
export async function loadSampleGraph(neo4j, driver, { database } = {}) {
  const graph = readSampleGraph();
  const { schema } = graph;
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(async (tx) => {
      const created = { nodes: 0, relationships: 0 };
      for (const [label, rows] of Object.entries(graph.nodes)) {
        const convert = propertiesConverter(neo4j, schema.nodes[label], label);
        const { summary } = await tx.run(`UNWIND $rows AS row CREATE (n:${identifier(label)}) SET n = row`,
          { rows: rows.map(convert) });
        created.nodes += summary.counters.updates().nodesCreated;
      }
      for (const { type, from, to, rows } of graph.relationships) {
        const convert = propertiesConverter(neo4j, schema.relationships[type], type);
        const [fromKey, toKey] = [identifier(schema.keys[from]), identifier(schema.keys[to])];
        const { summary } = await tx.run(
          `UNWIND $rows AS row
           MATCH (a:${identifier(from)} {${fromKey}: row.from}), (b:${identifier(to)} {${toKey}: row.to})
           CREATE (a)-[r:${identifier(type)}]->(b) SET r = row.properties`,
          { rows: rows.map((row) => ({ from: row.from, to: row.to, properties: convert(row.properties) })) });
        const made = summary.counters.updates().relationshipsCreated;
        if (made !== rows.length) {
          throw new Error(`sample graph: ${type} (${from})->(${to}): ${rows.length} rows but ${made} relationships created`);
        }
        created.relationships += made;
      }
      return created;
    });
  } finally {
    await session.close();
  }
}
