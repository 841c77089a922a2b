// The page's logic: run the Cypher in the form against the server and show the records.
// `?uri=...&query=...&run=1` fill the form (and run it), so the page can be linked to directly;
// `connectionTimeout=ms` sets that driver option.
import init, { driver as makeDriver } from '../pkg/web/neo4j_wasm.js';

const $ = (id) => document.getElementById(id);

function show(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && Array.isArray(value.labels)) {
    return `(:${value.labels.join(':')} ${JSON.stringify(value.properties)})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}

function render(result) {
  const table = $('results');
  table.replaceChildren();
  const head = table.insertRow();
  for (const key of result.keys) head.appendChild(Object.assign(document.createElement('th'), { textContent: key }));
  for (const record of result.records) {
    const row = table.insertRow();
    for (const value of record) row.insertCell().textContent = show(value);
  }
}

async function run(event) {
  event?.preventDefault();
  const status = $('status');
  status.className = '';
  status.textContent = 'Running…';
  const user = $('user').value;
  const auth = user ? { scheme: 'basic', principal: user, credentials: $('password').value } : { scheme: 'none' };
  const started = performance.now();
  try {
    const config = {};
    const timeout = new URLSearchParams(location.search).get('connectionTimeout');
    if (timeout) config.connectionTimeout = Number(timeout);
    const driver = makeDriver($('uri').value, auth, config);
    const session = driver.session();
    try {
      const result = await session.run($('query').value, { runtime: 'the browser' });
      render(result);
      status.textContent = `${result.records.length} record(s) in ${Math.round(performance.now() - started)} ms`;
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

await init();
const params = new URLSearchParams(location.search);
if (params.has('uri')) $('uri').value = params.get('uri');
if (params.has('query')) $('query').value = params.get('query');
$('query-form').addEventListener('submit', run);
$('run').disabled = false;
$('status').textContent = 'Ready.';
if (params.get('run') === '1') run();
