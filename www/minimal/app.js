// The minimal page, without a bundler or dependencies: runs the Cypher in the form against the
// server and shows the records.
// `?uri=...&query=...&run=1` fill the form (and run it), so the page can be linked to directly;
// `connectionTimeout=ms` sets that driver option.
import neo4j from '../../lib/browser.js';

const $ = (id) => document.getElementById(id);

function show(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return String(value);
  // Lists and maps as JSON; the driver's values (integers, nodes, dates, points, ...) print
  // themselves.
  if (Array.isArray(value) || value.toString === Object.prototype.toString) {
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' || neo4j.isInt(v) ? Number(v) : v));
  }
  return value.toString();
}

function render(keys, records) {
  const table = $('results');
  table.replaceChildren();
  const head = table.insertRow();
  for (const key of keys) head.appendChild(Object.assign(document.createElement('th'), { textContent: key }));
  for (const record of records) {
    const row = table.insertRow();
    for (const value of record.values()) row.insertCell().textContent = show(value);
  }
}

async function run(event) {
  event?.preventDefault();
  const status = $('status');
  status.className = '';
  status.textContent = 'Running…';
  const user = $('user').value;
  const auth = user ? neo4j.auth.basic(user, $('password').value) : neo4j.auth.none();
  const started = performance.now();
  try {
    const config = {};
    const timeout = new URLSearchParams(location.search).get('connectionTimeout');
    if (timeout) config.connectionTimeout = Number(timeout);
    const driver = neo4j.driver($('uri').value, auth, config);
    const session = driver.session();
    try {
      const result = session.run($('query').value, { runtime: 'the browser' });
      const keys = await result.keys();
      const { records } = await result;
      render(keys, records);
      status.textContent = `${records.length} record(s) in ${Math.round(performance.now() - started)} ms`;
    } finally {
      await session.close();
      await driver.close();
    }
  } catch (error) {
    $('results').replaceChildren();
    status.className = 'error';
    status.textContent = `${error.code ?? 'Error'}: ${error.message}`;
  }
}

const params = new URLSearchParams(location.search);
if (params.has('uri')) $('uri').value = params.get('uri');
if (params.has('query')) $('query').value = params.get('query');
$('query-form').addEventListener('submit', run);
$('run').disabled = false;
$('status').textContent = 'Ready.';
if (params.get('run') === '1') run();
