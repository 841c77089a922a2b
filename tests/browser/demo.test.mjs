// The web demo as `npm start` runs it (scripts/start.mjs after setup and build): the page in
// headless Chromium connects to the embedded server over WebSocket, runs queries on the sample
// graph and shows rows, a graph, the summary and errors in plain words; Ctrl-C then stops the
// page and the servers. What the page shows is checked against the same queries run with the
// driver over TCP. Screenshots go to test-output/demo/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from '../../lib/node.js';
import { startStub } from '../../scripts/stub.mjs';
import { launchChromium } from './support.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** axe-core, the accessibility checker put into the page. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = path.join(ROOT, 'test-output', 'demo');
// Generous: a shared 2-core machine, and the first run bundles the page.
const START_TIMEOUT_MS = 240_000;
const TIMEOUT = { timeout: 120_000 };
const WAIT = { timeout: 60_000 };

const demo = { child: null, output: '', exited: null, url: null, tcp: null, ws: null };
const handles = { browser: null, page: null, driver: null, pageErrors: [] };

/** Starts `node scripts/start.mjs` in its own process group, as a terminal runs `npm start`,
 * and resolves once it prints the page's address. */
function startDemo() {
  // Without the test runner's settings, as in a user's shell.
  const env = Object.fromEntries(Object.entries(process.env)
    .filter(([key]) => !['NODE_OPTIONS', 'NODE_TEST_CONTEXT'].includes(key)));
  demo.child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'],
    { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.exited = new Promise((resolve) => demo.child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no address within ${START_TIMEOUT_MS / 1000} s:\n${demo.output}`)),
      START_TIMEOUT_MS);
    const read = (chunk) => {
      demo.output += chunk;
      const url = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(demo.output);
      if (!url) return;
      clearTimeout(timer);
      demo.url = url[1];
      demo.tcp = /(bolt:\/\/127\.0\.0\.1:\d+)\s+\(TCP/.exec(demo.output)?.[1];
      demo.ws = /(bolt:\/\/127\.0\.0\.1:\d+)\s+\(WebSocket/.exec(demo.output)?.[1];
      resolve();
    };
    demo.child.stdout.setEncoding('utf8').on('data', read);
    demo.child.stderr.setEncoding('utf8').on('data', read);
    demo.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${signal ?? code}) before printing its address:\n${demo.output}`));
    });
  });
}

/** Whether anything still runs in the demo's process group. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves whether a TCP connection to `host:port` opens. */
function accepts(address) {
  const { hostname, port } = new URL(address.replace(/^bolt:/, 'http:'));
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A loopback port nobody listens on (it was free a moment ago). */
function unusedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a query with the driver over TCP: what the page should show. */
async function expected(query, params = {}) {
  const { records } = await handles.driver.executeQuery(query, params);
  const nodes = new Set();
  const relationships = new Set();
  const walk = (value) => {
    if (neo4j.isNode(value)) nodes.add(value.elementId);
    else if (neo4j.isRelationship(value)) relationships.add(value.elementId);
    else if (neo4j.isPath(value)) {
      walk(value.start);
      for (const { relationship, end } of value.segments) { walk(relationship); walk(end); }
    }
  };
  for (const record of records) record.forEach(walk);
  return { records, nodes: nodes.size, relationships: relationships.size };
}

/** Types a query and its parameters into the editor, runs it and waits until it is over. */
async function runInPage(query, params = '{}') {
  const { page } = handles;
  await page.fill('#query', query);
  await page.fill('#params', params);
  // The page marks the run as running during the click, so what is waited for is its end.
  await page.click('#run');
  await page.waitForSelector('#run-status:is([data-state="done"], [data-state="failed"], [data-state="cancelled"])', WAIT);
  return page.textContent('#run-status');
}

/** Selects the drawn node with that caption, as a click on it would. */
function selectNode(caption) {
  // A block body: a returned cytoscape collection would be serialised back, slowly.
  return handles.page.evaluate((wanted) => { window.cy.nodes().filter((n) => n.data('caption') === wanted).select(); }, caption);
}

/** The table's body cells, row by row (without the row number). */
function tableRows() {
  return handles.page.$$eval('#table tbody tr', (rows) => rows.map((r) => [...r.cells].slice(1).map((c) => c.textContent)));
}

/** The plan view's operator tree: each operator's type, figures and children, root first. */
function planTree() {
  return handles.page.$eval('#plan > .plan > .plan-tree', (top) => {
    const read = (list) => [...list.children].map((item) => {
      const card = item.querySelector(':scope > .operator');
      const terms = [...card.querySelectorAll('.operator-figures dt')].map((dt) => dt.textContent);
      const values = [...card.querySelectorAll('.operator-figures dd')].map((dd) => dd.textContent);
      const children = item.querySelector(':scope > .plan-tree');
      return {
        type: card.querySelector('.operator-type').textContent,
        badge: card.querySelector('.badge')?.textContent ?? null,
        figures: Object.fromEntries(terms.map((term, i) => [term, values[i]])),
        children: children ? read(children) : [],
      };
    });
    return read(top);
  });
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await startDemo();
  assert.ok(demo.tcp && demo.ws, `the demo names both server addresses:\n${demo.output}`);
  handles.driver = neo4j.driver(demo.tcp, neo4j.auth.none());
  handles.browser = await launchChromium();
  handles.page = await handles.browser.newPage({ viewport: { width: 1400, height: 900 } });
  handles.page.on('pageerror', (error) => handles.pageErrors.push(error.message));
}, { timeout: START_TIMEOUT_MS + 60_000 });

after(async () => {
  await handles.browser?.close();
  await handles.driver?.close();
  // Should the last test not have stopped it, nothing of the demo stays behind.
  if (demo.child && groupAlive(demo.child.pid)) process.kill(-demo.child.pid, 'SIGKILL');
});

test('npm start prints the page, the servers and the sample graph', () => {
  assert.match(demo.output, /server\s+kglite-bolt-server\/[\d.]+, Bolt 5\.\d/);
  assert.match(demo.output, /sample graph\s+202 nodes, 455 relationships \(data\/sample-graph\.json\)/);
  assert.match(demo.output, /Ctrl-C stops the page and the servers/);
});

test('the page connects to the embedded server and shows what answered', TIMEOUT, async () => {
  const { page } = handles;
  await page.goto(`${demo.url}/`);
  // The page connects by itself to the address the demo hands out; connecting again works too.
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  assert.equal(await page.inputValue('#uri'), demo.ws);
  await page.click('#connect');
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  assert.match(await page.textContent('#server-agent'), /^kglite-bolt-server\/[\d.]+$/);
  assert.equal(await page.textContent('#server-protocol'), '5.4');
  assert.equal(await page.textContent('#server-address'), demo.ws.replace('bolt://', ''));
  assert.equal(await page.isHidden('#diagnosis'), true);
});

test('nodes and relationships fill the table and the graph, with labels and properties on selection', TIMEOUT, async () => {
  const { page } = handles;
  const query = 'MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station\nORDER BY s.seq';
  const truth = await expected(query, { code: 'M2' });
  assert.ok(truth.records.length >= 5 && truth.nodes === truth.records.length + 1);

  const status = await runInPage(query, '{"code": "M2"}');
  assert.match(status, new RegExp(`^${truth.records.length} rows in \\d+`));
  const rows = await tableRows();
  assert.equal(rows.length, truth.records.length);
  assert.deepEqual(rows.map((r) => /name: "([^"]*)"/.exec(r[2])?.[1]),
    truth.records.map((r) => r.get('station').properties.name));
  assert.deepEqual(await page.$$eval('#table thead th', (ths) => ths.map((th) => th.textContent)), ['#', 'l', 's', 'station']);

  const drawn = await page.evaluate(() => ({ nodes: window.cy.nodes().length, edges: window.cy.edges().length }));
  assert.deepEqual(drawn, { nodes: truth.nodes, edges: truth.relationships });
  assert.equal(await page.getAttribute('#graph', 'data-nodes'), String(truth.nodes));
  assert.match(await page.textContent('#legend'), new RegExp(`Line 1.*Station ${truth.nodes - 1}.*STOPS_AT ${truth.relationships}`));

  await selectNode('Blue Line');
  await page.waitForSelector('#inspector h3', WAIT);
  assert.equal(await page.textContent('#inspector h3'), 'Blue Line');
  const inspected = await page.textContent('#inspector');
  assert.match(inspected, /Line/);
  assert.match(inspected, /headwayPT4M/);
  assert.match(inspected, /colour#1b63c6/);
  await page.screenshot({ path: path.join(SHOTS, 'line-and-stations.png') });
});

