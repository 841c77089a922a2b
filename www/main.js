// The graph explorer: connects to a server with the package's browser build, runs Cypher with
// parameters, streams the records into a table, a JSON view and a graph as they arrive, and
// shows the query's summary, each run in a frame of its own (see src/frames.js). The URI starts as `?uri=`, else the embedded server's address
// that `npm start` hands out in config.json (then the page connects at once), else
// bolt://localhost:7687. `?query=` and `?params=` fill the editor. The page reads the
// database's schema for the editor's completion and the schema panel unless `?schema=off`.
import neo4j from 'neo4j-wasm';
import { diagnose } from './src/diagnose.js';
import { GraphView } from './src/graph-view.js';
import { captionKeyOf, colourOf, setLabelStyle } from './src/label-styles.js';
import { Frames } from './src/frames.js';
import { EXAMPLES } from './src/examples.js';
import { loadHistory, remember, clearHistory } from './src/history.js';
import { renderPlan } from './src/plan-view.js';
import { download, toCsv } from './src/export.js';
import { captionOf, formatValue, sortedKeys, toJson } from './src/values.js';
import { createEditor, errorPosition } from './src/cypher-editor.js';
import { fetchSchema, renderSchema } from './src/schema.js';

/** Records kept for the table and JSON views; later ones are counted but not kept. */
const KEEP_ROWS = 1000;
/** Records the JSON view shows. */
const JSON_ROWS = 200;
/** Nodes the graph view draws at most. */
const MAX_GRAPH_NODES = 500;
/** While records stream in, the graph is laid out again at most this often (ms). */
const RELAYOUT_MS = 1000;
/** Unpinned frames kept; older ones are dropped with their records. */
const MAX_FRAMES = 12;
/** A node's neighbours, for a double click on it. */
const EXPAND_QUERY = 'MATCH (n)-[r]-(m) WHERE elementId(n) = $id RETURN r, m LIMIT 100';

const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat('en');
const plural = (n, word, words = `${word}s`) => `${numberFormat.format(n)} ${n === 1 ? word : words}`;

const state = {
  driver: null,
  database: '',
  /** Counts connection attempts, so that a slow earlier attempt cannot win over a later one. */
  attempt: 0,
  /** Shared by every session, so each one sees what the ones before it committed. */
  bookmarks: neo4j.bookmarkManager(),
  /** The explicit transaction: `{ session, tx, queries }`, or null. */
  tx: null,
  /** The query running now (see `runQuery`), or null. */
  run: null,
  /** The run whose results the views show (the expanded frame's), or null. */
  shown: null,
  history: loadHistory(),
};

const graph = new GraphView($('graph'), {
  maxNodes: MAX_GRAPH_NODES,
  onSelect: inspect,
  onExpand: expandNode,
  onPin: (node) => { if (inspected === node) inspect(node); },
});
const frames = new Frames($('frames'), {
  body: $('frame-body'),
  holder: $('frame-holder'),
  limit: MAX_FRAMES,
  onToggle: (frame) => (frames.expanded === frame ? collapseFrame() : showFrame(frame)),
  onRerun: (frame) => runQuery(frame.query, frame.params, frame),
  onClose: (frame) => {
    if (state.shown !== frame.run) return;
    state.shown = null;
    clearResults();
    if (frames.all.length > 0) showFrame(frames.all[0]);
  },
});
// For the browser console and the tests: the cytoscape instance.
window.cy = graph.cy;
const editor = createEditor($('query-editor'), {
  onRun: () => runEditorQuery(),
  history: () => state.history,
  onRecall: (entry) => {
    if (entry.params !== undefined) $('params').value = entry.params || '{}';
  },
  attributes: {
    id: 'query',
    'aria-labelledby': 'query-label',
    'aria-describedby': 'query-keys',
    'aria-keyshortcuts': 'Control+Enter Control+Space Control+ArrowUp Control+ArrowDown',
  },
});

// ------------------------------------------------------------------ connection

/** Shows the connection state in the top bar. */
function setConnectionState(name, text) {
  const badge = $('connection-state');
  badge.dataset.state = name;
  badge.textContent = text;
  $('connect').disabled = name === 'connecting';
  $('disconnect').disabled = name !== 'connected';
}

