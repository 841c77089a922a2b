// The scenario every runtime, bundler and build runs against the kglite test server: connect,
// one query, a committed and a rolled-back transaction, a streamed result, a Cypher error. It
// returns what it saw as plain data, for the test to compare with what it expects; a failure
// of the scenario itself comes back as `{ failed: stack }`, so that every runner can report it.

/**
 * @param {object} neo4j the package, as the runtime or bundle loaded it
 * @param {string} uri `bolt://host:port` of the kglite server (over TCP), or of its WebSocket bridge
 * @param {string} via which way the package was loaded: stored on the nodes this creates
 * @param {object} [config] driver config (`{ webSocket }` for Bolt over WebSocket outside browsers)
 */
export async function observe(neo4j, uri, via, config = {}) {
  try {
    return await scenario(neo4j, uri, via, config);
  } catch (e) {
    return { failed: e?.stack ?? String(e) };
  }
}

async function scenario(neo4j, uri, via, config) {
  const driver = neo4j.driver(uri, neo4j.auth.none(), config);
  try {
    await driver.verifyConnectivity();
    const { records, summary } = await driver.executeQuery(
      "CREATE (n:PackagingCheck {via: $via}) RETURN 40 + 2 AS answer, n, date('2024-02-29') AS day", { via });
    const [answer, node, day] = ['answer', 'n', 'day'].map((key) => records[0].get(key));
    return {
      answer: { isInt: neo4j.isInt(answer), isInteger: answer instanceof neo4j.Integer, plusOne: answer.add(1).toString() },
      node: { isNode: neo4j.isNode(node), isTypesNode: node instanceof neo4j.types.Node, labels: node.labels, via: node.properties.via },
      day: { isDate: neo4j.isDate(day), isTypesDate: day instanceof neo4j.types.Date, text: day.toString(), year: day.year.toNumber() },
      agent: summary.server.agent,
      transactions: await transactions(neo4j, driver, via),
      streamed: await streamed(driver),
      error: await cypherError(driver),
    };
  } finally {
    await driver.close();
  }
}

/** A transaction that commits and one that rolls back; counts what each left behind. */
async function transactions(neo4j, driver, via) {
  const tag = `${via}-${Date.now()}-${Math.random()}`;
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  const count = async () => (await session.run('MATCH (t:PackagingTx {tag: $tag}) RETURN count(t) AS n', { tag }))
    .records[0].get('n').toNumber();
  try {
    const committed = await session.beginTransaction();
    await committed.run('CREATE (:PackagingTx {tag: $tag})', { tag });
    await committed.commit();
    const afterCommit = await count();
    const rolledBack = await session.beginTransaction();
    await rolledBack.run('CREATE (:PackagingTx {tag: $tag})', { tag });
    await rolledBack.rollback();
    const managed = await session.executeRead(async (tx) => (await tx.run('RETURN $x * 2 AS y', { x: neo4j.int(21) }))
      .records[0].get('y').toString());
    return { afterCommit, afterRollback: await count(), managed };
  } finally {
    await session.close();
  }
}

/** 2500 records in batches of 1000, read with `for await` as they arrive. */
async function streamed(driver) {
  const session = driver.session({ fetchSize: 1000 });
  try {
    let records = 0;
    let sum = 0;
    for await (const record of session.run('UNWIND range(1, 2500) AS i RETURN i')) {
      records += 1;
      sum += record.get('i').toNumber();
    }
    return { records, sum };
  } finally {
    await session.close();
  }
}

/** What a query with a syntax error gives, and that the driver goes on working after it. */
async function cypherError(driver) {
  try {
    await driver.executeQuery('RETURN 1 +');
    return { thrown: false };
  } catch (e) {
    const after = (await driver.executeQuery('RETURN 7 AS n')).records[0].get('n').toNumber();
    return { thrown: true, name: e.name, code: e.code, retriable: e.retriable, after };
  }
}
