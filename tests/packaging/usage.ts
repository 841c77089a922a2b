// TypeScript written the way users of the official neo4j-driver 6.x write it, type-checked
// (never run) with `tsc --strict` against the installed package.
import neo4j, {
  Driver, Session, ManagedTransaction, Transaction, Record, Result, Integer, Node, Relationship,
  Path, Point, Date as CypherDate, DateTime, Duration, LocalDateTime, LocalTime, Time, Neo4jError,
  EagerResult, ResultSummary, QueryResult, int, isInt, types, auth, session as sessionModes,
  routing, resultTransformers, bookmarkManager, authTokenManagers, isRetryableError, Vector, vector, UUID,
  uuid, isUUID, GqlStatusObject, rule, RecordObjectMapping,
} from 'neo4j-wasm';
import type {
  Config, SessionConfig, QueryConfig, AuthToken, AuthTokenManager, BookmarkManager, RecordShape,
  ResultTransformer, NotificationFilter, Rule, Rules, MappedQueryResult, StandardCase,
} from 'neo4j-wasm';
import type { ClientCertificate, ClientCertificateProvider, RotatingClientCertificateProvider } from 'neo4j-wasm';

type PersonProps = { name: string; born: Integer };
type PersonRow = { person: Node<Integer, PersonProps, 'Person'>; friends: Integer };
type KnowsRow = { knows: Relationship<Integer, { since: Integer }, 'KNOWS'>; path: Path };

const config: Config = {
  maxConnectionPoolSize: 10,
  connectionAcquisitionTimeout: 30_000,
  maxTransactionRetryTime: 15_000,
  disableLosslessIntegers: false,
  logging: neo4j.logging.console('warn'),
  userAgent: 'packaging-check/1.0',
};

/** Reads people with `session.run<Shape>` and Integer arithmetic. */
async function readPeople(driver: Driver): Promise<string[]> {
  const sessionConfig: SessionConfig = { database: 'neo4j', defaultAccessMode: sessionModes.READ, fetchSize: 100 };
  const session: Session = driver.session(sessionConfig);
  try {
    const result: QueryResult<PersonRow> = await session.run<PersonRow>(
      'MATCH (p:Person)-[:KNOWS]->(f) RETURN p AS person, count(f) AS friends LIMIT $limit',
      { limit: int(10) },
    );
    const lines: string[] = [];
    for (const record of result.records) {
      const person = record.get('person');
      const labels: 'Person'[] = person.labels;
      const born: number = person.properties.born.toNumber();
      const friends: Integer = record.get('friends');
      const score: Integer = friends.multiply(2).add(int(1)).subtract(neo4j.int('1')).div(2);
      const row: PersonRow = record.toObject();
      lines.push(`${person.properties.name} ${labels[0]} ${born} ${score.toString()} ${row.friends.inSafeRange()}`);
    }
    const summary: ResultSummary = result.summary;
    const created: number = summary.counters.updates().nodesCreated;
    const agent: string | undefined = summary.server.agent;
    lines.push(`${created} ${agent} ${summary.resultAvailableAfter.toNumber()}`);
    return lines;
  } finally {
    await session.close();
  }
}

/** Streams records with `for await` and with `subscribe`. */
async function stream(session: Session): Promise<number> {
  let total = 0;
  for await (const record of session.run<{ n: Integer }>('UNWIND range(1, 3) AS n RETURN n')) {
    total += record.get('n').toNumber();
  }
  const result: Result = session.run('RETURN 1 AS one');
  await new Promise<void>((resolve, reject) => {
    result.subscribe({
      onNext: (record: Record) => { total += neo4j.integer.toNumber(record.get('one')); },
      onCompleted: (summary: ResultSummary) => { total += summary.counters.containsUpdates() ? 1 : 0; resolve(); },
      onError: reject,
    });
  });
  return total;
}

/** Managed and explicit transactions. */
async function transactions(driver: Driver): Promise<void> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  try {
    const id: string = await session.executeWrite(async (tx: ManagedTransaction) => {
      const res = await tx.run<{ id: string }>('CREATE (p:Person {name: $name}) RETURN elementId(p) AS id', { name: 'Ada' });
      return res.records[0].get('id');
    }, { timeout: 5000, metadata: { app: 'packaging' } });
    const rows = await session.executeRead((tx) => tx.run<KnowsRow>('MATCH path = ()-[knows:KNOWS]->() RETURN knows, path'));
    for (const record of rows.records) {
      const since: Integer = record.get('knows').properties.since;
      const hops: number = record.get('path').segments.length;
      console.log(id, since.toInt(), hops, record.get('knows').type);
    }
    const tx: Transaction = await session.beginTransaction();
    try {
      await tx.run('MATCH (p:Person {name: $name}) SET p.checked = true', { name: 'Ada' });
      await tx.commit();
    } finally {
      if (tx.isOpen()) await tx.rollback();
    }
    const bookmarks: string[] = session.lastBookmarks();
    console.log(bookmarks.length);
  } finally {
    await session.close();
  }
}