/** Connects with the form's settings (closing the current driver first) and shows the server. */
async function connect(event) {
  event?.preventDefault();
  if (!confirmRollback('Connecting again')) return;
  const attempt = ++state.attempt;
  await disconnect();
  const uri = $('uri').value.trim();
  const user = $('user').value;
  const auth = user ? neo4j.auth.basic(user, $('password').value) : neo4j.auth.none();
  $('diagnosis').hidden = true;
  $('server-info').hidden = true;
  setConnectionState('connecting', `Connecting to ${uri}…`);
  let driver = null;
  try {
    driver = neo4j.driver(uri, auth, { connectionTimeout: 15_000 });
    const info = await driver.getServerInfo();
    if (attempt !== state.attempt) {
      await driver.close();
      return;
    }
    state.driver = driver;
    state.database = $('database').value.trim();
    $('server-agent').textContent = info.agent;
    $('server-protocol').textContent = info.protocolVersion.toString();
    $('server-address').textContent = info.address;
    $('server-info').hidden = false;
    setConnectionState('connected', `Connected to ${info.agent}`);
    if (readSchema) refreshSchema();
  } catch (error) {
    await driver?.close().catch(() => {});
    if (attempt !== state.attempt) return;
    const { title, advice, causes = [] } = diagnose(error, { uri, pageProtocol: location.protocol });
    $('diagnosis-title').textContent = title;
    $('diagnosis-advice').textContent = advice;
    $('diagnosis-causes').replaceChildren(...causes.map((cause) => Object.assign(document.createElement('li'), { textContent: cause })));
    $('diagnosis-causes').hidden = causes.length === 0;
    $('diagnosis-detail').textContent = `${error.code ?? error.name}: ${error.message}`;
    $('diagnosis').hidden = false;
    setConnectionState('failed', 'Connection failed');
  }
}

/** Whether to read the schema on connecting: not with `?schema=off` (for scripted servers). */
const readSchema = new URLSearchParams(location.search).get('schema') !== 'off';

/** The schema panel's lists, by kind. */
const schemaLists = () => ({ labels: $('schema-labels'), relationshipTypes: $('schema-types'), propertyKeys: $('schema-keys') });

/**
 * Reads the connected database's labels, relationship types and property keys for the
 * editor's completion and the schema panel.
 */
async function refreshSchema() {
  const { driver } = state;
  if (!driver) return;
  $('schema-state').textContent = 'Reading the schema…';
  const schema = await fetchSchema(driver, { database: state.database || undefined, routing: neo4j.routing.READ, bookmarkManager: state.bookmarks });
  if (driver !== state.driver) return;
  const names = (list) => list.map(({ name }) => name);
  const prefixed = (list) => list.map(({ name }) => `:${name}`);
  editor.setSchema({ labels: prefixed(schema.labels), relationshipTypes: prefixed(schema.relationshipTypes), propertyKeys: names(schema.propertyKeys) });
  $('query-editor').dataset.schema = 'loaded';
  const listed = renderSchema(schemaLists(), schema, (query) => {
    editor.value = query;
    $('params').value = '{}';
    runEditorQuery();
  });
  $('schema-state').textContent = `${plural(listed.labels, 'label')}, ${plural(listed.relationshipTypes, 'relationship type')}, `
    + `${plural(listed.propertyKeys, 'property key')}. A click shows a sample.`;
}

/** Empties the schema panel (when disconnected). */
function clearSchema() {
  for (const list of Object.values(schemaLists())) list.replaceChildren();
  $('schema-state').textContent = 'Connect to see the labels, relationship types and property keys.';
}

/**
 * Whether the open transaction, if any, may be rolled back for `action` (such as
 * "Disconnecting"): asks the user when one is open.
 */
function confirmRollback(action) {
  if (!state.tx) return true;
  return window.confirm(`${action} rolls back the open transaction and the changes of the `
    + `${plural(state.tx.queries, 'query', 'queries')} run in it. ${action}?`);
}

/** Rolls back an open transaction (saying so) and closes the driver. */
async function disconnect() {
  if (state.tx) await endTransaction(false, ' before disconnecting');
  const driver = state.driver;
  state.driver = null;
  $('server-info').hidden = true;
  clearSchema();
  setConnectionState('disconnected', 'Not connected');
  await driver?.close().catch(() => {});
}

// ------------------------------------------------------------------ session settings

const accessMode = () => document.querySelector('input[name="access"]:checked').value;
const explicitMode = () => document.querySelector('input[name="txmode"]:checked').value === 'explicit';

function sessionConfig() {
  return {
    database: state.database || undefined,
    defaultAccessMode: accessMode() === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    bookmarkManager: state.bookmarks,
  };
}

/** Explains the chosen modes, and shows the transaction's controls in explicit mode. */
function renderModes() {
  const read = accessMode() === 'READ';
  const routing = read
    ? 'Read: over neo4j:// the queries go to a reader of the cluster; a single bolt:// server runs them as they come.'
    : 'Write: over neo4j:// the queries go to the cluster\'s writer.';
  const tx = explicitMode()
    ? 'Queries run in one transaction until you commit or roll it back.'
    : 'Each query is its own transaction, committed when it succeeds.';
  $('mode-hint').textContent = `${tx} ${routing}`;
  $('transaction').hidden = !explicitMode() && !state.tx;
  renderTransaction();
}