test('paths are drawn once per node and relationship, and the JSON and summary views show the result', TIMEOUT, async () => {
  const { page } = handles;
  const query = 'MATCH p = (:Operator)-[:RUNS]->(:Line {code: $code})-[:STOPS_AT]->(:Station)<-[:NEAR]-(:Place)\nRETURN p';
  const truth = await expected(query, { code: 'M2' });
  await runInPage(query, '{"code": "M2"}');
  assert.equal((await tableRows()).length, truth.records.length);
  const drawn = await page.evaluate(() => ({ nodes: window.cy.nodes().length, edges: window.cy.edges().length }));
  assert.deepEqual(drawn, { nodes: truth.nodes, edges: truth.relationships });
  await selectNode('Norhaven Metro');
  await page.waitForFunction(() => document.querySelector('#inspector h3')?.textContent === 'Norhaven Metro', null, WAIT);
  await page.screenshot({ path: path.join(SHOTS, 'graph.png') });

  await page.click('#tab-json');
  const json = JSON.parse(await page.textContent('#json'));
  assert.equal(json.length, truth.records.length);
  assert.equal(json[0].p.start.labels[0], 'Operator');
  assert.equal(json[0].p.segments.length, 3);

  await page.click('#tab-summary');
  const summary = await page.textContent('#summary');
  assert.match(summary, /typeread/);
  assert.match(summary, new RegExp(`records${truth.records.length}`));
  assert.match(summary, /the query changed nothing/);
  await page.click('#tab-graph');
});

test('a write shows its counters; an explicit transaction can be rolled back or committed', TIMEOUT, async () => {
  const { page } = handles;
  const count = async (name) => (await handles.driver.executeQuery(
    'MATCH (p:Place {name: $name}) RETURN count(p) AS n', { name })).records[0].get('n').toNumber();
  const create = "MATCH (s:Station {name: 'Central'})\nCREATE (c:Place {name: $name, kind: 'cafe'})-[:NEAR {distanceM: 50}]->(s)\nRETURN c, s";

  await runInPage(create, '{"name": "Auto Café"}');
  await page.click('#tab-summary');
  const summary = await page.textContent('#summary');
  assert.match(summary, /nodes created1/);
  assert.match(summary, /relationships created1/);
  assert.equal(await count('Auto Café'), 1);
  await page.click('#tab-graph');

  await page.check('input[name="txmode"][value="explicit"]');
  await runInPage(create, '{"name": "Rolled Back Café"}');
  assert.match(await page.textContent('#transaction-state'), /Transaction open: 1 query/);
  assert.equal(await page.isDisabled('input[name="txmode"][value="auto"]'), true, 'the mode is fixed while a transaction is open');
  await page.click('#rollback');
  await page.waitForFunction(() => /Rolled back a transaction of 1 query/.test(document.getElementById('run-status').textContent), null, WAIT);
  assert.equal(await count('Rolled Back Café'), 0);

  await runInPage(create, '{"name": "Committed Café"}');
  await page.click('#commit');
  await page.waitForFunction(() => /Committed a transaction of 1 query/.test(document.getElementById('run-status').textContent), null, WAIT);
  assert.equal(await count('Committed Café'), 1);
  await page.check('input[name="txmode"][value="auto"]');
});

test('a syntax error shows the server\'s message', TIMEOUT, async () => {
  const { page } = handles;
  const status = await runInPage('MATCH (s:Station RETURN s');
  assert.match(status, /^Failed after/);
  assert.equal(await page.textContent('#query-error-title'), 'Syntax error in the Cypher');
  const detail = await page.textContent('#query-error-detail');
  assert.match(detail, /^Neo\.ClientError\.Statement\.SyntaxError\n/);
  assert.match(detail, /Cypher syntax error at line 1/);
  assert.equal(await page.locator('#table tbody tr').count(), 0);
  await page.screenshot({ path: path.join(SHOTS, 'syntax-error.png') });
});

test('records stream in with a running count, and Cancel stops reading', TIMEOUT, async () => {
  const { page } = handles;
  const total = 1_000_000;
  await page.fill('#query', `UNWIND range(1, ${total}) AS i RETURN i`);
  await page.fill('#params', '{}');
  await page.click('#run');
  // Cancelled past the first batch (1000 records), so that the table's limit shows too.
  await page.waitForFunction(() => {
    const running = /^Running… ([\d,]+) rows · /.exec(document.getElementById('run-status').textContent);
    return running && Number(running[1].replaceAll(',', '')) > 1000;
  }, null, WAIT);
  await page.click('#cancel');
  await page.waitForSelector('#run-status[data-state="cancelled"]', WAIT);
  const status = await page.textContent('#run-status');
  const read = Number(/^Cancelled after ([\d,]+) rows/.exec(status)?.[1].replaceAll(',', ''));
  assert.ok(read > 0 && read < total, `read ${read} of ${total} rows: ${status}`);
  assert.equal(await page.locator('#table tbody tr').count(), 1000);
  assert.match(await page.textContent('#table-note'), /The table shows the first 1,000 of/);
  // The connection is usable again at once.
  assert.match(await runInPage('RETURN 1 AS one'), /^1 row in/);
});

test('a wrong port and a bad URI get a diagnosis in plain words', TIMEOUT, async () => {
  const { page } = handles;
  const port = await unusedPort();
  await page.fill('#uri', `bolt://127.0.0.1:${port}`);
  await page.click('#connect');
  await page.waitForSelector('#connection-state[data-state="failed"]', WAIT);
  assert.equal(await page.textContent('#diagnosis-title'), `Nothing accepted a WebSocket connection at 127.0.0.1:${port}`);
  assert.match(await page.textContent('#diagnosis-advice'), /The browser could not connect and does not say why/);
  assert.match(await page.textContent('#diagnosis-causes'), /the server is not running, or nothing listens on that port/);
  assert.match(await page.textContent('#diagnosis-detail'), new RegExp(`^ServiceUnavailable: could not open a WebSocket to ws://127\\.0\\.0\\.1:${port}`));
  assert.equal(await page.isDisabled('#disconnect'), true);
  await page.screenshot({ path: path.join(SHOTS, 'wrong-port.png') });

  await page.fill('#uri', 'bolt://127.0.0.1:99999');
  await page.click('#connect');
  await page.waitForFunction(() => document.getElementById('diagnosis-title').textContent === 'The URI is not valid', null, WAIT);
  assert.match(await page.textContent('#diagnosis-detail'), /port '99999' is not a number from 1 to 65535/);

  // Back to the embedded server.
  await page.fill('#uri', demo.ws);
  await page.click('#connect');
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  assert.equal(await page.isHidden('#diagnosis'), true);
  assert.deepEqual(handles.pageErrors, []);
});

test('EXPLAIN shows the operator tree the server planned, with estimated rows', TIMEOUT, async () => {
  const { page } = handles;
  const query = "EXPLAIN MATCH (s:Station)<-[:NEAR]-(p:Place) WHERE s.name STARTS WITH 'C' RETURN s, p";
  const { summary } = await handles.driver.executeQuery(query);
  assert.ok(summary.hasPlan(), 'the embedded server returns a plan for EXPLAIN');
  const status = await runInPage(query);
  assert.match(status, /^Planned in \d+ ms \(EXPLAIN does not run the query\)$/);
  assert.equal(await page.getAttribute('#tab-plan', 'aria-selected'), 'true');
  assert.match(await page.textContent('#plan .plan-facts'), /^Plan \(EXPLAIN\): what the query would do; it did not run/);
  // The same tree as the summary's plan, operator by operator.
  const expectedTree = (op) => ({
    type: op.operatorType,
    estimated: op.arguments.EstimatedRows === undefined ? null : String(Math.round(op.arguments.EstimatedRows)),
    children: op.children.map(expectedTree),
  });
  const shownTree = (op) => ({ type: op.type, estimated: op.figures['estimated rows'] ?? null, children: op.children.map(shownTree) });
  assert.deepEqual((await planTree()).map(shownTree), [expectedTree(summary.plan)]);
  assert.equal(await page.locator('#plan .operator').count() > 1, true);
  // The operator with the most estimated rows is marked.
  assert.equal(await page.locator('#plan .operator.costly .badge', { hasText: 'costliest' }).count(), 1);
  await page.screenshot({ path: path.join(SHOTS, 'explain.png') });
});

