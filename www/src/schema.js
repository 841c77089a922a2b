// The connected database's schema: its labels, relationship types and property keys, each
// with how many nodes or relationships have it. The names come from the db.* procedures, the
// counts from counting queries; when either fails (an older server, no rights), the other
// still answers, and the kind is empty only when both fail. The schema panel lists them, each
// a button that runs a sample query.

/** Per kind: the query naming them all, and the queries counting them (`name`, `count`). */
const QUERIES = {
  labels: {
    names: 'CALL db.labels() YIELD label RETURN label AS name',
    counts: ['MATCH (n) UNWIND labels(n) AS name RETURN name, count(*) AS count'],
  },
  relationshipTypes: {
    names: 'CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS name',
    counts: ['MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS count'],
  },
  propertyKeys: {
    names: 'CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey AS name',
    counts: [
      'MATCH (n) UNWIND keys(n) AS name RETURN name, count(*) AS count',
      'MATCH ()-[r]->() UNWIND keys(r) AS name RETURN name, count(*) AS count',
    ],
  },
};

/**
 * Reads the schema with `driver` (`config`: executeQuery's, such as the database). Resolves
 * `{ labels, relationshipTypes, propertyKeys }`, each `[{ name, count }]` sorted by name;
 * `count` is null where the counting queries failed.
 */
export async function fetchSchema(driver, config) {
  const rows = async (query) => (await driver.executeQuery(query, {}, config)).records;
  const kinds = await Promise.all(Object.entries(QUERIES).map(async ([kind, { names, counts }]) => {
    const [named, ...counted] = await Promise.allSettled([rows(names), ...counts.map(rows)]);
    const countable = counted.every((result) => result.status === 'fulfilled');
    const found = new Map();
    if (named.status === 'fulfilled') for (const record of named.value) found.set(record.get('name'), countable ? 0 : null);
    if (countable) {
      for (const record of counted.flatMap((result) => result.value)) {
        found.set(record.get('name'), (found.get(record.get('name')) ?? 0) + Number(record.get('count')));
      }
    }
    const list = [...found].map(([name, count]) => ({ name, count }));
    return [kind, list.sort((a, b) => a.name.localeCompare(b.name))];
  }));
  return Object.fromEntries(kinds);
}

/** A name as a Cypher identifier: in backticks (doubled inside) unless it is a plain word. */
export function identifier(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

/** Per kind: the query that shows a sample of what has a label, a type or a property key. */
const SAMPLES = {
  labels: (name) => `MATCH (n:${identifier(name)}) RETURN n LIMIT 25`,
  relationshipTypes: (name) => `MATCH p = ()-[:${identifier(name)}]->() RETURN p LIMIT 25`,
  propertyKeys: (name) => `MATCH (n) WHERE n.${identifier(name)} IS NOT NULL RETURN n LIMIT 25`,
};

/**
 * Fills the schema panel's lists (`lists`: an element per kind) with a button per name in use
 * and its count (a server may still name what nothing has any more); a click on one calls
 * `onPick(query)` with the sample query for it. Returns how many names of each kind it lists.
 */
export function renderSchema(lists, schema, onPick) {
  const format = new Intl.NumberFormat('en');
  const listed = {};
  for (const [kind, list] of Object.entries(lists)) {
    const used = schema[kind].filter(({ count }) => count !== 0);
    listed[kind] = used.length;
    list.replaceChildren(...used.map(({ name, count }) => {
      const item = document.createElement('li');
      const button = Object.assign(document.createElement('button'), { type: 'button', className: `schema-item ${kind}` });
      button.append(Object.assign(document.createElement('span'), { className: 'name', textContent: name }));
      if (count !== null) button.append(Object.assign(document.createElement('span'), { className: 'count', textContent: format.format(count) }));
      button.title = SAMPLES[kind](name);
      button.addEventListener('click', () => onPick(SAMPLES[kind](name)));
      item.append(button);
      return item;
    }));
    if (used.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'hint', textContent: 'None.' }));
  }
  return listed;
}