function renderTransaction() {
  const open = state.tx !== null;
  $('transaction').dataset.open = String(open);
  $('transaction-state').textContent = open
    ? `Transaction open: ${plural(state.tx.queries, 'query', 'queries')} run in it`
    : 'No open transaction: the next query begins one';
  $('commit').disabled = !open || state.run !== null;
  $('rollback').disabled = !open || state.run !== null;
  // The modes apply to a whole transaction: fixed while one is open.
  for (const input of document.querySelectorAll('input[name="access"], input[name="txmode"]')) input.disabled = open;
}

async function beginTransaction() {
  const session = state.driver.session(sessionConfig());
  try {
    state.tx = { session, tx: await session.beginTransaction(), queries: 0 };
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  renderTransaction();
}

/** Commits or rolls back the explicit transaction and says how it went (and, after `why`, why). */
async function endTransaction(commit, why = '') {
  const { session, tx, queries } = state.tx;
  state.tx = null;
  $('commit').disabled = true;
  $('rollback').disabled = true;
  try {
    if (commit) await tx.commit();
    else await tx.rollback();
    if (commit && readSchema) refreshSchema();
    setRunStatus('done', `${commit ? 'Committed' : 'Rolled back'} a transaction of ${plural(queries, 'query', 'queries')}${why}.`);
  } catch (error) {
    showQueryError(error);
  } finally {
    await session.close().catch(() => {});
    renderModes();
  }
}

// ------------------------------------------------------------------ running queries

/** Parses the parameters' JSON; whole numbers become integers, as Cypher users expect. */
function parseParams(text) {
  if (text.trim() === '') return {};
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SyntaxError('the parameters must be a JSON object, such as {"name": "Ada"}');
  }
  const convert = (v) => {
    if (typeof v === 'number' && Number.isInteger(v)) return neo4j.int(v);
    if (Array.isArray(v)) return v.map(convert);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return convert(value);
}

/** Runs the editor's query with the parameters, in a new frame. */
function runEditorQuery(event) {
  event?.preventDefault();
  // Without the blank lines an edit may leave around it.
  const query = editor.value.trim();
  if (query !== '') runQuery(query, $('params').value.trim(), null);
}

/** A run that has not begun: what the views and the frame show of it. */
function newRun(frame) {
  return {
    frame, cancelled: false, aborter: new AbortController(),
    started: performance.now(), firstAt: null, endedAt: null, count: 0,
    keys: [], records: [], unrendered: [], summary: null, error: null, lastLayout: 0, viewChosen: false,
  };
}

/**
 * Runs `query` with the parameters' JSON text, streaming its records into the views, in
 * `frame` (run again) or else in a new frame.
 */
async function runQuery(query, paramsText, frame) {
  if (state.run) return;
  let params;
  try {
    params = parseParams(paramsText);
  } catch (error) {
    // Nothing of an earlier query stays on screen to be taken for this one's result.
    const run = openRun(query, paramsText, frame);
    run.error = { code: 'Parameters', message: error.message };
    run.endedAt = run.started;
    showQueryError(run.error);
    renderRunStatus(run);
    $('params').setAttribute('aria-invalid', 'true');
    $('params').focus();
    return;
  }
  $('params').removeAttribute('aria-invalid');
  if (!state.driver) {
    await connect();
    if (!state.driver) return;
  }
  state.history = remember(state.history, { query, params: paramsText });
  renderHistory();

  const run = openRun(query, paramsText, frame);
  state.run = run;
  editor.markError(null);
  $('run').disabled = true;
  $('cancel').disabled = false;
  $('connect').disabled = true;
  $('disconnect').disabled = true;
  frames.setBusy(true);
  renderTransaction();
  // At once, not on the next frame: from the click on, the status says the query runs.
  renderRunStatus(run);
  scheduleRender();

  let session = null;
  try {
    let result;
    if (explicitMode()) {
      if (!state.tx) await beginTransaction();
      state.tx.queries += 1;
      result = state.tx.tx.run(query, params);
    } else {
      session = state.driver.session(sessionConfig());
      // Cancel aborts the query: the server stops it at once.
      result = session.run(query, params, { signal: run.aborter.signal });
    }
    run.summary = await stream(result, run);
  } catch (error) {
    if (error === run.aborter.signal.reason) return;
    run.error = error;
    showQueryError(error);
    editor.markError(errorPosition(error), error.message);
    if (state.tx) {
      // A failed query ends its transaction: the server rolls it back.
      const { session: txSession } = state.tx;
      state.tx = null;
      await txSession.close().catch(() => {});
      run.error = { code: error.code, message: `${error.message}\n\nThe transaction was rolled back.` };
      showQueryError(run.error);
    }
  } finally {
    await session?.close().catch(() => {});
    run.endedAt = performance.now();
    state.run = null;
    $('run').disabled = false;
    $('cancel').disabled = true;
    $('connect').disabled = false;
    $('disconnect').disabled = state.driver === null;
    frames.setBusy(false);
    renderModes();
    render();
    graph.layout($('layout').value);
    renderSummary(run);
    renderPlanView(run);
    // New labels, types or keys for the autocomplete and the schema panel.
    if (readSchema && run.summary?.counters.containsUpdates()) refreshSchema();
    if (!$('view-json').hidden) renderJson(run);
  }
}

/**
 * Begins showing a run of `query`: in `frame` (run again) or a new frame, expanded, with the
 * views cleared. Returns the run.
 */
function openRun(query, paramsText, frame) {
  const target = frame ?? frames.add({ query, params: paramsText });
  if (frames.expanded !== target) {
    keepGraph(frames.expanded);
    frames.expand(target);
  }
  const run = newRun(target);
  Object.assign(target, { run, graph: null, view: null });
  state.shown = run;
  clearResults();
  return run;
}

/** Keeps the graph drawn for `frame` (and its view) while another frame's shows. */
function keepGraph(frame) {
  if (!frame || frame.run !== state.shown) return;
  frame.graph = graph.snapshot();
  frame.view = TABS.find((tab) => !$(`view-${tab}`).hidden);
}

/** Expands a frame: its results fill the views again, its graph as it was left. */
function showFrame(frame) {
  if (state.run) return;
  keepGraph(frames.expanded);
  frames.expand(frame);
  const { run } = frame;
  state.shown = run;
  clearResults();
  graph.restore(frame.graph);
  if (run.keys.length) renderTableHead(run.keys);
  run.unrendered = run.records.slice();
  appendRows(run);
  renderGraphInfo(run);
  renderSummary(run);
  renderPlanView(run);
  if (run.error) showQueryError(run.error);
  renderRunStatus(run);
  showTab(frame.view ?? (frame.graph?.elements.length ? 'graph' : 'table'));
}

/** Collapses the expanded frame: the views show nothing until another is expanded. */
function collapseFrame() {
  if (state.run) return;
  keepGraph(frames.expanded);
  frames.collapse();
  state.shown = null;
  clearResults();
}

/**
 * Adds a node's neighbours to the graph (a double click, or Enter, on it), around the node.
 */
async function expandNode(node) {
  if (!state.driver || state.run || !node || !state.shown) return;
  const shown = state.shown;
  try {
    const { records } = await state.driver.executeQuery(EXPAND_QUERY, { id: node.elementId },
      { database: state.database || undefined, routing: neo4j.routing.READ, bookmarkManager: state.bookmarks });
    if (state.shown !== shown) return;
    for (const record of records) graph.collect(record);
    graph.flush(node.elementId);
    graph.refresh();
    renderGraphInfo(shown);
    setRunStatus('done', `Expanded ${graph.nodeCaption(node.elementId)}: ${plural(records.length, 'relationship')}`);
  } catch (error) {
    setRunStatus('failed', `Could not expand ${graph.nodeCaption(node.elementId)}: ${error.message}`);
  }
}

/**
 * Reads the result record by record until it ends or the run is cancelled; resolves the
 * summary. A cancelled query of its own session is aborted (the read rejects with the abort);
 * one in the open transaction stops being read, and the rest is discarded.
 */
async function stream(result, run) {
  run.keys = await result.keys();
  renderTableHead(run.keys);
  const records = result[Symbol.asyncIterator]();
  for (;;) {
    if (run.cancelled) return (await records.return()).value;
    const { done, value } = await records.next();
    if (done) return value;
    run.firstAt ??= performance.now();
    run.count += 1;
    if (run.records.length < KEEP_ROWS) {
      run.records.push(value);
      run.unrendered.push(value);
    }
    graph.collect(value);
    scheduleRender();
  }
}

function cancelRun() {
  if (!state.run) return;
  state.run.cancelled = true;
  if (!explicitMode()) state.run.aborter.abort();
  $('cancel').disabled = true;
  setRunStatus('running', 'Cancelling…');
}

// ------------------------------------------------------------------ rendering results

let frame = 0;
/** Renders on the next animation frame: many records, one repaint. */
function scheduleRender() {
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    render();
    if (state.run) scheduleRender();
  });
}