/** `executeQuery` with the default eager result and with transformers. */
async function queries(driver: Driver): Promise<void> {
  const { records, summary, keys }: EagerResult<{ name: string }> = await driver.executeQuery(
    'MATCH (p:Person) RETURN p.name AS name', {}, { routing: routing.READ, database: 'neo4j' });
  console.log(records.map((r) => r.get('name')), summary.query.text, keys);

  const names: string[] = await driver.executeQuery('MATCH (p:Person) RETURN p.name AS name', {}, {
    resultTransformer: resultTransformers.mapped({
      map: (record) => record.get('name') as string,
      collect: (mapped) => mapped,
    }),
  });
  const byId = await driver.executeQuery('MATCH (p:Person) RETURN p', {}, {
    resultTransformer: neo4j.resultTransformers.mapped({
      map(record): [string, Node] {
        const p: Node = record.get('p');
        return [p.elementId, p];
      },
      collect: (pairs) => new Map(pairs),
    }),
  });
  const person: Node | undefined = byId.get('4:abc:0');
  const first: Record | undefined = await driver.executeQuery('RETURN 1 AS one', {}, {
    resultTransformer: resultTransformers.first(),
  });
  const counted: ResultSummary = await driver.executeQuery('CREATE ()', {}, {
    resultTransformer: resultTransformers.summary(),
    bookmarkManager: null,
  });
  const eager: ResultTransformer<EagerResult<{ x: Integer }>> = resultTransformers.eager<{ x: Integer }>();
  const queryConfig: QueryConfig<EagerResult<{ x: Integer }>> = {
    resultTransformer: eager,
    bookmarkManager: driver.executeQueryBookmarkManager,
    transactionConfig: { timeout: int(1000) },
    signal: AbortSignal.timeout(10_000),
  };
  const xs = await driver.executeQuery({ text: 'RETURN $x AS x', parameters: { x: 1 } }, undefined, queryConfig);
  console.log(names, person?.labels, first?.get('one'), counted.counters.updates(), xs.records[0].get('x').toNumber());
}

/** Temporal and spatial values, and the `types` namespace. */
function values(value: unknown): string[] {
  const day = new neo4j.types.Date(2024, 2, 29);
  const js: globalThis.Date = day.toStandardDate();
  const today: CypherDate<number> = CypherDate.fromStandardDate(new Date());
  const at: DateTime<number> = DateTime.fromStandardDate(new Date(), 5);
  const local: LocalDateTime = new LocalDateTime(int(2024), int(1), int(2), int(3), int(4), int(5), int(6));
  const time: Time<number> = new Time(10, 11, 12, 0, 3600);
  const clock: LocalTime<number> = types.LocalTime.fromStandardDate(new Date());
  const span: Duration = new neo4j.types.Duration(int(1), int(2), int(3), int(4));
  const where: Point = new Point(int(7203), 1.5, 2.5);
  const here: Point<number> = new neo4j.types.Point(4326, 12.5, 56.1, 10);
  const out = [day.toString(), js.toISOString(), today.toString(), at.toString(), local.toString(),
    time.toString(), clock.toString(), span.toString(), where.toString(), `${here.z}`];
  if (neo4j.isDate(value)) out.push(value.year.toString());
  if (neo4j.isDateTime(value)) out.push(`${value.timeZoneId}`);
  if (neo4j.isDuration(value)) out.push(value.days.toString());
  if (neo4j.isPoint(value)) out.push(`${value.x},${value.y}`);
  if (neo4j.isNode(value)) out.push(value.elementId);
  if (isInt(value)) out.push(value.toString());
  if (neo4j.temporal.isLocalTime(value)) out.push(value.hour.toString());
  if (neo4j.graph.isRelationship(value)) out.push(value.type);
  if (value instanceof types.Integer) out.push(`${Integer.MAX_VALUE.greaterThan(value)}`);
  return out;
}

/** Summary details, vectors, UUIDs and values of types the connection cannot carry. */
function details(summary: ResultSummary, value: unknown): string[] {
  const out: string[] = [];
  for (const status of summary.gqlStatusObjects) {
    const gql: GqlStatusObject = status;
    if (gql.severity === neo4j.notificationSeverityLevel.WARNING) out.push(`${gql.gqlStatus} ${gql.classification}`);
  }
  if (summary.plan !== false) out.push(summary.plan.operatorType, `${summary.hasPlan()}`);
  const embedding: Vector<Float32Array> = vector(Float32Array.from([0.5, 1]));
  const id: UUID = uuid('0a1b2c3d-0000-4000-8000-00000000000f');
  out.push(embedding.getType(), `${embedding.asTypedArray().length}`, id.toString());
  if (isUUID(value)) out.push(value.toString());
  if (neo4j.isVector(value)) out.push(value.getType());
  if (neo4j.isUnsupportedType(value)) out.push(`${value.name} ${value.minimumProtocolVersion}`);
  return out;
}

