// Routing scenarios on a simulated causal cluster (`bolt-stub --cluster`): three primaries
// that route (a, b, c; a leads `neo4j`, b leads `sales`), two read replicas (d, e) and a
// standby router (f) that only the resolver knows. Every query returns one record naming the
// member and database that ran it, and the cluster reports every message its members receive.
//
// The same scenarios run in Node (tests/js/cluster.test.mjs, over TCP and WebSocket) and in
// Chromium (tests/browser/cluster.test.mjs, over WebSocket), so they use only the driver's
// public API and `check` below. Each gets `{ neo4j, cluster, config }`: the package, the
// cluster (`members`: name → host:port, `command(object)`, `events()`: a snapshot of what it
// received) and the driver config of the transport under test. A scenario with a `cluster`
// of its own starts from that instead of CLUSTER.

/** The cluster every scenario starts from. */
export const CLUSTER = {
  members: ['a', 'b', 'c', 'd', 'e', 'f'],
  databases: {
    neo4j: { routers: ['a', 'b', 'c'], writers: ['a'], readers: ['d', 'e'], ttl: 300 },
    sales: { routers: ['a', 'b', 'c'], writers: ['b'], readers: ['e'], ttl: 300 },
  },
  home: { '*': 'neo4j', alice: 'sales' },
};

/** JSON with sorted keys, so that equal values print equally. */
function show(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
    : v));
}

/** Assertions that work the same in Node and in a page. */
export const check = {
  equal(actual, expected, what = 'value') {
    if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  },
  deepEqual(actual, expected, what = 'value') {
    if (show(actual) !== show(expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  },
  ok(condition, what) {
    if (!condition) throw new Error(what);
  },
  /** Resolves the error `promise` fails with, after `inspect(error)`; throws if it succeeds. */
  async rejects(promise, inspect, what) {
    let error;
    try {
      await promise;
    } catch (e) {
      error = e;
    }
    if (!error) throw new Error(`${what}: succeeded, but should have failed`);
    inspect(error);
    return error;
  },
};

/** The member and database that ran one read in a managed transaction. */
async function read(neo4j, driver, sessionConfig = {}) {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, ...sessionConfig });
  try {
    return await session.executeRead(async (tx) => ran(await tx.run('MATCH (n) RETURN n')));
  } finally {
    await session.close();
  }
}

/** The member and database that ran one write in a managed transaction. */
async function write(neo4j, driver, sessionConfig = {}) {
  const session = driver.session(sessionConfig);
  try {
    return await session.executeWrite(async (tx) => ran(await tx.run('CREATE (n)')));
  } finally {
    await session.close();
  }
}

function ran({ records }) {
  return { server: records[0].get('server'), database: records[0].get('database') };
}

/** The messages named `message` the cluster received, optionally only those of one member. */
async function received(cluster, message, member) {
  return (await cluster.events()).filter((e) => e.message === message && (!member || e.member === member));
}

/** A table command for `database` of CLUSTER with some parts changed. */
function table(database, changes) {
  return { table: database, ...CLUSTER.databases[database], ...changes };
}

/** Runs `work(driver)`, then closes the driver. */
async function using(driver, work) {
  try {
    return await work(driver);
  } finally {
    await driver.close();
  }
}

/** A routing driver whose URI names member a (with `query`), over the transport's `config`. */
function open(neo4j, cluster, config, { query = '', ...extra } = {}) {
  return neo4j.driver(`neo4j://${cluster.members.a}${query}`, neo4j.auth.basic('neo4j', 'pass'),
    { ...config, ...extra });
}