/** Brings the views up to date with the records read so far. */
function render() {
  const run = state.shown;
  if (!run) return;
  appendRows(run);
  const drew = graph.flush();
  if (drew && state.run) {
    const now = performance.now();
    if (now - run.lastLayout > RELAYOUT_MS) {
      graph.layout($('layout').value);
      run.lastLayout = now;
    }
  }
  if (drew || state.run !== run) renderGraphInfo(run);
  renderRunStatus(run);
  // Once the first records are in: the graph if they hold any, else the table (unless the
  // JSON or summary view was chosen).
  if (!run.viewChosen && run.count > 0) {
    run.viewChosen = true;
    if (!$('view-graph').hidden || !$('view-table').hidden) showTab(graph.nodeCount > 0 ? 'graph' : 'table');
  }
}

/** Shows how the run goes or went, under the editor and in its frame. */
function renderRunStatus(run) {
  const [name, text] = runStatus(run);
  setRunStatus(name, text);
  frames.describe(run.frame, name, text, frameSummary(run));
}

/** The state (running, done, failed or cancelled) of a run, and its status line. */
function runStatus(run) {
  const elapsed = (run.endedAt ?? performance.now()) - run.started;
  const time = elapsed < 1000 ? `${Math.round(elapsed)} ms` : `${(elapsed / 1000).toFixed(1)} s`;
  const rows = plural(run.count, 'row');
  if (state.run === run) return ['running', run.cancelled ? `Cancelling… ${rows}` : `Running… ${rows} · ${time}`];
  if (run.error?.code === 'Parameters') return ['failed', 'Not run: the parameters are not valid JSON'];
  if (run.error) return ['failed', `Failed after ${time}`];
  if (run.cancelled) return ['cancelled', `Cancelled after ${rows} (${time})`];
  if (run.summary?.hasPlan() && !run.summary.hasProfile()) return ['done', `Planned in ${time} (EXPLAIN does not run the query)`];
  return ['done', `${rows} in ${time}`];
}