test('PROFILE shows rows, db hits, time, memory and page cache per operator, and marks the costly ones', TIMEOUT, async () => {
  // The embedded server sends no profile for PROFILE: a scripted server sends the summary
  // Neo4j sends, and the page reads it with the driver as any summary.
  const { page } = handles;
  const query = "PROFILE MATCH (s:Station) WHERE s.name STARTS WITH 'C' RETURN s";
  const profile = {
    operatorType: 'ProduceResults@neo4j', identifiers: ['s'], dbHits: 0, rows: 2, time: 310_000,
    pageCacheHits: 0, pageCacheMisses: 0,
    args: { Details: 's', EstimatedRows: 3.5, GlobalMemory: 2048, planner: 'COST', runtime: 'PIPELINED' },
    children: [{
      operatorType: 'Filter@neo4j', identifiers: ['s'], dbHits: 120, rows: 2, time: 1_250_000,
      pageCacheHits: 7, pageCacheMisses: 1,
      args: { Details: "s.name STARTS WITH 'C'", EstimatedRows: 3.5, Memory: 1536 },
      children: [{
        operatorType: 'NodeByLabelScan@neo4j', identifiers: ['s'], dbHits: 80, rows: 40, time: 420_000,
        pageCacheHits: 3, pageCacheMisses: 0,
        args: { Details: 's:Station', EstimatedRows: 40.0 },
        children: [],
      }],
    }],
  };
  const stub = await startStub(`
    S: BOLT 5.4
    C: HELLO {"user_agent": "*", "...": "*"}
    C: LOGON {"scheme": "none"}
    S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
       SUCCESS {}
    C: RUN ${JSON.stringify(query)} {} {"...": "*"}
       PULL {"n": 1000}
    S: SUCCESS {"fields": ["s"]}
       RECORD [{"$node": [1, ["Station"], {"name": "Central"}, "4:db:1"]}]
       RECORD [{"$node": [2, ["Station"], {"name": "Castle Quay"}, "4:db:2"]}]
       SUCCESS {"type": "r", "profile": ${JSON.stringify(profile)}}
    C?: RESET
    S: SUCCESS
    C?: GOODBYE
  `);
  try {
    // The script holds the query alone, not the reads of the schema.
    await page.goto(`${demo.url}/?schema=off&uri=${encodeURIComponent(stub.url)}`);
    const status = await runInPage(query);
    assert.match(status, /^2 rows in/);
    assert.equal(await page.getAttribute('#tab-plan', 'aria-selected'), 'true');
    assert.equal(await page.textContent('#plan .plan-facts'),
      'Profiled plan (PROFILE): what the query did · 200 db hits in all · 2.0 KiB of memory · '
      + 'costly: at least 50 % of the db hits of the costliest operator.');
    assert.deepEqual(await planTree(), [{
      type: 'ProduceResults@neo4j', badge: null,
      figures: { 'estimated rows': '4', rows: '2', 'db hits': '0', time: '0.310 ms', 'page cache hits': '0', 'page cache misses': '0' },
      children: [{
        type: 'Filter@neo4j', badge: 'costliest',
        figures: { 'estimated rows': '4', rows: '2', 'db hits': '120', time: '1.250 ms', 'page cache hits': '7', 'page cache misses': '1', memory: '1.5 KiB' },
        children: [{
          type: 'NodeByLabelScan@neo4j', badge: 'costly',
          figures: { 'estimated rows': '40', rows: '40', 'db hits': '80', time: '0.420 ms', 'page cache hits': '3', 'page cache misses': '0' },
          children: [],
        }],
      }],
    }]);
    assert.deepEqual(await page.$$eval('#plan .operator-details', (ps) => ps.map((p) => p.textContent)),
      ['s', "s.name STARTS WITH 'C'", 's:Station']);
    await page.screenshot({ path: path.join(SHOTS, 'profile.png') });
    await page.click('#disconnect');
    const { code, stderr } = await stub.done;
    assert.equal(code, 0, stderr);
  } finally {
    await stub.stop();
    // Back to the embedded server, for the tests after this one.
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  }
});

test('bad parameter JSON clears the earlier results and their status and says what is wrong', TIMEOUT, async () => {
  const { page } = handles;
  const query = 'MATCH (l:Line {code: $code}) RETURN l';
  assert.match(await runInPage(query, '{"code": "M2"}'), /^1 row in/);
  assert.equal(await page.locator('#table tbody tr').count(), 1);
  assert.equal(await page.getAttribute('#graph', 'data-nodes'), '1');

  const status = await runInPage(query, '{"code": M2}');
  assert.equal(status, 'Not run: the parameters are not valid JSON');
  assert.equal(await page.getAttribute('#run-status', 'data-state'), 'failed');
  assert.equal(await page.textContent('#query-error-title'), 'The parameters are not valid JSON');
  // The parser's own words, which name what it stopped at.
  assert.match(await page.textContent('#query-error-detail'), /^Unexpected token 'M', .* is not valid JSON$/);
  assert.equal(await page.getAttribute('#params', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'params');
  // Nothing of the earlier result is left in any view.
  assert.equal(await page.locator('#table thead th').count(), 0);
  assert.equal(await page.locator('#table tbody tr').count(), 0);
  assert.equal(await page.evaluate(() => window.cy.elements().length), 0);
  assert.equal(await page.textContent('#legend'), '');
  assert.equal(await page.textContent('#json'), '');
  assert.equal(await page.textContent('#summary'), 'The summary appears when the query is done.');
  assert.equal(await page.isHidden('#inspector h3'), true);
  await page.screenshot({ path: path.join(SHOTS, 'bad-parameters.png') });

  // Corrected, the query runs and the marks go.
  assert.match(await runInPage(query, '{"code": "M2"}'), /^1 row in/);
  assert.equal(await page.getAttribute('#params', 'aria-invalid'), null);
  assert.equal(await page.isHidden('#query-error'), true);
});

test('disconnecting or connecting again with an open transaction asks first, then says it was rolled back', TIMEOUT, async () => {
  const { page } = handles;
  const count = async (name) => (await handles.driver.executeQuery(
    'MATCH (p:Place {name: $name}) RETURN count(p) AS n', { name })).records[0].get('n').toNumber();
  const create = "CREATE (c:Place {name: $name, kind: 'cafe'}) RETURN c";
  /** Clicks `selector`, answers the confirmation it asks (accept or not), resolves its text. */
  const answer = async (selector, accept) => {
    const asked = new Promise((resolve) => page.once('dialog', async (dialog) => {
      resolve(`${dialog.type()}: ${dialog.message()}`);
      await (accept ? dialog.accept() : dialog.dismiss());
    }));
    await page.click(selector);
    return asked;
  };
  await page.check('input[name="txmode"][value="explicit"]');
  try {
    await runInPage(create, '{"name": "Disconnect Café"}');
    assert.equal(await answer('#disconnect', false),
      'confirm: Disconnecting rolls back the open transaction and the changes of the 1 query run in it. Disconnecting?');
    // Declined: still connected, the transaction still open.
    assert.equal(await page.getAttribute('#connection-state', 'data-state'), 'connected');
    assert.match(await page.textContent('#transaction-state'), /Transaction open: 1 query/);

    assert.match(await answer('#disconnect', true), /^confirm: Disconnecting rolls back/);
    await page.waitForSelector('#connection-state[data-state="disconnected"]', WAIT);
    assert.equal(await page.textContent('#run-status'), 'Rolled back a transaction of 1 query before disconnecting.');
    assert.match(await page.textContent('#transaction-state'), /No open transaction/);
    assert.equal(await count('Disconnect Café'), 0);

    // Connecting again with a transaction open asks the same.
    await page.click('#connect');
    await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
    await runInPage(create, '{"name": "Reconnect Café"}');
    assert.match(await answer('#connect', true), /^confirm: Connecting again rolls back the open transaction/);
    await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
    assert.equal(await page.textContent('#run-status'), 'Rolled back a transaction of 1 query before disconnecting.');
    assert.equal(await count('Reconnect Café'), 0);
  } finally {
    await page.check('input[name="txmode"][value="auto"]');
  }
});

/** The page's layout in the current viewport: boxes (in page coordinates) and overflows. */
function measureLayout() {
  return handles.page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height };
    };
    const $ = (selector) => document.querySelector(selector);
    const inspector = $('#inspector');
    inspector.scrollIntoView({ block: 'nearest' });
    const at = inspector.getBoundingClientRect();
    const hit = document.elementFromPoint(at.left + at.width / 2, at.top + Math.min(at.height / 2, 12));
    const sidebar = $('.sidebar');
    return {
      viewport: innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      sidebar: box(sidebar),
      sidebarScrolls: sidebar.scrollHeight > sidebar.clientHeight + 1,
      session: box($('#session-title').closest('.panel')),
      results: box($('.results')),
      graphBody: box($('.graph-body')),
      graph: box($('#graph')),
      canvases: [...document.querySelectorAll('#graph canvas')].map(box),
      inspector: box(inspector),
      inspectorOnTop: inspector.contains(hit),
    };
  });
}

