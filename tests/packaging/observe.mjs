// One query through the package as a user imported it: an Integer, a node and a date come back,
// described as plain data for the test to check.

/**
 * @param {object} neo4j the package, as imported or required
 * @param {string} uri `bolt://host:port` of the kglite server (or its WebSocket bridge, in a browser)
 * @param {string} via which way the package was loaded, stored on the created node
 */
export async function observe(neo4j, uri, via) {
  const driver = neo4j.driver(uri, neo4j.auth.none());
  try {
    const { records, summary } = await driver.executeQuery(
      "CREATE (n:PackagingCheck {via: $via}) RETURN 40 + 2 AS answer, n, date('2024-02-29') AS day", { via });
    const [answer, node, day] = ['answer', 'n', 'day'].map((key) => records[0].get(key));
    return {
      answer: { isInt: neo4j.isInt(answer), isInteger: answer instanceof neo4j.Integer, plusOne: answer.add(1).toString() },
      node: { isNode: neo4j.isNode(node), isTypesNode: node instanceof neo4j.types.Node, labels: node.labels, via: node.properties.via },
      day: { isDate: neo4j.isDate(day), isTypesDate: day instanceof neo4j.types.Date, text: day.toString(), year: day.year.toNumber() },
      agent: summary.server.agent,
    };
  } finally {
    await driver.close();
  }
}