/** Errors as Neo4jError, with its code and retry flags. */
async function errors(driver: Driver): Promise<string> {
  try {
    await driver.executeQuery('RETURN 1/0');
    return 'ok';
  } catch (e) {
    if (e instanceof Neo4jError) {
      const code: string = e.code;
      const retry: boolean = e.retriable || isRetryableError(e) || neo4j.isRetriableError(e);
      return `${code} ${e.gqlStatus} ${e.message} ${retry} ${e.code === neo4j.error.SERVICE_UNAVAILABLE}`;
    }
    throw e;
  }
}

/** Bookmark managers and auth token managers. */
function managers(uri: string): Driver[] {
  const shared: BookmarkManager = bookmarkManager({ initialBookmarks: ['bm:1'] });
  const bearer: AuthTokenManager = authTokenManagers.bearer({
    tokenProvider: async () => ({ token: auth.bearer('token'), expiration: new Date(Date.now() + 60_000) }),
  });
  const basic: AuthTokenManager = neo4j.authTokenManagers.basic({ tokenProvider: async () => neo4j.auth.basic('neo4j', 'secret') });
  const token: AuthToken = auth.basic('neo4j', 'secret');
  const filter: NotificationFilter = { minimumSeverityLevel: neo4j.notificationFilterMinimumSeverityLevel.WARNING };
  const first = neo4j.driver(uri, bearer);
  first.session({ bookmarkManager: shared, auth: token });
  console.log(filter);
  return [first, neo4j.driver(uri, basic, config)];
}

/** Mutual TLS: a fixed client certificate, a rotating provider and a provider of one's own. */
export function mutualTls(uri: string): Driver[] {
  const certificate: ClientCertificate = { certfile: 'client.pem', keyfile: { path: 'client.key', password: 'secret' } };
  const rotating: RotatingClientCertificateProvider = neo4j.clientCertificateProviders.rotating({ initialCertificate: certificate });
  rotating.updateCertificate({ certfile: ['client.pem', 'intermediate.pem'], keyfile: ['client.key'], password: 'secret' });
  const own: ClientCertificateProvider = { hasUpdate: async () => false, getClientCertificate: () => certificate };
  return [certificate, rotating, own].map((clientCertificate) => neo4j.driver(uri, auth.basic('neo4j', 'secret'), { clientCertificate }));
}

/** Object mapping: records, results and nodes as objects of a class, and parameters by rules. */
class Person {
  name: string = '';
  born?: number;
}

async function mapping(driver: Driver): Promise<string[]> {
  const born: Rule = rule.asNumber({ isInteger: true, optional: true });
  const personRules: Rules = { name: rule.asString({ from: 'fullName' }), born };
  RecordObjectMapping.register(Person, personRules);
  const snake = 'snake_case' as StandardCase;
  RecordObjectMapping.translateIdentifiers(RecordObjectMapping.getCaseTranslator(snake, 'camelCase' as StandardCase));
  const { records }: EagerResult = await driver.executeQuery('MATCH (p:Person) RETURN p, p.name AS fullName');
  const person: Person = records[0].as(Person);
  const node: Node = records[0].get('p');
  const plain = node.as<{ name: string }>({ name: rule.asString() });
  const session = driver.session();
  try {
    const mapped: MappedQueryResult<Person> = await session.run('RETURN $name AS fullName', person, {}, personRules)
      .as<Person>(Person, personRules);
    const names = session.run('MATCH (p:Person) RETURN p.name AS name').as<{ name: string }>({ name: rule.asString() });
    for await (const { name } of names) console.log(name);
    const hydrated = await driver.executeQuery('MATCH (p:Person) RETURN p.name AS fullName', {}, {
      resultTransformer: resultTransformers.hydrated(Person),
    });
    const people: Person[] = hydrated.records;
    RecordObjectMapping.clearMappingRegistry();
    return [person.name, plain.name, ...mapped.records.map((p) => p.name), ...people.map((p) => `${p.born}`)];
  } finally {
    await session.close();
  }
}

/** Generic helper over any record shape. */
function columns<T extends RecordShape>(record: Record<T>): (keyof T)[] {
  return record.keys;
}

export async function main(uri: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'secret'), config);
  try {
    await driver.verifyConnectivity();
    console.log(await readPeople(driver), await stream(driver.session()), values(null), await errors(driver));
    await transactions(driver);
    await queries(driver);
    console.log(await mapping(driver));
    for (const other of managers(uri)) await other.close();
    const record = (await driver.executeQuery('RETURN 1 AS one')).records[0];
    console.log(columns(record), driver.isEncrypted(), (await driver.getServerInfo()).protocolVersion?.toString(),
      details((await driver.executeQuery('RETURN 1')).summary, record.get('one')));
  } finally {
    await driver.close();
  }
}