/** Whether box `inner` lies within box `outer` (half a pixel of rounding allowed). */
const within = (inner, outer) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5
  && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

test('the layout holds from 360 px to wide screens and on resize', TIMEOUT, async () => {
  const { page } = handles;
  await page.setViewportSize({ width: 1400, height: 900 });
  await runInPage('MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station', '{"code": "M2"}');
  await selectNode('Blue Line');
  await page.waitForSelector('#inspector h3', WAIT);
  // 1400 to 1024 first: a window made narrower after a query.
  for (const width of [1400, 1024, 768, 390, 360, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    // The drawing follows its panel once the page has laid itself out and drawn again.
    await page.waitForFunction(() => {
      const graph = document.getElementById('graph');
      const canvases = [...graph.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect());
      return window.cy.width() === graph.clientWidth && window.cy.height() === graph.clientHeight
        && canvases.every((c) => c.width <= graph.clientWidth + 0.5 && c.height <= graph.clientHeight + 0.5);
    }, null, WAIT);
    const m = await measureLayout();
    const at = `at ${width} px: ${JSON.stringify(m)}`;
    assert.ok(m.pageWidth <= m.viewport, `nothing is wider than the window ${at}`);
    assert.ok(m.results.left >= 0 && m.results.right <= m.viewport, `the results fit across ${at}`);
    assert.ok(within(m.graph, m.graphBody) && m.canvases.every((c) => within(c, m.graph)),
      `the graph stays inside its panel ${at}`);
    assert.ok(within(m.inspector, m.results) && m.inspector.right <= m.viewport, `the inspector is on screen ${at}`);
    assert.ok(m.graph.right <= m.inspector.left + 0.5 || m.graph.bottom <= m.inspector.top + 0.5,
      `the graph does not cover the inspector ${at}`);
    assert.ok(m.inspectorOnTop, `nothing is drawn over the inspector ${at}`);
    assert.ok(m.inspector.width >= 200 && m.graph.width >= 200 && m.graph.height >= 200, `graph and inspector are usable ${at}`);
    if (width <= 900) {
      // One column; the page scrolls, not a box inside it.
      assert.equal(m.sidebarScrolls, false, `the sidebar is not a scrolling box ${at}`);
      assert.ok(within(m.session, m.sidebar), `the Session panel is whole ${at}`);
    }
    // A whole address fits in the URI field.
    for (const address of [demo.ws, 'neo4j+s://a1b2c3d4.databases.neo4j.io']) {
      await page.fill('#uri', address);
      const { scroll, client } = await page.$eval('#uri', (input) => ({ scroll: input.scrollWidth, client: input.clientWidth }));
      assert.ok(scroll <= client, `${address} fits in the URI field (${scroll} > ${client}) at ${width} px`);
    }
    await page.fill('#uri', demo.ws);
    if (width === 390 || width === 1024) await page.screenshot({ path: path.join(SHOTS, `layout-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
});

test('the query box can be made taller by dragging its corner', TIMEOUT, async () => {
  const { page } = handles;
  const box = page.locator('.query-editor .cm-editor');
  await box.scrollIntoViewIfNeeded();
  const before = await box.boundingBox();
  // The resize handle is in the bottom right corner.
  await page.mouse.move(before.x + before.width - 4, before.y + before.height - 4);
  await page.mouse.down();
  await page.mouse.move(before.x + before.width - 4, before.y + before.height + 150, { steps: 5 });
  await page.mouse.up();
  const after = await box.boundingBox();
  assert.ok(after.height >= before.height + 140, `${before.height} px became ${after.height} px`);
  // The results keep their size below it: the workspace scrolls instead.
  const results = await page.locator('.results').boundingBox();
  assert.ok(results.height >= 350, `the results are ${results.height} px high`);
  await page.$eval('.query-editor .cm-editor', (editor) => { editor.style.height = ''; });
});

/** axe-core's findings on the page as it is now, as `rule (impact): elements`. */
async function axeViolations() {
  const { page } = handles;
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('axe-core finds no accessibility problems in any view, wide or narrow', TIMEOUT, async () => {
  const { page } = handles;
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  const found = {};
  const check = async (name) => { found[name] = await axeViolations(); };
  await check('connected');
  await runInPage('MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station', '{"code": "M2"}');
  await selectNode('Blue Line');
  await page.waitForSelector('#inspector h3', WAIT);
  await check('graph with a node selected');
  await page.click('#legend button[data-label="Station"]');
  await page.waitForSelector('#label-style:not([hidden])', WAIT);
  await check('the choice of a label\'s caption and colour');
  await page.keyboard.press('Escape');
  for (const tab of ['table', 'json', 'summary']) {
    await page.click(`#tab-${tab}`);
    await check(`${tab} view`);
  }
  await runInPage("EXPLAIN MATCH (s:Station) WHERE s.name STARTS WITH 'C' RETURN s");
  await check('plan view');
  await runInPage('MATCH (s:Station RETURN s');
  await check('a Cypher error');
  await page.click('#tab-graph');
  await page.setViewportSize({ width: 390, height: 800 });
  await check('390 px wide');
  await page.setViewportSize({ width: 1400, height: 900 });
  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((name) => [name, []])));
});

test('Tab reaches the editor before the history and the graph by keyboard, with a visible focus throughout', TIMEOUT, async () => {
  const { page } = handles;
  await runInPage('MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station', '{"code": "M2"}');
  assert.ok(await page.locator('#history button').count() > 1, 'the history has entries');
  // Every stop of the Tab order, from the top of the page until it comes round again.
  await page.click('.topbar h1');
  const stops = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        at: [...document.querySelectorAll('*')].indexOf(el),
        name: el.id || `${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`,
        inHistory: el.closest('#history') !== null,
        inSchema: el.closest('.schema-list') !== null,
        focusVisible: el.matches(':focus-visible'),
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
      };
    });
    if (stop === null || stops.some((s) => s.at === stop.at)) break;
    stops.push(stop);
  }
  const names = stops.map((s) => s.name);
  const editor = names.indexOf('query');
  const history = stops.findIndex((s) => s.inHistory);
  assert.ok(editor >= 0 && history >= 0 && editor < history, `the editor comes before the history: ${names.join(', ')}`);
  assert.ok(names.includes('graph'), `the graph is a Tab stop: ${names.join(', ')}`);
  // The frames' buttons, the label chips, the SVG export and the schema's buttons.
  for (const wanted of ['button "▾"', 'button "Pin"', 'button "↻"', 'button "✕"', 'export-svg', 'button "Line 1"', 'button "Station']) {
    assert.ok(names.some((name) => name.startsWith(wanted)), `${wanted} is a Tab stop: ${names.join(', ')}`);
  }
  assert.ok(stops.some((s) => s.inSchema), `the schema's buttons are Tab stops: ${names.join(', ')}`);
  for (const stop of stops) {
    assert.ok(stop.focusVisible && /^solid [2-9]/.test(stop.outline), `${stop.name} shows its focus (${stop.outline})`);
  }

  // In the graph, the arrow keys go from node to node and show each in the inspector.
  await page.focus('#graph');
  const selected = () => page.evaluate(() => window.cy.$(':selected').map((e) => e.data('caption') ?? e.data('type')));
  await page.keyboard.press('ArrowRight');
  const first = await selected();
  assert.equal(first.length, 1);
  await page.waitForFunction((caption) => document.querySelector('#inspector h3')?.textContent === caption, first[0], WAIT);
  await page.keyboard.press('ArrowRight');
  const second = await selected();
  assert.ok(second.length === 1 && second[0] !== first[0]);
  await page.waitForFunction((caption) => document.querySelector('#inspector h3')?.textContent === caption, second[0], WAIT);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await selected(), first);
  const zoom = await page.evaluate(() => window.cy.zoom());
  await page.keyboard.press('+');
  assert.ok(await page.evaluate(() => window.cy.zoom()) > zoom);
  await page.screenshot({ path: path.join(SHOTS, 'graph-keyboard.png') });
  await page.keyboard.press('Escape');
  assert.deepEqual(await selected(), []);
  await page.waitForSelector('#inspector .hint', WAIT);
});