export const scenarios = [
  {
    name: 'reads spread over the readers, writes reach the leader, and the routing context reaches HELLO and ROUTE',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config, { query: '?policy=europe&region=eu' }), async (driver) => {
        const readers = new Set();
        for (let i = 0; i < 6; i++) readers.add((await read(neo4j, driver)).server);
        check.deepEqual([...readers].sort(), ['d', 'e'], 'readers used');
        check.deepEqual(await write(neo4j, driver), { server: 'a', database: 'neo4j' }, 'the write');
        const context = { policy: 'europe', region: 'eu', address: cluster.members.a };
        const routes = await received(cluster, 'ROUTE');
        check.equal(routes.length, 1, 'ROUTE requests (one table serves reads and writes)');
        check.deepEqual(routes[0].fields, [context, [], {}], 'ROUTE fields');
        const hellos = await received(cluster, 'HELLO');
        check.deepEqual(hellos.map((h) => h.member).sort(), ['a', 'd', 'e'], 'members connected to');
        for (const hello of hellos) check.deepEqual(hello.fields[0].routing, context, `HELLO to ${hello.member}`);
        const begins = await received(cluster, 'BEGIN');
        check.deepEqual(begins.map((b) => [b.fields[0].db, b.fields[0].mode ?? 'w']),
          [...Array(6).fill(['neo4j', 'r']), ['neo4j', 'w']],
          'BEGINs: the home database the table named, and the access mode');
      });
    },
  },
  {
    name: 'when the leader changes, writes fail over to the new one with a session-expired error',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        check.equal((await write(neo4j, driver)).server, 'a', 'first write');
        await cluster.command(table('neo4j', { writers: ['b'] }));
        // The driver still takes a for the leader: a refuses, executeWrite retries, and the
        // next table names b.
        check.equal((await write(neo4j, driver)).server, 'b', 'write after the leader changed');
        check.equal((await received(cluster, 'BEGIN', 'a')).length, 2, 'BEGINs on a (the second refused)');
        check.equal((await received(cluster, 'ROUTE')).length, 2, 'ROUTE requests');
        // Outside a managed transaction the refusal reaches the application.
        await cluster.command(table('neo4j', { writers: ['c'] }));
        const session = driver.session();
        try {
          await check.rejects(session.run('CREATE (n)'), (error) => {
            check.equal(error.code, 'SessionExpired', 'code');
            check.equal(error.retriable, true, 'retriable');
            check.ok(error.message.includes(cluster.members.b), `the message names b: ${error.message}`);
            check.equal(error.cause?.code, 'Neo.ClientError.Cluster.NotALeader', 'the cause');
          }, 'an auto-commit write on the old leader');
        } finally {
          await session.close();
        }
        check.equal((await write(neo4j, driver)).server, 'c', 'write on the newest leader');
        // Reads were never affected.
        check.ok(['d', 'e'].includes((await read(neo4j, driver)).server), 'a read after it all');
      });
    },
  },
  {
    name: 'when a reader dies, reads go on with the others',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        const before = new Set();
        for (let i = 0; i < 2; i++) before.add((await read(neo4j, driver)).server);
        check.deepEqual([...before].sort(), ['d', 'e'], 'readers before');
        await cluster.command({ stop: 'd' });
        for (let i = 0; i < 4; i++) check.equal((await read(neo4j, driver)).server, 'e', `read ${i + 1} after d died`);
        check.equal((await write(neo4j, driver)).server, 'a', 'writes are unaffected');
      });
    },
  },
  {
    name: 'when every router dies the resolver\'s addresses take over, and then the error names each router tried',
    async run({ neo4j, cluster, config }) {
      // Tables that expire at once make every piece of work ask a router.
      await cluster.command(table('neo4j', { readers: ['d'], ttl: 0 }));
      const asked = [];
      const driver = neo4j.driver('neo4j://cluster.invalid:7687', neo4j.auth.basic('neo4j', 'pass'), {
        ...config,
        resolver: async (address) => {
          asked.push(address);
          return [cluster.members.a, cluster.members.f];
        },
      });
      await using(driver, async () => {
        check.equal((await read(neo4j, driver)).server, 'd', 'read through a');
        for (const member of ['a', 'b', 'c']) await cluster.command({ stop: member });
        await cluster.command(table('neo4j', { routers: ['f'], readers: ['d'], ttl: 0 }));
        check.equal((await read(neo4j, driver)).server, 'd', 'read through f');
        check.equal((await received(cluster, 'ROUTE', 'f')).length, 1, 'ROUTE requests to f');
        check.ok(asked.length >= 2 && asked.every((a) => a === 'cluster.invalid:7687'),
          `the resolver was asked for the URI's address: ${asked}`);
        await cluster.command({ stop: 'f' });
        const session = driver.session({ defaultAccessMode: neo4j.session.READ });
        try {
          await check.rejects(session.run('MATCH (n) RETURN n'), (error) => {
            check.equal(error.code, 'ServiceUnavailable', 'code');
            for (const member of ['a', 'f']) {
              check.ok(error.message.includes(`${cluster.members[member]} (`),
                `the message says why ${member} failed: ${error.message}`);
            }
          }, 'work with no router left');
        } finally {
          await session.close();
        }
      });
    },
  },
  {
    name: 'an expired table is fetched again, a fresh one is not',
    async run({ neo4j, cluster, config }) {
      await cluster.command(table('sales', { ttl: 0 }));
      await using(open(neo4j, cluster, config), async (driver) => {
        check.equal((await read(neo4j, driver, { database: 'sales' })).server, 'e', 'sales read');
        check.ok(['d', 'e'].includes((await read(neo4j, driver, { database: 'neo4j' })).server), 'neo4j read');
        await cluster.command(table('sales', { readers: ['c'], ttl: 0 }));
        await cluster.command(table('neo4j', { readers: ['c'] }));
        check.equal((await read(neo4j, driver, { database: 'sales' })).server, 'c', 'sales read after expiry');
        for (let i = 0; i < 2; i++) {
          check.ok(['d', 'e'].includes((await read(neo4j, driver, { database: 'neo4j' })).server),
            'neo4j reads keep the fresh table');
        }
        const routes = (await received(cluster, 'ROUTE')).map((r) => r.fields[2].db);
        check.deepEqual(routes, ['sales', 'neo4j', 'sales'], 'ROUTE requests by database');
      });
    },
  },
  {
    name: 'two databases keep separate tables',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        const sales = { database: 'sales' };
        check.deepEqual(await read(neo4j, driver, sales), { server: 'e', database: 'sales' }, 'sales read');
        check.deepEqual(await write(neo4j, driver, sales), { server: 'b', database: 'sales' }, 'sales write');
        check.deepEqual(await write(neo4j, driver, { database: 'neo4j' }), { server: 'a', database: 'neo4j' },
          'neo4j write');
        // A new leader of sales changes nothing for neo4j.
        await cluster.command(table('sales', { writers: ['c'] }));
        check.equal((await write(neo4j, driver, sales)).server, 'c', 'sales write after its leader changed');
        check.equal((await write(neo4j, driver, { database: 'neo4j' })).server, 'a', 'neo4j write after that');
        const routes = (await received(cluster, 'ROUTE')).map((r) => r.fields[2].db);
        check.deepEqual(routes, ['sales', 'neo4j', 'sales'], 'ROUTE requests by database');
      });
    },
  },
  {
    name: 'impersonated users route to their home database, resolved once',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        const alice = { impersonatedUser: 'alice' };
        check.deepEqual(await read(neo4j, driver, alice), { server: 'e', database: 'sales' }, 'alice read');
        check.deepEqual(await write(neo4j, driver, alice), { server: 'b', database: 'sales' }, 'alice write');
        check.equal((await read(neo4j, driver)).database, 'neo4j', 'the driver user\'s home database');
        const routes = await received(cluster, 'ROUTE');
        check.deepEqual(routes.map((r) => r.fields[2]), [{ imp_user: 'alice' }, {}], 'ROUTE extras');
        const begins = (await received(cluster, 'BEGIN')).filter((b) => b.fields[0].imp_user === 'alice');
        check.deepEqual(begins.map((b) => [b.member, b.fields[0].db]), [['e', 'sales'], ['b', 'sales']],
          'alice\'s BEGINs name her home database');
      });
    },
  },
  {
    name: 'concurrent work waits for one routing table fetch',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        const servers = await Promise.all([1, 2, 3, 4, 5].map(() => read(neo4j, driver)));
        check.ok(servers.every(({ server }) => server === 'd' || server === 'e'), 'every read on a reader');
        check.equal((await received(cluster, 'ROUTE')).length, 1, 'ROUTE requests');
      });
    },
  },
  {
    name: 'executeQuery follows its routing option, auto-commit queries their session\'s access mode',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        const server = ({ records }) => records[0].get('server');
        check.equal(server(await driver.executeQuery('CREATE (n)')), 'a', 'executeQuery writes by default');
        const reads = await Promise.all([1, 2].map(() =>
          driver.executeQuery('MATCH (n) RETURN n', {}, { routing: neo4j.routing.READ })));
        check.ok(reads.every((r) => ['d', 'e'].includes(server(r))), 'executeQuery with routing READ');
        for (const [mode, expected] of [[neo4j.session.READ, ['d', 'e']], [neo4j.session.WRITE, ['a']]]) {
          const session = driver.session({ defaultAccessMode: mode });
          try {
            check.ok(expected.includes(server(await session.run('RETURN 1'))), `session.run in ${mode} mode`);
          } finally {
            await session.close();
          }
        }
      });
    },
  },
  {
    name: 'Bolt 4.3 asks with ROUTE naming the database alone',
    cluster: { ...CLUSTER, version: '4.3' },
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        check.deepEqual(await read(neo4j, driver, { database: 'sales' }), { server: 'e', database: 'sales' }, 'sales read');
        check.ok(['d', 'e'].includes((await read(neo4j, driver)).server), 'home database read');
        const routes = await received(cluster, 'ROUTE');
        check.deepEqual(routes.map((r) => r.fields[2]), ['sales', null], 'ROUTE databases');
      });
    },
  },
  {
    name: 'before Bolt 4.3 (no ROUTE) routing tables come from the routing procedure',
    cluster: { ...CLUSTER, version: '4.2' },
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config, { query: '?region=eu' }), async (driver) => {
        check.ok(['d', 'e'].includes((await read(neo4j, driver)).server), 'a read on a reader');
        check.deepEqual(await write(neo4j, driver, { database: 'sales' }), { server: 'b', database: 'sales' },
          'a write on the leader of sales');
        const calls = (await received(cluster, 'RUN')).filter((r) => r.fields[0].startsWith('CALL dbms.routing.'));
        const context = { region: 'eu', address: cluster.members.a };
        check.deepEqual(calls.map((c) => c.fields), [
          ['CALL dbms.routing.getRoutingTable($context, $database)', { context, database: null }, { db: 'system', mode: 'r' }],
          ['CALL dbms.routing.getRoutingTable($context, $database)', { context, database: 'sales' }, { db: 'system', mode: 'r' }],
        ], 'routing procedure calls');
        check.equal((await received(cluster, 'ROUTE')).length, 0, 'ROUTE requests');
      });
    },
  },
  {
    name: 'a database the cluster does not know is a client error, not retried',
    async run({ neo4j, cluster, config }) {
      await using(open(neo4j, cluster, config), async (driver) => {
        await check.rejects(read(neo4j, driver, { database: 'nope' }), (error) => {
          check.equal(error.code, 'Neo.ClientError.Database.DatabaseNotFound', 'code');
          check.equal(error.retriable, false, 'retriable');
          check.ok(error.message.includes("'nope'"), `the message names the database: ${error.message}`);
        }, 'a read of database nope');
        check.equal((await received(cluster, 'ROUTE')).length, 1, 'ROUTE requests (no other router asked)');
      });
    },
  },
];