/** A frame's one-line summary of a run that is over: the error, or the query type and changes. */
function frameSummary(run) {
  if (run.error) return ERROR_TITLES[run.error.code] ?? run.error.code ?? 'Error';
  const { summary } = run;
  if (!summary) return '';
  const updates = Object.entries(summary.counters.updates()).filter(([, n]) => n > 0)
    .map(([name, n]) => `${numberFormat.format(n)} ${name.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  const kind = `${QUERY_TYPES[summary.queryType] ?? 'unknown'} query`;
  const plan = summary.hasProfile() ? ' · profiled' : summary.hasPlan() ? ' · planned' : '';
  return `${kind}${plan} · ${updates.length ? updates.join(', ') : 'no changes'}`;
}

function setRunStatus(name, text) {
  const status = $('run-status');
  status.dataset.state = name;
  status.textContent = text;
  // Screen readers hear the outcome, not every update of the running count.
  status.setAttribute('aria-busy', String(name === 'running'));
}

function clearResults() {
  $('query-error').hidden = true;
  $('table').tHead.replaceChildren();
  $('table').tBodies[0].replaceChildren();
  $('table-note').hidden = true;
  $('json').textContent = '';
  $('json-note').hidden = true;
  $('summary').replaceChildren(hint('The summary appears when the query is done.'));
  $('plan').replaceChildren(hint('Run a query with EXPLAIN or PROFILE in front to see its plan.'));
  // The plan view only for a query with a plan.
  $('tab-plan').hidden = true;
  if (!$('view-plan').hidden) showTab('table');
  closeLabelStyle();
  graph.clear();
  renderGraphInfo(state.shown);
  inspect(null);
}

const hint = (text) => Object.assign(document.createElement('p'), { className: 'hint', textContent: text });

function renderTableHead(keys) {
  const row = document.createElement('tr');
  row.append(Object.assign(document.createElement('th'), { className: 'num', textContent: '#', scope: 'col' }));
  for (const key of keys) row.append(Object.assign(document.createElement('th'), { textContent: key, scope: 'col' }));
  $('table').tHead.replaceChildren(row);
}

/** Adds the records not yet in the table. */
function appendRows(run) {
  if (run.unrendered.length > 0) {
    const body = $('table').tBodies[0];
    const rows = document.createDocumentFragment();
    let index = body.rows.length;
    for (const record of run.unrendered) {
      const row = document.createElement('tr');
      row.append(Object.assign(document.createElement('td'), { className: 'num', textContent: String(++index) }));
      for (const value of record.values()) {
        const cell = document.createElement('div');
        cell.textContent = formatValue(value);
        if (value === null || value === undefined) cell.className = 'null';
        else cell.title = cell.textContent;
        row.insertCell().append(cell);
      }
      rows.append(row);
    }
    body.append(rows);
    run.unrendered.length = 0;
  }
  const note = $('table-note');
  note.hidden = run.count <= KEEP_ROWS;
  note.textContent = `The table shows the first ${numberFormat.format(KEEP_ROWS)} of ${plural(run.count, 'row')}.`;
}

/** The first `limit` records kept, as plain JSON values by key. */
function recordsAsJson(run, limit) {
  return run.records.slice(0, limit).map((record) =>
    Object.fromEntries(run.keys.map((key, i) => [key, toJson(record.get(i))])));
}

function renderJson(run) {
  $('json').textContent = JSON.stringify(recordsAsJson(run, JSON_ROWS), null, 2);
  $('json-note').hidden = run.count <= JSON_ROWS;
  $('json-note').textContent = `The JSON view shows the first ${numberFormat.format(JSON_ROWS)} of ${plural(run.count, 'record')}.`;
}

/** The legend, the counts on the graph element (read by the tests) and what was left out. */
function renderGraphInfo(run) {
  const { labels, types } = graph.legend();
  const chips = labels.map(({ label, count, colour, keys }) => {
    if (label === null) return chip(`(no label) ${count}`, colour);
    // A label's chip opens the choice of its caption and colour.
    const button = chip(`${label} ${count}`, colour, 'button');
    Object.assign(button, { type: 'button', title: `Caption and colour of :${label}` });
    button.dataset.label = label;
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', () => openLabelStyle(label, keys));
    return button;
  });
  for (const { type, count } of types) chips.push(chip(`${type} ${count}`, null));
  $('legend').replaceChildren(...chips.map((item) => {
    const entry = document.createElement('li');
    entry.append(item);
    return entry;
  }));
  $('graph').dataset.nodes = String(graph.nodeCount);
  $('graph').dataset.relationships = String(graph.relationshipCount);
  const { nodes, relationships } = graph.omitted;
  const notes = [];
  if (nodes > 0) notes.push(`${plural(nodes, 'node')} not drawn (the graph shows at most ${MAX_GRAPH_NODES})`);
  if (relationships > 0 && state.run !== run) notes.push(`${plural(relationships, 'relationship')} not drawn because the result does not hold both of their nodes`);
  $('graph-note').hidden = notes.length === 0;
  $('graph-note').textContent = notes.join('; ');
  $('layout').querySelector('option[value="geo"]').disabled = !graph.hasLocations();
}

/** A label chip (with its colour) or, with no colour, a relationship-type chip. */
function chip(text, colour, tag = 'span') {
  const el = document.createElement(tag);
  el.className = colour ? 'chip' : 'chip rel';
  if (colour) {
    const dot = document.createElement('i');
    dot.style.background = colour;
    el.append(dot);
  }
  el.append(text);
  return el;
}

/**
 * Opens the choice of caption (one of `keys`, the property keys seen on its nodes) and colour
 * for a label, under the legend.
 */
function openLabelStyle(label, keys) {
  const form = $('label-style');
  form.dataset.label = label;
  $('label-style-title').textContent = `Nodes labelled :${label}`;
  const caption = captionKeyOf(label);
  const options = caption === null || keys.includes(caption) ? keys : [caption, ...keys];
  $('label-caption').replaceChildren(new Option('a name-like property', ''), ...options.map((key) => new Option(key, key)));
  $('label-caption').value = caption ?? '';
  $('label-colour').value = colourOf(label);
  form.hidden = false;
  $('label-caption').focus();
}

/** Applies the caption and colour chosen in the open label form, and remembers them. */
function applyLabelStyle() {
  setLabelStyle($('label-style').dataset.label, { colour: $('label-colour').value, caption: $('label-caption').value || null });
  graph.restyle();
  renderGraphInfo(state.shown);
  if (inspected) inspect(inspected);
}

/** Closes the label form; with `refocus`, the focus goes back to the label's chip. */
function closeLabelStyle(refocus = false) {
  const form = $('label-style');
  if (form.hidden) return;
  form.hidden = true;
  if (refocus) $('legend').querySelector(`button[data-label="${CSS.escape(form.dataset.label)}"]`)?.focus();
}

/** The node or relationship in the inspector, or null. */
let inspected = null;

/**
 * Shows the selected node's labels or relationship's type, and its properties; for a node,
 * buttons to expand its neighbours and to pin it.
 */
function inspect(entity) {
  inspected = entity ?? null;
  const panel = $('inspector');
  if (!entity) {
    panel.replaceChildren(hint('Select a node or relationship (click it, or use the arrow keys in the graph) to see its labels and properties.'));
    return;
  }
  const isNode = neo4j.isNode(entity);
  const chips = document.createElement('div');
  chips.className = 'chips';
  if (isNode) chips.append(...entity.labels.map((label) => chip(label, colourOf(label))));
  else chips.append(chip(entity.type, null));
  const rows = [['element id', entity.elementId]];
  for (const key of sortedKeys(entity.properties)) rows.push([key, formatValue(entity.properties[key])]);
  const table = document.createElement('table');
  table.className = 'props';
  for (const [key, value] of rows) {
    const row = table.insertRow();
    row.append(Object.assign(document.createElement('th'), { textContent: key, scope: 'row' }));
    row.insertCell().textContent = value;
  }
  // A node by its caption, a relationship by the nodes it joins.
  const title = Object.assign(document.createElement('h3'), {
    textContent: isNode ? captionOf(entity)
      : `${graph.nodeCaption(entity.startNodeElementId)} → ${graph.nodeCaption(entity.endNodeElementId)}`,
  });
  panel.replaceChildren(title, chips, table);
  if (isNode) {
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    const expand = Object.assign(document.createElement('button'), { type: 'button', id: 'expand-node', textContent: 'Expand neighbours' });
    expand.addEventListener('click', () => expandNode(entity));
    const pinned = graph.isPinned(entity.elementId);
    const pin = Object.assign(document.createElement('button'), { type: 'button', id: 'pin-node', textContent: 'Pinned' });
    pin.setAttribute('aria-pressed', String(pinned));
    pin.addEventListener('click', () => graph.setPinned(entity.elementId, !graph.isPinned(entity.elementId)));
    buttons.append(expand, pin);
    panel.append(buttons);
  }
}

/** Downloads the records in the table (the first KEEP_ROWS) as CSV or JSON. */
function exportTable(format) {
  const run = state.shown;
  if (!run || run.keys.length === 0) return;
  if (format === 'csv') {
    const rows = run.records.map((record) => record.values().map((value) => (value === null || value === undefined ? '' : formatValue(value))));
    download('result.csv', toCsv(run.keys, rows), 'text/csv');
  } else {
    download('result.json', JSON.stringify(recordsAsJson(run, KEEP_ROWS), null, 2), 'application/json');
  }
}

/** Downloads the whole graph drawing as a PNG at twice its size on screen (SVG: see GraphView.toSvg). */
function exportGraph() {
  if (graph.nodeCount === 0) return;
  download('graph.png', graph.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }));
}

const QUERY_TYPES = { r: 'read', w: 'write', rw: 'read and write', s: 'schema' };

function renderSummary(run) {
  const { summary } = run;
  if (!summary) {
    $('summary').replaceChildren(hint(run.error ? 'The query failed: no summary.' : 'No summary.'));
    return;
  }
  const ms = (value) => (value === undefined || value === null ? '–' : `${neo4j.integer.toNumber(value)} ms`);
  const clientTime = (t) => (t === null ? '–' : `${Math.round(t - run.started)} ms`);
  const updates = Object.entries(summary.counters.updates()).filter(([, n]) => n > 0);
  const sections = [
    section('Query', [
      ['type', QUERY_TYPES[summary.queryType] ?? summary.queryType ?? '–'],
      ['records', numberFormat.format(run.count) + (run.cancelled ? ' (cancelled)' : '')],
      ['database', summary.database.name ?? 'default'],
      ['server', `${summary.server.agent ?? '?'} at ${summary.server.address ?? '?'}`],
      ['Bolt', summary.server.protocolVersion?.toString() ?? '–'],
    ]),
    section('Timings', [
      ['first record (server)', ms(summary.resultAvailableAfter)],
      ['all records (server)', ms(summary.resultConsumedAfter)],
      ['first record (here)', clientTime(run.firstAt)],
      ['done (here)', clientTime(run.endedAt)],
    ]),
    section('Changes', updates.length
      ? updates.map(([name, n]) => [name.replace(/([A-Z])/g, ' $1').toLowerCase(), numberFormat.format(n)])
      : [['none', summary.counters.containsSystemUpdates() ? 'system updates only' : 'the query changed nothing']]),
  ];
  const notifications = document.createElement('section');
  notifications.className = 'notifications';
  notifications.append(Object.assign(document.createElement('h3'), { textContent: 'Notifications' }));
  if (summary.notifications.length === 0) {
    notifications.append(hint('None.'));
  } else {
    const list = document.createElement('ul');
    for (const n of summary.notifications) {
      const at = n.position?.line ? ` (line ${n.position.line}, column ${n.position.column})` : '';
      list.append(Object.assign(document.createElement('li'), {
        textContent: `${n.severityLevel ?? n.rawSeverityLevel ?? ''} ${n.title ?? n.code}${at}: ${n.description ?? ''}`.trim(),
      }));
    }
    notifications.append(list);
  }
  $('summary').replaceChildren(...sections, notifications);
}

/** Shows the plan of an EXPLAIN or PROFILE, and switches to it. */
function renderPlanView(run) {
  const view = renderPlan(run.summary);
  if (!view) return;
  $('plan').replaceChildren(view);
  $('tab-plan').hidden = false;
  showTab('plan');
}

/** A titled list of `[term, description]` pairs. */
function section(title, pairs) {
  const el = document.createElement('section');
  const list = document.createElement('dl');
  for (const [term, description] of pairs) {
    list.append(Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: description }));
  }
  el.append(Object.assign(document.createElement('h3'), { textContent: title }), list);
  return el;
}

/** Plain titles for the errors people meet most; otherwise the error's code. */
const ERROR_TITLES = {
  'Neo.ClientError.Statement.SyntaxError': 'Syntax error in the Cypher',
  'Neo.ClientError.Statement.ParameterMissing': 'A parameter the query uses is missing',
  'Neo.ClientError.Statement.TypeError': 'A value has the wrong type',
  'Neo.ClientError.Security.Forbidden': 'Not allowed for this user',
  ServiceUnavailable: 'The server could not be reached',
  Parameters: 'The parameters are not valid JSON',
};

function showQueryError(error) {
  const title = ERROR_TITLES[error.code];
  $('query-error-title').textContent = title ?? error.code ?? error.name ?? 'Error';
  // The code under a plain title; a title that is the code already is not repeated.
  $('query-error-detail').textContent = title && error.code !== 'Parameters' ? `${error.code}\n${error.message}` : error.message;
  $('query-error').hidden = false;
}

// ------------------------------------------------------------------ tabs, history, examples

const TABS = ['graph', 'table', 'json', 'plan', 'summary'];

function showTab(name) {
  for (const tab of TABS) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`tab-${tab}`).tabIndex = selected ? 0 : -1;
    $(`view-${tab}`).hidden = !selected;
  }
  if (name === 'graph') graph.refresh();
  if (name === 'json' && state.shown) renderJson(state.shown);
}

function renderHistory() {
  const list = $('history');
  list.replaceChildren(...state.history.map((entry) => {
    const item = document.createElement('li');
    const button = Object.assign(document.createElement('button'), {
      type: 'button', textContent: entry.query.replace(/\s+/g, ' '), title: entry.query,
    });
    button.addEventListener('click', () => {
      editor.value = entry.query;
      $('params').value = entry.params || '{}';
      editor.focus();
    });
    item.append(button);
    return item;
  }));
  if (state.history.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'hint', textContent: 'Queries you run appear here.' }));
}

function setExample(example) {
  editor.value = example.query;
  $('params').value = JSON.stringify(example.params);
}

// ------------------------------------------------------------------ start

/** The server the page starts with: `?uri=`, else the one `npm start` runs, else the default. */
async function initialSettings() {
  const params = new URLSearchParams(location.search);
  if (params.has('uri')) return { uri: params.get('uri'), connectNow: false };
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (response.ok) {
      const config = await response.json();
      if (typeof config.uri === 'string') return { uri: config.uri, connectNow: true };
    }
  } catch {
    // Not served by `npm start`.
  }
  return { uri: 'bolt://localhost:7687', connectNow: false };
}

async function start() {
  for (const [i, example] of EXAMPLES.entries()) $('examples').add(new Option(example.title, String(i)));
  $('examples').addEventListener('change', (event) => {
    if (event.target.value !== '') setExample(EXAMPLES[Number(event.target.value)]);
    event.target.value = '';
    editor.focus();
  });
  const params = new URLSearchParams(location.search);
  setExample(EXAMPLES[0]);
  if (params.has('query')) editor.value = params.get('query');
  if (params.has('params')) $('params').value = params.get('params');

  $('connect-form').addEventListener('submit', connect);
  $('disconnect').addEventListener('click', () => {
    if (!confirmRollback('Disconnecting')) return;
    state.attempt++;
    disconnect();
  });
  $('query-form').addEventListener('submit', runEditorQuery);
  $('query-form').addEventListener('keydown', (event) => {
    // The editor handles its own keys.
    if (event.defaultPrevented) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) runEditorQuery(event);
  });
  $('cancel').addEventListener('click', cancelRun);
  $('commit').addEventListener('click', () => endTransaction(true));
  $('rollback').addEventListener('click', () => endTransaction(false));
  for (const input of document.querySelectorAll('input[name="access"], input[name="txmode"]')) {
    input.addEventListener('change', renderModes);
  }
  $('layout').addEventListener('change', () => graph.layout($('layout').value));
  $('fit').addEventListener('click', () => graph.refresh());
  $('export-png').addEventListener('click', exportGraph);
  $('export-svg').addEventListener('click', () => {
    if (graph.nodeCount > 0) download('graph.svg', graph.toSvg(), 'image/svg+xml');
  });
  $('refresh-schema').addEventListener('click', refreshSchema);
  $('label-style').addEventListener('input', applyLabelStyle);
  $('label-style-form').addEventListener('submit', (event) => {
    event.preventDefault();
    closeLabelStyle(true);
  });
  $('label-style').addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    closeLabelStyle(true);
  });
  $('export-csv').addEventListener('click', () => exportTable('csv'));
  $('export-json').addEventListener('click', () => exportTable('json'));
  $('clear-history').addEventListener('click', () => {
    clearHistory();
    state.history = [];
    renderHistory();
  });
  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));
  $('view-graph').parentElement.querySelector('[role="tablist"]').addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const shown = TABS.filter((tab) => !$(`tab-${tab}`).hidden);
    const current = shown.findIndex((tab) => $(`tab-${tab}`).getAttribute('aria-selected') === 'true');
    const next = shown[(current + step + shown.length) % shown.length];
    showTab(next);
    $(`tab-${next}`).focus();
  });
  renderHistory();
  renderModes();

  const { uri, connectNow } = await initialSettings();
  $('uri').value = uri;
  if (connectNow) await connect();
}

start();