/** The Cypher editor's text, line by line. */
function editorText() {
  return handles.page.$$eval('#query .cm-line', (lines) => lines.map((line) => line.textContent).join('\n'));
}

/** Asks the editor for completions (Ctrl+Space), checks that `wanted` is offered and picks it. */
async function complete(wanted) {
  const { page } = handles;
  await page.keyboard.press('Control+Space');
  const option = page.locator('.cm-tooltip-autocomplete [role="option"]', { hasText: new RegExp(`^${wanted}$`) });
  await option.waitFor(WAIT);
  await option.click();
  await page.locator('.cm-tooltip-autocomplete').waitFor({ state: 'detached', ...WAIT });
}

test('the Cypher editor highlights, matches brackets, completes from the schema, runs on Ctrl+Enter, recalls history and marks errors', TIMEOUT, async () => {
  const { page } = handles;
  await page.goto(`${demo.url}/`);
  // The labels, relationship types and property keys come from the connected database.
  await page.waitForSelector('#query-editor[data-schema="loaded"]', WAIT);
  // Text put in over the whole text (the browser's own select-all, as `fill` does) leaves no
  // empty line after it.
  for (const text of ['RETURN 1', 'MATCH (n)\nRETURN n', 'RETURN 2']) {
    await page.fill('#query', text);
    assert.equal(await editorText(), text);
  }
  await page.evaluate(() => getSelection().selectAllChildren(document.getElementById('query')));
  await page.keyboard.insertText('RETURN 3');
  assert.equal(await editorText(), 'RETURN 3');
  await page.fill('#query', '');
  await page.keyboard.type('MATCH (s:Sta');
  await complete(':Station');
  // Brackets close themselves: typing the closing one steps over it.
  await page.keyboard.type(')<-[:NE');
  await complete(':NEAR');
  await page.keyboard.type(']-(p) WHERE p.na');
  await complete('name');
  await page.keyboard.type(" = 'none' RET");
  await complete('RETURN');
  await page.keyboard.type(' s.name');
  const query = "MATCH (s:Station)<-[:NEAR]-(p) WHERE p.name = 'none' RETURN s.name";
  assert.equal((await editorText()).trim(), query);

  // Keywords, labels and relationship types each have their colour.
  await page.waitForSelector('#query .cm-p-label', WAIT);
  const tokens = (selector) => page.$$eval(selector, (spans) => spans.map((span) => span.textContent));
  const keywords = await tokens('#query .cm-keyword');
  for (const keyword of ['MATCH', 'WHERE', 'RETURN']) assert.ok(keywords.includes(keyword), `${keyword} in ${keywords}`);
  assert.deepEqual(await tokens('#query .cm-p-label'), [':Station']);
  assert.deepEqual(await tokens('#query .cm-p-relationshipType'), [':NEAR']);
  const colour = (selector) => page.$eval(selector, (span) => getComputedStyle(span).color);
  assert.notEqual(await colour('#query .cm-keyword'), await colour('#query .cm-p-label'));

  // The cursor after an opening bracket marks it and its partner.
  await page.keyboard.press('Home');
  for (let i = 0; i < 'MATCH ('.length; i++) await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#query .cm-matchingBracket', WAIT);
  assert.deepEqual(await tokens('#query .cm-matchingBracket'), ['(', ')']);

  // Ctrl+Enter runs the query in the editor.
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#run-status[data-state="done"]', WAIT);
  assert.match(await page.textContent('#run-status'), /^0 rows in/);
  assert.equal(await page.textContent('#history li:first-child button'), query);

  // Ctrl+↑/↓ walk the history, and come back to the text being written.
  assert.match(await runInPage('RETURN 1 AS one', '{"unused": 1}'), /^1 row in/);
  await page.fill('#query', '');
  await page.keyboard.type('RETURN 2');
  await page.keyboard.press('Control+ArrowUp');
  assert.equal((await editorText()).trim(), 'RETURN 1 AS one');
  assert.equal(await page.inputValue('#params'), '{"unused": 1}');
  await page.keyboard.press('Control+ArrowUp');
  assert.equal((await editorText()).trim(), query);
  assert.equal(await page.inputValue('#params'), '{}');
  await page.keyboard.press('Control+ArrowDown');
  await page.keyboard.press('Control+ArrowDown');
  assert.equal((await editorText()).trim(), 'RETURN 2');

  // A failed query is marked where the server says it went wrong, until the text changes.
  const status = await runInPage('MATCH (s:Station RETURN s');
  assert.match(status, /^Failed after/);
  const column = Number(/line 1, col (\d+)/.exec(await page.textContent('#query-error-detail'))[1]);
  const mark = await page.$eval('#query .cm-server-error', (el) => ({ text: el.textContent, title: el.title }));
  assert.equal(mark.text, 'MATCH (s:Station RETURN s'[column - 1]);
  assert.match(mark.title, /Cypher syntax error at line 1/);
  await page.screenshot({ path: path.join(SHOTS, 'editor-error.png') });
  await page.click('#query');
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await page.waitForSelector('#query .cm-server-error', { state: 'detached', ...WAIT });
});

