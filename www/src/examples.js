// Example queries on the sample graph that `npm start` loads (data/sample-graph.json: Norhaven,
// a fictional harbour city), from a first look to a write and a long stream to cancel.

/** `{ title, query, params }` for the page's example menu; the first one is the page's default. */
export const EXAMPLES = [
  {
    title: 'The transit network: stations and their connections',
    query: 'MATCH p = (:Station)-[:NEXT]->(:Station)\nRETURN p',
    params: {},
  },
  {
    title: 'One line, stop by stop',
    query: 'MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station\nORDER BY s.seq',
    params: { code: 'M2' },
  },
  {
    title: 'A route between two stations',
    query: 'MATCH p = shortestPath((a:Station {name: $from})-[:NEXT*]-(b:Station {name: $to}))\nRETURN p',
    params: { from: 'Quayside', to: 'Pilot Station' },
  },
  {
    title: 'Interchanges: stations on more than one line',
    query: 'MATCH (s:Station)<-[:STOPS_AT]-(l:Line)\nWITH s, collect(l.code) AS lines\nWHERE size(lines) > 1\n'
      + 'RETURN s.name AS station, lines, s.zone AS zone, s.stepFree AS stepFree\nORDER BY size(lines) DESC, station',
    params: {},
  },
  {
    title: 'Places near a station',
    query: 'MATCH (p:Place)-[n:NEAR]->(s:Station {name: $station})\nRETURN p, n, s',
    params: { station: 'Fountain Square' },
  },
  {
    title: 'Events from a date on, with their place and district',
    query: 'MATCH (e:Event)-[a:AT]->(p:Place)-[i:IN]->(d:District)\nWHERE e.starts >= datetime($from)\n'
      + 'RETURN e, a, p, i, d\nORDER BY e.starts',
    params: { from: '2025-09-01T00:00:00Z' },
  },
  {
    title: 'Who runs which line',
    query: 'MATCH p = (:Operator)-[:RUNS]->(:Line)\nRETURN p',
    params: {},
  },
  {
    title: 'Busiest stations (a table)',
    query: 'MATCH (s:Station)-[:IN]->(d:District)\nRETURN s.name AS station, d.name AS district, s.dailyRiders AS riders,\n'
      + '       s.opened AS opened, s.location AS location\nORDER BY riders DESC\nLIMIT 10',
    params: {},
  },
  {
    title: 'What is in the graph',
    query: 'MATCH (n)\nRETURN labels(n)[0] AS label, count(*) AS nodes\nORDER BY nodes DESC',
    params: {},
  },
  {
    title: 'Open a café next to a station (a write)',
    query: 'MATCH (s:Station {name: $station})\n'
      + "CREATE (c:Place {name: $name, kind: 'cafe', rating: 4.5, tags: ['coffee'], free: false})-[n:NEAR {distanceM: 50}]->(s)\n"
      + 'RETURN c, n, s',
    params: { station: 'Central', name: 'Platform Espresso' },
  },
  {
    title: 'Half a million rows, streamed (try Cancel)',
    query: 'UNWIND range(1, 500000) AS i\nRETURN i, i * i AS square',
    params: {},
  },
];