/** Clicks `selector` and resolves the downloaded file's name and bytes. */
async function downloadOf(selector) {
  const { page } = handles;
  const [file] = await Promise.all([page.waitForEvent('download', WAIT), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('the table downloads as CSV and JSON, and the graph as PNG and SVG', TIMEOUT, async () => {
  const { page } = handles;
  await runInPage(`UNWIND [{name: 'a, "quoted"\nname', n: 1}, {name: 'plain', n: 2}] AS row
RETURN row.name AS name, row.n AS n, null AS nothing, [1.5, 'x'] AS list`);
  await page.click('#tab-table');
  const csv = await downloadOf('#export-csv');
  assert.equal(csv.name, 'result.csv');
  assert.equal(csv.bytes.toString('utf8'),
    'name,n,nothing,list\r\n"a, ""quoted""\nname",1,,"[1.5, ""x""]"\r\nplain,2,,"[1.5, ""x""]"\r\n');
  const json = await downloadOf('#export-json');
  assert.equal(json.name, 'result.json');
  await page.click('#tab-json');
  assert.deepEqual(JSON.parse(json.bytes.toString('utf8')), JSON.parse(await page.textContent('#json')));
  assert.equal(JSON.parse(json.bytes.toString('utf8'))[0].name, 'a, "quoted"\nname');

  await runInPage('MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station', '{"code": "M2"}');
  await page.click('#tab-graph');
  const png = await downloadOf('#export-png');
  assert.equal(png.name, 'graph.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The whole drawing at twice its size: wider and taller than a few nodes.
  const [width, height] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
  assert.ok(width >= 200 && height >= 200, `${width} x ${height}`);

  // The SVG: every node (its colour and caption) and every relationship (its type), where drawn.
  const svg = await downloadOf('#export-svg');
  assert.equal(svg.name, 'graph.svg');
  const [drawn, exported] = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const byPlace = (x, y) => `${Math.round(x)},${Math.round(y)}`;
    return [{
      nodes: window.cy.nodes().map((n) => [byPlace(n.position('x'), n.position('y')), n.data('colour'), n.data('caption')]).sort(),
      types: window.cy.edges().map((e) => e.data('type')).sort(),
    }, {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      nodes: [...doc.querySelectorAll('.node')].map((g) => {
        const circle = g.querySelector('circle');
        return [byPlace(Number(circle.getAttribute('cx')), Number(circle.getAttribute('cy'))), circle.getAttribute('fill'), g.querySelector('text').textContent];
      }).sort(),
      types: [...doc.querySelectorAll('.relationship title')].map((t) => t.textContent).sort(),
    }];
  }, svg.bytes.toString('utf8'));
  assert.equal(exported.error, null);
  assert.deepEqual({ nodes: exported.nodes, types: exported.types }, drawn);
  assert.ok(drawn.nodes.some(([, , caption]) => caption === 'Blue Line'));
});

/** The frames as shown, top first: query, status, summary, pinned and expanded. */
function framesShown() {
  return handles.page.$$eval('#frames > .frame', (frames) => frames.map((frame) => ({
    query: frame.querySelector('.frame-query').textContent,
    status: frame.querySelector('.frame-status').textContent,
    summary: frame.querySelector('.frame-summary').textContent,
    pinned: frame.querySelector('.frame-pin').getAttribute('aria-pressed') === 'true',
    expanded: frame.querySelector('.frame-toggle').getAttribute('aria-expanded') === 'true',
    holdsViews: frame.contains(document.getElementById('frame-body')),
  })));
}

/** Clicks the button `name` (toggle, pin, rerun or close) of the frame whose query is `query`. */
async function frameButton(query, name) {
  const frame = handles.page.locator('#frames > .frame').filter({ has: handles.page.locator('.frame-query', { hasText: new RegExp(`^${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  await frame.locator(`.frame-${name}`).click();
}

/** The page keeps this many unpinned frames (MAX_FRAMES in www/main.js). */
const FRAME_LIMIT = 12;

test('each run adds a frame, newest on top, that can be pinned, collapsed, run again and closed', TIMEOUT, async () => {
  const { page } = handles;
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  const line = 'MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station';
  const truth = await expected(line, { code: 'M2' });
  const one = 'RETURN 1 AS one';
  const plan = "EXPLAIN MATCH (s:Station) WHERE s.name STARTS WITH 'C' RETURN s";
  await runInPage(line, '{"code": "M2"}');
  await runInPage(one);
  await runInPage(plan);
  let shown = await framesShown();
  assert.deepEqual(shown.map((f) => f.query), [plan, one, line]);
  assert.deepEqual(shown.map((f) => f.expanded), [true, false, false]);
  assert.ok(shown[0].holdsViews, 'the newest frame holds the views');
  assert.match(shown[0].status, /^Planned in \d+ ms/);
  assert.equal(shown[0].summary, 'read query · planned · no changes');
  assert.match(shown[1].status, /^1 row in \d+ ms$/);
  assert.match(shown[2].status, new RegExp(`^${truth.records.length} rows in`));
  // The plan view is there for the plan's frame.
  assert.equal(await page.isVisible('#tab-plan'), true);
  assert.equal(await page.getAttribute('#tab-plan', 'aria-selected'), 'true');

  // Expanding an older frame shows its result again, graph and table; it has no plan view.
  await frameButton(line, 'toggle');
  shown = await framesShown();
  assert.deepEqual(shown.map((f) => f.expanded), [false, false, true]);
  assert.ok(shown[2].holdsViews);
  assert.equal(await page.isHidden('#tab-plan'), true);
  assert.equal(await page.locator('#table tbody tr').count(), truth.records.length);
  assert.deepEqual(await page.evaluate(() => ({ nodes: window.cy.nodes().length, edges: window.cy.edges().length })),
    { nodes: truth.nodes, edges: truth.relationships });
  assert.match(await page.textContent('#run-status'), new RegExp(`^${truth.records.length} rows in`));
  // Its graph is kept as it was left, node places included.
  const moved = await page.evaluate(() => {
    const node = window.cy.nodes()[0];
    node.position({ x: 1234, y: -567 });
    return node.id();
  });
  await frameButton(one, 'toggle');
  assert.equal(await page.evaluate(() => window.cy.nodes().length), 0);
  assert.deepEqual(await tableRows(), [['1']]);
  await frameButton(line, 'toggle');
  assert.deepEqual(await page.evaluate((id) => window.cy.getElementById(id).position(), moved), { x: 1234, y: -567 });

  // Pinned frames stay above the new ones.
  await frameButton(one, 'pin');
  assert.deepEqual((await framesShown()).map((f) => [f.query, f.pinned]), [[one, true], [plan, false], [line, false]]);
  const count = 'MATCH (p:Place {name: $name}) RETURN count(p) AS n';
  await runInPage(count, '{"name": "Frame Café"}');
  assert.deepEqual((await framesShown()).map((f) => f.query), [one, count, plan, line]);
  assert.deepEqual(await tableRows(), [['0']]);

  // Collapsing the expanded frame leaves only the heads.
  await frameButton(count, 'toggle');
  shown = await framesShown();
  assert.ok(shown.every((f) => !f.expanded && !f.holdsViews));
  assert.equal(await page.isVisible('#table'), false);

  // Run again: the frame's own query and parameters, into the same frame.
  await handles.driver.executeQuery("CREATE (:Place {name: 'Frame Café', kind: 'cafe'})");
  await page.fill('#params', '{"name": "something else"}');
  await frameButton(count, 'rerun');
  await page.waitForSelector('#run-status[data-state="done"]', WAIT);
  shown = await framesShown();
  assert.deepEqual(shown.map((f) => f.query), [one, count, plan, line]);
  assert.ok(shown[1].expanded);
  assert.deepEqual(await tableRows(), [['1']]);
  await handles.driver.executeQuery("MATCH (p:Place {name: 'Frame Café'}) DETACH DELETE p");
  await page.screenshot({ path: path.join(SHOTS, 'frames.png') });

  // Closing the expanded frame expands the top one; closing another leaves the rest.
  await frameButton(count, 'close');
  shown = await framesShown();
  assert.deepEqual(shown.map((f) => [f.query, f.expanded]), [[one, true], [plan, false], [line, false]]);
  assert.deepEqual(await tableRows(), [['1']]);
  await frameButton(plan, 'close');
  assert.deepEqual((await framesShown()).map((f) => f.query), [one, line]);

  // Memory stays bounded: beyond the limit, the oldest unpinned frames go; pinned ones stay.
  for (let i = 1; i <= FRAME_LIMIT + 2; i++) await runInPage(`RETURN ${i} AS i`);
  shown = await framesShown();
  assert.equal(shown.length, FRAME_LIMIT + 1);
  assert.deepEqual(shown[0], { ...shown[0], query: one, pinned: true });
  assert.deepEqual(shown.slice(1).map((f) => f.query), Array.from({ length: FRAME_LIMIT }, (_, i) => `RETURN ${FRAME_LIMIT + 2 - i} AS i`));

  // A long result stays fast: the table keeps its first rows, the frame counts them all.
  const started = Date.now();
  const status = await runInPage('UNWIND range(1, 200000) AS i RETURN i');
  const ms = Date.now() - started;
  assert.match(status, /^200,000 rows in/);
  assert.equal(await page.locator('#table tbody tr').count(), 1000);
  assert.match((await framesShown())[1].status, /^200,000 rows in/);
  console.log(`200 000 rows shown in ${ms} ms (${status})`);
  assert.deepEqual(handles.pageErrors, []);
});

test('the schema panel lists labels, relationship types and property keys with counts, runs samples and follows writes', TIMEOUT, async () => {
  const { page } = handles;
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('#schema-labels button', WAIT);
  const items = (list) => page.$$eval(`#${list} button`, (buttons) => buttons.map((b) => [b.querySelector('.name').textContent, b.querySelector('.count')?.textContent ?? null]));
  // Each count as the server counts it, one query per name.
  const countOf = async (query) => (await handles.driver.executeQuery(query)).records[0].get('n').toNumber().toLocaleString('en');
  const labels = await items('schema-labels');
  assert.ok(labels.some(([name]) => name === 'Station'), JSON.stringify(labels));
  for (const [name, shown] of labels) assert.equal(shown, await countOf(`MATCH (n:${name}) RETURN count(n) AS n`), name);
  const types = await items('schema-types');
  assert.ok(types.some(([name]) => name === 'NEXT'), JSON.stringify(types));
  for (const [name, shown] of types) assert.equal(shown, await countOf(`MATCH ()-[r:${name}]->() RETURN count(r) AS n`), name);
  const keys = await items('schema-keys');
  for (const key of ['name', 'zone', 'distanceM']) assert.ok(keys.some(([name]) => name === key), key);
  const zone = keys.find(([name]) => name === 'zone')[1];
  assert.equal(zone, await countOf('MATCH (n) WHERE n.zone IS NOT NULL RETURN count(n) AS n'));
  await page.screenshot({ path: path.join(SHOTS, 'schema.png') });

  // A click runs a sample query in a new frame.
  await page.click('#schema-labels button:has(.name:text-is("Station"))');
  await page.waitForSelector('#run-status[data-state="done"]', WAIT);
  assert.equal((await framesShown())[0].query, 'MATCH (n:Station) RETURN n LIMIT 25');
  assert.equal(await page.evaluate(() => window.cy.nodes().length), 25);
  await page.click('#schema-types button:has(.name:text-is("NEXT"))');
  await page.waitForFunction(() => document.querySelector('#frames .frame-query')?.textContent.includes('NEXT')
    && document.getElementById('run-status').dataset.state === 'done', null, WAIT);
  assert.equal((await framesShown())[0].query, 'MATCH p = ()-[:NEXT]->() RETURN p LIMIT 25');
  assert.equal(await page.evaluate(() => window.cy.edges().length), 25);
  await page.click('#schema-keys button:has(.name:text-is("zone"))');
  await page.waitForFunction(() => document.querySelector('#frames .frame-query')?.textContent.includes('zone')
    && document.getElementById('run-status').dataset.state === 'done', null, WAIT);
  assert.equal(await page.locator('#table tbody tr').count(), Math.min(25, Number(zone.replaceAll(',', ''))));

  // A write that brings a new label, type and key: the panel follows.
  try {
    await runInPage("CREATE (:Kiosk {kioskNo: 1})-[:SELLS_AT]->(:Kiosk {kioskNo: 2})");
    await page.waitForSelector('#schema-labels button:has(.name:text-is("Kiosk"))', WAIT);
    assert.deepEqual((await items('schema-labels')).find(([name]) => name === 'Kiosk'), ['Kiosk', '2']);
    assert.deepEqual((await items('schema-types')).find(([name]) => name === 'SELLS_AT'), ['SELLS_AT', '1']);
    assert.deepEqual((await items('schema-keys')).find(([name]) => name === 'kioskNo'), ['kioskNo', '2']);
  } finally {
    await handles.driver.executeQuery('MATCH (k:Kiosk) DETACH DELETE k');
  }
  // Refresh reads it again: what nothing has any more is not listed.
  await page.click('#refresh-schema');
  await page.waitForSelector('#schema-labels button:has(.name:text-is("Kiosk"))', { state: 'detached', ...WAIT });
  assert.equal(await page.locator('#schema-types button:has(.name:text-is("SELLS_AT"))').count(), 0);
});

/** The rendered position of the node with that caption, in page coordinates. */
async function nodeOnPage(caption) {
  const { page } = handles;
  const box = await page.locator('#graph').boundingBox();
  const at = await page.evaluate((wanted) => window.cy.nodes().filter((n) => n.data('caption') === wanted)[0].renderedPosition(), caption);
  return { x: box.x + at.x, y: box.y + at.y };
}

test('a double click or Enter expands a node\'s neighbours; dragged nodes stay pinned where dropped', TIMEOUT, async () => {
  const { page } = handles;
  await runInPage("MATCH (l:Line {code: 'M2'}) RETURN l");
  await page.waitForFunction(() => window.cy.nodes().length === 1, null, WAIT);
  /** The element ids of a node's neighbours, and how many relationships it has, over TCP. */
  const neighbours = async (id) => {
    const { records } = await handles.driver.executeQuery(
      'MATCH (n)-[r]-(m) WHERE elementId(n) = $id RETURN collect(DISTINCT elementId(m)) AS m, count(DISTINCT r) AS r', { id });
    return { nodes: records[0].get('m'), relationships: records[0].get('r').toNumber() };
  };
  const lineId = await page.evaluate(() => window.cy.nodes()[0].id().slice(2));
  const line = await neighbours(lineId);
  assert.ok(line.nodes.length >= 5);
  const blue = await nodeOnPage('Blue Line');
  await page.mouse.dblclick(blue.x, blue.y);
  await page.waitForFunction(() => /^Expanded Blue Line: /.test(document.getElementById('run-status').textContent), null, WAIT);
  assert.equal(await page.evaluate(() => window.cy.nodes().length), 1 + line.nodes.length);
  assert.equal(await page.evaluate(() => window.cy.edges().length), line.relationships);
  assert.equal(await page.getAttribute('#graph', 'data-nodes'), String(1 + line.nodes.length));
  await page.screenshot({ path: path.join(SHOTS, 'expanded.png') });

  // By keyboard: the selected node's neighbours with Enter.
  const other = await page.evaluate(() => window.cy.nodes()[1].id());
  const around = await neighbours(other.slice(2));
  await page.evaluate((id) => {
    window.cy.$(':selected').unselect();
    window.cy.getElementById(id).select();
  }, other);
  await page.focus('#graph');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Expanded .* relationships?$/.test(document.getElementById('run-status').textContent)
    && !/^Expanded Blue Line/.test(document.getElementById('run-status').textContent), null, WAIT);
  assert.deepEqual(await page.evaluate((ids) => ids.filter((id) => window.cy.getElementById(`n:${id}`).empty()), around.nodes), []);

  // Dragged: pinned where dropped, and kept there when the graph is laid out again.
  const from = await nodeOnPage('Blue Line');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 60, from.y + 40, { steps: 6 });
  await page.mouse.up();
  const blueId = await page.evaluate(() => window.cy.nodes().filter((n) => n.data('caption') === 'Blue Line')[0].id());
  await page.waitForFunction((id) => window.cy.getElementById(id).hasClass('pinned'), blueId, WAIT);
  const dropped = await page.evaluate((id) => window.cy.getElementById(id).position(), blueId);
  const others = () => page.evaluate((id) => window.cy.nodes().filter((n) => n.id() !== id).map((n) => n.position()), blueId);
  const before = await others();
  await page.selectOption('#layout', 'circle');
  assert.deepEqual(await page.evaluate((id) => window.cy.getElementById(id).position(), blueId), dropped);
  assert.notDeepEqual(await others(), before, 'the other nodes were laid out again');
  // The inspector's toggle (and P in the graph) unpins it.
  await selectNode('Blue Line');
  assert.equal(await page.getAttribute('#pin-node', 'aria-pressed'), 'true');
  await page.click('#pin-node');
  await page.waitForSelector('#pin-node[aria-pressed="false"]', WAIT);
  await page.selectOption('#layout', 'grid');
  assert.notDeepEqual(await page.evaluate((id) => window.cy.getElementById(id).position(), blueId), dropped);
  await page.focus('#graph');
  await page.keyboard.press('p');
  assert.equal(await page.evaluate((id) => window.cy.getElementById(id).hasClass('pinned'), blueId), true);
  await page.selectOption('#layout', 'cose');
});

test('each label\'s caption and colour can be chosen in the legend, and are remembered', TIMEOUT, async () => {
  const { page } = handles;
  const query = 'MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station';
  const truth = await expected(query, { code: 'M2' });
  const zones = truth.records.map((r) => String(r.get('station').properties.zone)).sort();
  await runInPage(query, '{"code": "M2"}');
  const ids = truth.records.map((r) => `n:${r.get('station').elementId}`);
  /** The caption and colour of each station drawn. */
  const stations = () => page.evaluate((wanted) => wanted.map((id) => window.cy.getElementById(id))
    .map((n) => [n.data('caption'), n.data('colour')]), ids);
  // By keyboard: the label's chip opens the choice, Escape closes it.
  await page.focus('#legend button[data-label="Station"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#label-style:not([hidden])', WAIT);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'label-caption');
  assert.ok((await page.$$eval('#label-caption option', (os) => os.map((o) => o.value))).includes('zone'));
  await page.selectOption('#label-caption', 'zone');
  await page.fill('#label-colour', '#7a3e9d');
  await page.screenshot({ path: path.join(SHOTS, 'label-style.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#label-style', { state: 'hidden', ...WAIT });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.label), 'Station');
  const chosen = await stations();
  assert.deepEqual(chosen.map(([caption]) => caption).sort(), zones);
  assert.ok(chosen.every(([, colour]) => colour === '#7a3e9d'));
  assert.match(await page.getAttribute('#legend button[data-label="Station"] i', 'style'), /rgb\(122, 62, 157\)/);

  // Remembered after a reload.
  await page.reload();
  await page.waitForSelector('#connection-state[data-state="connected"]', WAIT);
  await runInPage(query, '{"code": "M2"}');
  assert.deepEqual(await stations(), chosen);
  // Back to the automatic caption, for the tests after this one.
  await page.click('#legend button[data-label="Station"]');
  await page.selectOption('#label-caption', '');
  await page.click('#label-style-done');
  assert.ok((await stations()).every(([caption]) => !/^\d+$/.test(caption)));
});

test('captions keep their size on screen and never overlap, at 60 nodes and at 500; more show when zoomed in and on hover', TIMEOUT, async () => {
  const { page } = handles;
  /** The rendered caption boxes, the captions' font size on screen, and how many nodes are on screen. */
  const captions = () => page.evaluate(() => {
    const { cy } = window;
    const shown = cy.nodes().filter((n) => n.style('label') !== '');
    const onScreen = cy.nodes().filter((n) => {
      const { x, y } = n.renderedPosition();
      return x >= 0 && y >= 0 && x <= cy.width() && y <= cy.height();
    });
    return {
      boxes: shown.map((n) => ({
        ...n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
        caption: n.data('caption'), classes: n.classes().join(' '),
      })),
      fontPx: shown.length ? parseFloat(shown[0].style('font-size')) * cy.zoom() : null,
      onScreen: onScreen.length,
    };
  });
  const overlapping = (boxes) => {
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs.push([a, b]);
      }
    }
    return pairs;
  };
  /**
   * The captions once placed for the drawing as it is now: they are placed on the animation
   * frame after a change, so this reads them frame by frame (60 times at most) until they
   * stand apart.
   */
  const placed = async () => {
    let shown;
    for (let frame = 0; frame < 60; frame++) {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      shown = await captions();
      if (overlapping(shown.boxes).length === 0) break;
    }
    return shown;
  };
  // Nothing selected and the pointer away: the selected node and the one under the pointer
  // show their captions above the others.
  await page.mouse.move(0, 0);

  await runInPage('MATCH (s:Station) OPTIONAL MATCH (s)-[r:NEXT]->(t:Station) RETURN s, r, t');
  await page.evaluate(() => { window.cy.$(':selected').unselect(); });
  const sixty = await placed();
  assert.ok(sixty.onScreen >= 60, `${sixty.onScreen} nodes`);
  assert.deepEqual(overlapping(sixty.boxes), []);
  assert.ok(sixty.boxes.length >= 15, `${sixty.boxes.length} of ${sixty.onScreen} captions show`);
  assert.ok(Math.abs(sixty.fontPx - 12) < 0.5, `captions are ${sixty.fontPx} px`);
  await page.screenshot({ path: path.join(SHOTS, 'captions-60.png') });

  await handles.driver.executeQuery(`UNWIND range(0, 499) AS i CREATE (:Dot {name: 'dot ' + toString(i), i: i})`);
  try {
    await handles.driver.executeQuery('MATCH (a:Dot), (b:Dot) WHERE b.i = (a.i + 1) % 500 OR b.i = (a.i * 7 + 3) % 500 CREATE (a)-[:LINK]->(b)');
    await runInPage('MATCH (d:Dot) OPTIONAL MATCH (d)-[r:LINK]->(e:Dot) RETURN d, r, e');
    assert.equal(await page.evaluate(() => window.cy.nodes().length), 500);
    const far = await placed();
    assert.deepEqual(overlapping(far.boxes), []);
    assert.ok(far.boxes.length > 0 && far.boxes.length < 500, `${far.boxes.length} of 500 captions show`);
    await page.screenshot({ path: path.join(SHOTS, 'captions-500.png') });

    // Zoomed in: the same size on screen, more of the nodes on screen captioned, still apart.
    await page.evaluate(() => window.cy.zoom({ level: window.cy.zoom() * 4, renderedPosition: { x: window.cy.width() / 2, y: window.cy.height() / 2 } }));
    const near = await placed();
    assert.deepEqual(overlapping(near.boxes), []);
    assert.ok(Math.abs(near.fontPx - 12) < 0.5, `captions are ${near.fontPx} px`);
    assert.ok(near.boxes.length / near.onScreen > far.boxes.length / far.onScreen,
      `zoomed in ${near.boxes.length} of ${near.onScreen}, before ${far.boxes.length} of ${far.onScreen}`);
    await page.screenshot({ path: path.join(SHOTS, 'captions-500-zoomed.png') });

    // Under the pointer, a node shows its caption.
    const hidden = await page.evaluate(() => {
      const { cy } = window;
      const node = cy.nodes().filter((n) => {
        const { x, y } = n.renderedPosition();
        return n.style('label') === '' && x > 20 && y > 20 && x < cy.width() - 20 && y < cy.height() - 20;
      })[0];
      return { id: node.id(), caption: node.data('caption'), at: node.renderedPosition() };
    });
    const graphBox = await page.locator('#graph').boundingBox();
    await page.mouse.move(graphBox.x + hidden.at.x, graphBox.y + hidden.at.y);
    await page.waitForFunction(({ id, caption }) => window.cy.getElementById(id).style('label') === caption, hidden, WAIT);
  } finally {
    await handles.driver.executeQuery('MATCH (d:Dot) DETACH DELETE d');
  }
});

test('the README\'s screenshot shows frames, the plan view and the editor', TIMEOUT, async () => {
  // Taken on every run into test-output/demo/; README_SCREENSHOT=1 also writes docs/demo.png.
  const { page } = handles;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${demo.url}/`);
  await page.waitForSelector('#query-editor[data-schema="loaded"]', WAIT);
  const plan = "EXPLAIN MATCH (s:Station)<-[:NEAR]-(p:Place)\nWHERE s.name STARTS WITH 'C'\nRETURN s, p";
  await runInPage(plan);
  await runInPage('MATCH (l:Line {code: $code})-[s:STOPS_AT]->(station:Station)\nRETURN l, s, station', '{"code": "M2"}');
  await runInPage('MATCH (s:Station)<-[:NEAR]-(p:Place)\nRETURN s.name AS station, count(p) AS places\nORDER BY places DESC LIMIT 5');
  // The plan's frame expanded below the two newer ones, and the editor holding its query.
  await frameButton(plan, 'toggle');
  await page.fill('#query', plan);
  await page.click('.topbar h1');
  const file = path.join(SHOTS, 'readme.png');
  await page.screenshot({ path: file });
  const bytes = readFileSync(file);
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1280, 800]);
  assert.ok(bytes.length < 400_000, `${bytes.length} bytes`);
  if (process.env.README_SCREENSHOT === '1') copyFileSync(file, path.join(ROOT, 'docs', 'demo.png'));
  await page.setViewportSize({ width: 1400, height: 900 });
});

test('Ctrl-C stops the page and the servers', TIMEOUT, async () => {
  await handles.page.close();
  const { pid } = demo.child;
  // A terminal sends Ctrl-C's SIGINT to the whole foreground process group.
  process.kill(-pid, 'SIGINT');
  const { code, signal } = await demo.exited;
  assert.equal(signal, null);
  assert.equal(code, 0, demo.output);
  assert.match(demo.output, /stopped the page and the servers/);
  // Nothing of the demo is left: no process in its group, nothing on its ports.
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(groupAlive(pid), false, 'processes of the demo are still running');
  for (const address of [demo.url, demo.tcp, demo.ws]) assert.equal(await accepts(address), false, `${address} still answers`);
});
