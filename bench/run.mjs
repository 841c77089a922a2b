#!/usr/bin/env node
// Benchmarks this driver against neo4j-driver and neo4j-driver-lite in one run, against the
// benchmark Bolt server (`bolt-stub --bench`, tests/stub-server), and prints a table per
// section with the ratio ours / fastest official driver. Also writes the results, with the
// machine's facts, to bench/results.json (see bench/README.md).
//
// Usage: node bench/run.mjs [--only SECTION,...] [--smoke] [--runs N] [--rows N]
//                           [--shapes ints,strings,node,map] [--forms 'for await,await,...']
//                           [--baseline DIR] [--out FILE] [--help]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchServer } from './server.mjs';
import { browserHost, nodeHost } from './hosts.mjs';
import { bundleSizes } from './bundle.mjs';
import { nativeCeiling } from './native.mjs';
import { bytes, int, median, percent, ratio, table } from './report.mjs';
import { FORMS, WRITE_FORMS } from './workload.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

const SECTIONS = {
  server: 'the server alone: a bare client drains records over TCP and WebSocket (no decoding)',
  'node-tcp': 'records/s in Node over TCP',
  'node-ws': 'records/s in Node over WebSocket (the official Node drivers speak TCP only)',
  browser: 'records/s in headless Chromium over WebSocket',
  latency: 'sequential RETURN 1 queries in one session (µs), and the bare loopback round trip',
  write: 'rows/s of one bulk write (UNWIND $rows ... with a list of maps), Node TCP and Chromium',
  concurrency: '32 concurrent executeQuery loops of RETURN 1 over a pool of 10 connections, Node TCP and Chromium',
  memory: 'peak JS heap and wasm memory while streaming node records (Node, TCP), default fetchSize and -1; '
    + 'the heap a collected result holds',
  bundle: 'bytes a browser downloads, raw, gzipped and brotli-compressed',
  native: 'the ceiling: the core decoding the same record bytes natively and as wasm32 (no JS objects)',
};
const SHAPES = ['ints', 'strings', 'node', 'map'];
const SHAPE_LABELS = {
  ints: '10 integers', strings: '5 strings', node: 'node (2 labels, 6 props)', map: 'map (nested list, ...)',
};
const OFFICIAL = ['official', 'lite'];

function usage() {
  const names = Object.entries(SECTIONS).map(([k, v]) => `  ${k.padEnd(9)} ${v}`).join('\n');
  return `Usage: node bench/run.mjs [options]

Sections (default: all, in this order):
${names}

Options:
  --only S[,S]    run only these sections
  --smoke         one shape, 1 000 rows, 1 run (checks that the harness works; no results file
                  unless --out is given)
  --runs N        measured runs per driver and row (default 5, after one warm-up run)
  --rows N        records per throughput run (default 100 000)
  --shapes A[,B]  record shapes (default ${SHAPES.join(',')})
  --forms A[,B]   ways of reading a result (default ${FORMS.join(',')})
  --baseline DIR  also run another build of this package (DIR holds its lib/ and built pkg/,
                  e.g. a git worktree of an earlier commit after scripts/build.sh) as \`base\`,
                  and print ours / base next to the ratios to the official drivers
  --out FILE      where to write the results (default bench/results.json)
`;
}

// ------------------------------------------------------------------ arguments
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      only: { type: 'string' }, smoke: { type: 'boolean' }, runs: { type: 'string' },
      rows: { type: 'string' }, shapes: { type: 'string' }, forms: { type: 'string' }, out: { type: 'string' },
      baseline: { type: 'string' }, help: { type: 'boolean' },
    },
  }));
} catch (error) {
  process.stderr.write(`run.mjs: ${error.message}\n\n${usage()}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(usage());
  process.exit(0);
}
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const count = (text, name) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`run.mjs: --${name} takes a positive integer, not ${text}\n`);
    process.exit(2);
  }
  return n;
};
const selected = options.only ? list(options.only) : Object.keys(SECTIONS);
const shapes = options.shapes ? list(options.shapes) : (options.smoke ? ['ints'] : SHAPES);
const forms = options.forms ? list(options.forms) : FORMS;
for (const [what, names, known] of [['section', selected, Object.keys(SECTIONS)], ['shape', shapes, SHAPES], ['form', forms, FORMS]]) {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    process.stderr.write(`run.mjs: unknown ${what}: ${unknown.join(', ')} (known: ${known.join(', ')})\n`);
    process.exit(2);
  }
}

const baseline = options.baseline ? path.resolve(options.baseline) : null;
if (baseline) {
  const missing = ['lib/node.js', 'lib/browser.js', 'pkg/node/neo4j_wasm_bg.wasm', 'pkg/web/neo4j_wasm_bg.wasm']
    .filter((f) => !existsSync(path.join(baseline, f)));
  if (missing.length) {
    process.stderr.write(`run.mjs: --baseline ${baseline} is not a built copy of this package (no ${missing.join(', ')})\n`);
    process.exit(2);
  }
  // The Node workers load the baseline from there (bench/node-worker.mjs).
  process.env.NEO4J_WASM_BASELINE = baseline;
}
/** The drivers every section runs: ours, the baseline build if any, and the official ones. */
const DRIVERS = ['ours', ...(baseline ? ['base'] : []), ...OFFICIAL];
/** Ours, and the baseline build if any: the drivers that also run over WebSocket in Node. */
const OURS = DRIVERS.filter((d) => !OFFICIAL.includes(d));

const smoke = Boolean(options.smoke);
const settings = {
  smoke,
  shapes,
  forms,
  rows: options.rows ? count(options.rows, 'rows') : (smoke ? 1000 : 100_000),
  runs: options.runs ? count(options.runs, 'runs') : (smoke ? 1 : 5),
  warmup: smoke ? 0 : 1,
  fetchSizes: [1000, -1],
  latencyQueries: smoke ? 50 : 2000,
  latencyRounds: smoke ? 1 : 3,
  writeRows: smoke ? [1000] : [10_000, 100_000],
  writeRuns: smoke ? 1 : 3,
  concurrency: { clients: 32, poolSize: 10, seconds: smoke ? 1 : 10 },
  concurrencyRounds: smoke ? 1 : 2,
  retainedRows: smoke ? 1000 : 100_000,
  memoryShape: 'node',
  memoryRows: smoke ? [1000, 10_000] : [1_000_000, 3_000_000],
  // null: the driver's default (1000).
  memoryFetchSizes: [null, -1],
  memorySampleEvery: smoke ? 100 : 10_000,
  drainRows: smoke ? 10_000 : 1_000_000,
  drainRuns: smoke ? 1 : 3,
};
const outFile = options.out ? path.resolve(options.out) : (smoke ? null : path.join(HERE, 'results.json'));

// ------------------------------------------------------------------ output
const say = (text = '') => process.stdout.write(`${text}\n`);
const note = (text) => process.stderr.write(`[bench] ${text}\n`);
const packageVersion = (name) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const OUR_VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const gitIn = (dir, ...args) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout?.trim() || null;
const LABELS = {
  ours: `ours (neo4j-wasm ${OUR_VERSION})`,
  base: baseline && `baseline (${gitIn(baseline, 'rev-parse', '--short', 'HEAD') ?? path.basename(baseline)})`,
  official: `neo4j-driver ${packageVersion('neo4j-driver')}`,
  lite: `neo4j-driver-lite ${packageVersion('neo4j-driver-lite')}`,
};
const fetchLabel = (n) => (n === -1 ? 'all (-1)' : String(n));
/** Ours / the baseline build of `score` (larger is better), or null without a baseline. */
const versusBase = (result, score) => (result.base ? score(result.ours) / score(result.base) : null);
/** The table cells `cells()` gives for the baseline build, or none without one. */
const baseColumns = (cells) => (baseline ? cells() : []);

function heading(name) {
  say();
  say(`== ${name}: ${SECTIONS[name]}`);
}

/** The drivers in turn, starting one further each round, so no driver always runs first. */
const rotate = (drivers, round) => drivers.map((_, i) => drivers[(i + round) % drivers.length]);

// ------------------------------------------------------------------ context
/** The server, and the Node workers and Chromium pages, started when first needed. */
function context(server) {
  const nodes = new Map();
  const pages = new Map();
  let browser = null;
  return {
    server,
    node(driver) {
      if (!nodes.has(driver)) nodes.set(driver, nodeHost(driver));
      return nodes.get(driver);
    },
    async browser() {
      browser ??= browserHost(baseline);
      return browser;
    },
    page(driver) {
      if (!pages.has(driver)) pages.set(driver, this.browser().then((b) => b.page(driver)));
      return pages.get(driver);
    },
    async chromiumVersion() {
      return browser ? (await browser).version : null;
    },
    /** Whether every page opened so far is cross-origin isolated (fine timers). */
    async pagesIsolated() {
      return (await Promise.all(pages.values())).every((p) => p.isolated);
    },
    /** Runs `work`, measuring its wall time and the server's CPU time meanwhile. */
    async measure(work) {
      const cpu = server.cpuMs();
      const started = performance.now();
      const result = await work();
      return { result, wallMs: performance.now() - started, serverCpuMs: server.cpuMs() - cpu };
    },
    async close() {
      const settle = (p) => p.then((h) => h.close(), () => {});
      await Promise.all([...nodes.values(), ...pages.values()].map(settle));
      if (browser) await settle(browser);
    },
  };
}

// ------------------------------------------------------------------ sections
async function serverSection(ctx) {
  const { server } = ctx;
  const raw = await ctx.node('raw');
  const rows = [];
  for (const shape of shapes) {
    // On the wire: a chunk header, the RECORD structure header and the end marker around the list.
    const row = { shape, rows: settings.drainRows, recordBytes: server.shapes[shape].listBytes + 6 };
    for (const transport of ['tcp', 'ws']) {
      const rates = [];
      let cpuMs = 0;
      let wallMs = 0;
      for (let i = 0; i < settings.drainRuns; i++) {
        const m = await ctx.measure(() => raw.call('drain',
          { transport, port: server.port, wsUrl: server.wsUrl, shape, rows: settings.drainRows }));
        rates.push(m.result.recordsPerSecond);
        cpuMs += m.serverCpuMs;
        wallMs += m.wallMs;
      }
      row[transport] = { recordsPerSecond: median(rates), runs: rates, serverCpu: cpuMs / wallMs };
    }
    rows.push(row);
    note(`server ${shape}: tcp ${int(row.tcp.recordsPerSecond)}/s, ws ${int(row.ws.recordsPerSecond)}/s`);
  }
  say(table(['shape', 'bytes/record', 'raw TCP records/s', 'MB/s', 'server CPU', 'raw WS records/s', 'server CPU'],
    rows.map((r) => [SHAPE_LABELS[r.shape], int(r.recordBytes), int(r.tcp.recordsPerSecond),
      (r.tcp.recordsPerSecond * r.recordBytes / 1e6).toFixed(0), percent(r.tcp.serverCpu),
      int(r.ws.recordsPerSecond), percent(r.ws.serverCpu)])));
  say('(a bare Node client counting messages only, PULL -1; "server CPU" is the server\'s CPU time / wall time)');
  return { description: SECTIONS.server, rows };
}

/** Records/s of every driver in `drivers` for each shape and fetch size, runs alternating. */
async function throughputSection(ctx, name, { host, drivers, config }) {
  const { server } = ctx;
  const hosts = Object.fromEntries(await Promise.all(drivers.map(async (d) => [d, await host(d)])));
  const negotiated = {};
  for (const d of drivers) negotiated[d] = (await hosts[d].call('protocol', { uri: server.url, config })).version;
  const rows = [];
  for (const shape of shapes) {
    for (const fetchSize of settings.fetchSizes) for (const form of settings.forms) {
      const args = { uri: server.url, config, shape, rows: settings.rows, fetchSize, form };
      const runs = Object.fromEntries(drivers.map((d) => [d, []]));
      const clientCpu = Object.fromEntries(drivers.map((d) => [d, []]));
      let serverCpuMs = 0;
      let wallMs = 0;
      for (let round = 0; round < settings.warmup + settings.runs; round++) {
        for (const d of rotate(drivers, round)) {
          const m = await ctx.measure(() => hosts[d].call('throughput', args));
          if (round < settings.warmup) continue;
          runs[d].push(m.result.recordsPerSecond);
          if (m.result.cpuMs !== undefined) clientCpu[d].push(m.result.cpuMs / m.result.ms);
          serverCpuMs += m.serverCpuMs;
          wallMs += m.wallMs;
        }
      }
      const result = Object.fromEntries(drivers.map((d) => [d, {
        recordsPerSecond: median(runs[d]), runs: runs[d],
        clientCpu: clientCpu[d].length ? median(clientCpu[d]) : null,
      }]));
      const officials = OFFICIAL.filter((d) => result[d]);
      const best = officials.length
        ? officials.reduce((a, b) => (result[a].recordsPerSecond >= result[b].recordsPerSecond ? a : b)) : null;
      for (const d of OFFICIAL) if (!result[d]) result[d] = { unavailable: 'TCP only in Node' };
      // The ratio within each round too: its spread shows how steady the machine was.
      const roundRatios = best ? runs.ours.map((r, i) => r / runs[best][i]) : [];
      rows.push({
        shape, fetchSize, form, drivers: result, fastestOfficial: best,
        ratio: best ? result.ours.recordsPerSecond / result[best].recordsPerSecond : null,
        roundRatios,
        baseRatio: versusBase(result, (r) => r.recordsPerSecond),
        baseRoundRatios: result.base ? runs.ours.map((r, i) => r / runs.base[i]) : [],
        serverCpu: serverCpuMs / wallMs,
      });
      note(`${name} ${shape} fetch ${fetchLabel(fetchSize)} ${form}: ${drivers.map((d) => `${d} ${int(result[d].recordsPerSecond)}/s`).join(', ')}`);
    }
  }
  const cell = (r) => (r.unavailable ? r.unavailable : int(r.recordsPerSecond));
  const spread = (xs) => (xs.length ? `${ratio(Math.min(...xs))}–${ratio(Math.max(...xs))}` : '—');
  say(table(['shape', 'fetchSize', 'read with', `${LABELS.ours}/s`, ...baseColumns(() => [`${LABELS.base}/s`]),
    `${LABELS.official}/s`, `${LABELS.lite}/s`, 'ours/fastest official', 'per round',
    ...baseColumns(() => ['ours/baseline', 'per round']), 'server CPU'],
  rows.map((r) => [SHAPE_LABELS[r.shape], fetchLabel(r.fetchSize), r.form, cell(r.drivers.ours),
    ...baseColumns(() => [cell(r.drivers.base)]), cell(r.drivers.official),
    cell(r.drivers.lite), r.ratio === null ? '— (no official)' : ratio(r.ratio), spread(r.roundRatios),
    ...baseColumns(() => [ratio(r.baseRatio), spread(r.baseRoundRatios)]), percent(r.serverCpu)])));
  say(`(records/s, median of ${settings.runs} after ${settings.warmup} warm-up, ${int(settings.rows)} rows a run, `
    + 'record.get(i) for every value; ratio > 1: ours is faster; Bolt negotiated: '
    + `${drivers.map((d) => `${d} ${negotiated[d]}`).join(', ')})`);
  return {
    description: SECTIONS[name], transport: config.webSocket || name === 'browser' ? 'WebSocket' : 'TCP',
    negotiated, rows,
  };
}

async function latencySection(ctx) {
  const { server } = ctx;
  const groups = [
    { where: 'node-tcp', host: (d) => ctx.node(d), drivers: DRIVERS, config: {}, raw: { transport: 'tcp' } },
    { where: 'node-ws', host: (d) => ctx.node(d), drivers: OURS, config: { webSocket: true }, raw: { transport: 'ws' } },
    { where: 'browser', host: (d) => ctx.page(d), drivers: DRIVERS, config: {}, raw: {} },
  ].filter((g) => !smoke || g.where === 'node-tcp');
  const rows = [];
  for (const group of groups) {
    const hosts = Object.fromEntries(await Promise.all(group.drivers.map(async (d) => [d, await group.host(d)])));
    const args = { uri: server.url, config: group.config, count: settings.latencyQueries };
    if (settings.warmup) {
      for (const d of group.drivers) await hosts[d].call('latency', { ...args, count: 200 });
    }
    const rounds = Object.fromEntries(group.drivers.map((d) => [d, []]));
    for (let round = 0; round < settings.latencyRounds; round++) {
      for (const d of rotate(group.drivers, round)) rounds[d].push(await hosts[d].call('latency', args));
    }
    const result = {};
    for (const d of group.drivers) {
      // The round with the median mean.
      const sorted = [...rounds[d]].sort((a, b) => a.mean - b.mean);
      result[d] = sorted[(sorted.length - 1) >> 1];
    }
    const raw = await group.host('raw');
    for (const op of ['ping', 'returnOne']) {
      result[`raw ${op}`] = await raw.call('latency',
        { ...group.raw, op, count: settings.latencyQueries, port: server.port, wsUrl: server.wsUrl });
    }
    const officials = OFFICIAL.filter((d) => result[d]);
    const best = officials.length ? officials.reduce((a, b) => (result[a].mean <= result[b].mean ? a : b)) : null;
    rows.push({ where: group.where, queries: settings.latencyQueries, clients: result, fastestOfficial: best,
      ratio: best ? result.ours.mean / result[best].mean : null,
      baseRatio: result.base ? result.ours.mean / result.base.mean : null });
    note(`latency ${group.where}: ${Object.entries(result).map(([k, v]) => `${k} ${v.mean.toFixed(0)} µs`).join(', ')}`);
  }
  const label = { ...LABELS, 'raw ping': 'bare client: RESET round trip', 'raw returnOne': 'bare client: RUN+PULL RETURN 1' };
  const lines = [];
  for (const r of rows) {
    for (const [client, s] of Object.entries(r.clients)) {
      lines.push([r.where, label[client], s.mean.toFixed(1), s.p50.toFixed(1), s.p99.toFixed(1),
        client === 'ours' ? ratio(r.ratio) : '', ...baseColumns(() => [client === 'ours' ? ratio(r.baseRatio) : ''])]);
    }
    if (r.where === 'node-ws') {
      lines.push([r.where, `${LABELS.official}, ${LABELS.lite}: TCP only in Node`, '—', '—', '—', '', ...baseColumns(() => [''])]);
    }
  }
  say(table(['where', 'client', 'mean µs', 'p50 µs', 'p99 µs', 'ours/fastest official (mean)',
    ...baseColumns(() => ['ours/baseline (mean)'])], lines));
  say(`(${int(settings.latencyQueries)} sequential queries in one session, the round with the median mean of `
    + `${settings.latencyRounds}; ratio < 1: ours is faster)`);
  return { description: SECTIONS.latency, rows };
}

/** Where the write and concurrency sections run: Node over TCP, and Chromium. */
const PLACES = [
  { where: 'node-tcp', host: (ctx, d) => ctx.node(d) },
  { where: 'browser', host: (ctx, d) => ctx.page(d) },
];

/** The fastest official driver by `score` (larger is better), or null if none ran. */
function fastestOfficial(result, score) {
  const officials = OFFICIAL.filter((d) => result[d]);
  return officials.length ? officials.reduce((a, b) => (score(result[a]) >= score(result[b]) ? a : b)) : null;
}

async function writeSection(ctx) {
  const { server } = ctx;
  const rows = [];
  for (const place of PLACES.filter((p) => !smoke || p.where === 'node-tcp')) {
    const hosts = Object.fromEntries(await Promise.all(DRIVERS.map(async (d) => [d, await place.host(ctx, d)])));
    for (const count of settings.writeRows) for (const form of WRITE_FORMS) {
      const args = { uri: server.url, config: {}, rows: count, form };
      const runs = Object.fromEntries(DRIVERS.map((d) => [d, []]));
      for (let round = 0; round < settings.warmup + settings.writeRuns; round++) {
        for (const d of rotate(DRIVERS, round)) {
          const r = await hosts[d].call('write', args);
          if (round >= settings.warmup) runs[d].push(r.rowsPerSecond);
        }
      }
      const result = Object.fromEntries(DRIVERS.map((d) => [d, { rowsPerSecond: median(runs[d]), runs: runs[d] }]));
      const best = fastestOfficial(result, (r) => r.rowsPerSecond);
      rows.push({ where: place.where, rows: count, form, drivers: result, fastestOfficial: best,
        ratio: result.ours.rowsPerSecond / result[best].rowsPerSecond,
        baseRatio: versusBase(result, (r) => r.rowsPerSecond) });
      note(`write ${place.where} ${int(count)} rows ${form}: ${DRIVERS.map((d) => `${d} ${int(result[d].rowsPerSecond)}/s`).join(', ')}`);
    }
  }
  say(table(['where', 'rows', 'sent with', `${LABELS.ours} rows/s`, ...baseColumns(() => [`${LABELS.base} rows/s`]),
    `${LABELS.official} rows/s`, `${LABELS.lite} rows/s`, 'ours/fastest official', ...baseColumns(() => ['ours/baseline'])],
  rows.map((r) => [r.where, int(r.rows), r.form, int(r.drivers.ours.rowsPerSecond),
    ...baseColumns(() => [int(r.drivers.base?.rowsPerSecond)]), int(r.drivers.official.rowsPerSecond),
    int(r.drivers.lite.rowsPerSecond), ratio(r.ratio), ...baseColumns(() => [ratio(r.baseRatio)])])));
  say(`(one write of that many maps as the parameter $rows, each {id, name, score, active, tags}; median of `
    + `${settings.writeRuns} after ${settings.warmup} warm-up; the server decodes and counts them; ratio > 1: ours is faster)`);
  return { description: SECTIONS.write, rows };
}

async function concurrencySection(ctx) {
  const { server } = ctx;
  const { clients, poolSize, seconds } = settings.concurrency;
  const rows = [];
  for (const place of PLACES.filter((p) => !smoke || p.where === 'node-tcp')) {
    const hosts = Object.fromEntries(await Promise.all(DRIVERS.map(async (d) => [d, await place.host(ctx, d)])));
    const args = { uri: server.url, config: {}, clients, poolSize, seconds };
    if (settings.warmup) {
      for (const d of DRIVERS) await hosts[d].call('concurrency', { ...args, seconds: 1 });
    }
    const rounds = Object.fromEntries(DRIVERS.map((d) => [d, []]));
    for (let round = 0; round < settings.concurrencyRounds; round++) {
      for (const d of rotate(DRIVERS, round)) rounds[d].push(await hosts[d].call('concurrency', args));
    }
    // The round with the median queries/s.
    const result = Object.fromEntries(DRIVERS.map((d) => {
      const sorted = [...rounds[d]].sort((a, b) => a.queriesPerSecond - b.queriesPerSecond);
      return [d, sorted[(sorted.length - 1) >> 1]];
    }));
    const best = fastestOfficial(result, (r) => r.queriesPerSecond);
    rows.push({ where: place.where, clients: result, fastestOfficial: best,
      ratio: result.ours.queriesPerSecond / result[best].queriesPerSecond,
      p99Ratio: result.ours.p99 / result[best].p99,
      baseRatio: versusBase(result, (r) => r.queriesPerSecond),
      baseP99Ratio: result.base ? result.ours.p99 / result.base.p99 : null });
    note(`concurrency ${place.where}: ${DRIVERS.map((d) => `${d} ${int(result[d].queriesPerSecond)} q/s`).join(', ')}`);
  }
  const lines = [];
  for (const r of rows) {
    for (const d of DRIVERS) {
      const c = r.clients[d];
      lines.push([r.where, LABELS[d], int(c.queriesPerSecond), c.p50.toFixed(0), c.p99.toFixed(0),
        d === 'ours' ? `${ratio(r.ratio)} q/s, ${ratio(r.p99Ratio)} p99` : '',
        ...baseColumns(() => [d === 'ours' ? `${ratio(r.baseRatio)} q/s, ${ratio(r.baseP99Ratio)} p99` : ''])]);
    }
  }
  say(table(['where', 'driver', 'queries/s', 'p50 µs', 'p99 µs', 'ours/fastest official', ...baseColumns(() => ['ours/baseline'])],
    lines));
  say(`(${clients} loops of executeQuery('RETURN 1') at once, maxConnectionPoolSize ${poolSize}, ${seconds} s a round, `
    + `the round with the median queries/s of ${settings.concurrencyRounds}; queries/s > 1 and p99 < 1: ours is better)`);
  return { description: SECTIONS.concurrency, clients, poolSize, seconds, rows };
}

async function memorySection(ctx) {
  const { server } = ctx;
  const rows = [];
  for (const driver of DRIVERS) {
    // A fresh process, so that the baseline holds nothing from other sections.
    const host = await nodeHost(driver);
    try {
      for (const fetchSize of settings.memoryFetchSizes) {
        for (const rowCount of settings.memoryRows) {
          const r = await host.call('memory', { uri: server.url, config: {}, shape: settings.memoryShape,
            rows: rowCount, fetchSize: fetchSize ?? undefined, sampleEvery: settings.memorySampleEvery });
          rows.push({ driver, fetchSize, rows: rowCount, base: r.base, peak: r.peak, kept: r.kept,
            recordsPerSecond: r.recordsPerSecond });
          note(`memory ${driver} fetch ${fetchSize ?? 'default'} ${int(rowCount)} rows: `
            + `heap peak ${bytes(r.peak.heapUsed)}, wasm ${bytes(r.peak.wasm)}`);
        }
      }
    } finally {
      await host.close();
    }
  }
  const retained = [];
  for (const shape of shapes) {
    const held = {};
    for (const driver of DRIVERS) {
      const host = await nodeHost(driver);
      try {
        held[driver] = await host.call('retained', { uri: server.url, config: {}, shape, rows: settings.retainedRows });
      } finally {
        await host.close();
      }
    }
    const least = OFFICIAL.reduce((a, b) => (held[a].heldBytes <= held[b].heldBytes ? a : b));
    retained.push({ shape, rows: settings.retainedRows, drivers: held, smallestOfficial: least,
      ratio: held.ours.heldBytes / held[least].heldBytes });
    note(`retained ${shape}: ${DRIVERS.map((d) => `${d} ${bytes(held[d].heldBytes)}`).join(', ')}`);
  }
  const [small, large] = settings.memoryRows;
  /** Peak at the larger row count over peak at the smaller one: about 1 when memory stays flat. */
  const growth = settings.memoryFetchSizes.map((fetchSize) => ({
    fetchSize,
    drivers: Object.fromEntries(DRIVERS.map((d) => {
      const at = (n) => rows.find((r) => r.driver === d && r.fetchSize === fetchSize && r.rows === n).peak;
      const [a, b] = [at(small), at(large)];
      return [d, { heapUsed: b.heapUsed / a.heapUsed, wasm: a.wasm ? b.wasm / a.wasm : null }];
    })),
  }));
  const fetchName = (f) => (f === null ? 'default' : fetchLabel(f));
  say(table(['driver', 'fetchSize', 'rows', 'heap before', 'heap peak', 'heap after GC', 'RSS peak', 'wasm memory peak',
    'records/s'],
  rows.map((r) => [LABELS[r.driver], fetchName(r.fetchSize), int(r.rows), bytes(r.base.heapUsed), bytes(r.peak.heapUsed),
    r.kept ? bytes(r.kept.heapUsed) : '—', bytes(r.peak.rss), r.peak.wasm === null ? '—' : bytes(r.peak.wasm),
    int(r.recordsPerSecond)])));
  for (const g of growth) {
    say(`fetchSize ${fetchName(g.fetchSize)}, peak at ${int(large)} rows / at ${int(small)}: `
      + DRIVERS.map((d) => `${d} heap ×${ratio(g.drivers[d].heapUsed)}`
        + (g.drivers[d].wasm === null ? '' : `, wasm ×${ratio(g.drivers[d].wasm)}`)).join('; '));
  }
  say(`(shape ${settings.memoryShape}; sampled every ${int(settings.memorySampleEvery)} records with process.memoryUsage() `
    + 'and the size of the core\'s WebAssembly.Memory buffer; a full GC before each stream, and another after it for '
    + '"heap after GC")');
  say();
  say(table(['shape', 'records', ...DRIVERS.map((d) => `${LABELS[d]} heap held`), 'bytes/record (ours)',
    'ours/smallest official'],
  retained.map((r) => [SHAPE_LABELS[r.shape], int(r.rows), ...DRIVERS.map((d) => bytes(r.drivers[d].heldBytes)),
    int(r.drivers.ours.bytesPerRecord), ratio(r.ratio)])));
  say('(a result awaited whole, every value read, then the heap it holds after a full GC, each driver in a fresh '
    + 'process; ratio < 1: ours holds less)');
  return { description: SECTIONS.memory, shape: settings.memoryShape, rows, growth, retained };
}

async function bundleSection() {
  const b = await bundleSizes();
  const vs = (gzip) => `${ratio(gzip / b.official.total.gzip)} / ${ratio(gzip / b.lite.total.gzip)}`;
  const part = (m) => (m ? `${int(m.raw)} / ${int(m.gzip)} / ${int(m.brotli)}` : '—');
  const row = (what, files, js, wasm, total) => [what, files, part(js), part(wasm), int(total.raw), int(total.gzip),
    int(total.brotli), vs(total.gzip)];
  say(table(['what', 'files', 'JS raw / gzip / brotli', 'wasm raw / gzip / brotli', 'total raw', 'total gzip',
    'total brotli', 'gzip vs driver / lite'], [
    row('ours as served (lib/ + pkg/web)', b.ours.total.files, b.ours.js, b.ours.wasm, b.ours.total),
    row('ours bundled by Vite (minified)', b.oursVite.total.files, b.oursVite.js, b.oursVite.wasm, b.oursVite.total),
    row(`${LABELS.official} (${path.basename(b.official.file)})`, 1, b.official.total, null, b.official.total),
    row(`${LABELS.lite} (${path.basename(b.lite.file)})`, 1, b.lite.total, null, b.lite.total),
  ]));
  say('(bytes; gzip -9 and brotli quality 11 of each file on its own)');
  return { description: SECTIONS.bundle, ...b };
}

async function nativeSection(ctx, results) {
  const { rustc, native, wasm } = await nativeCeiling();
  const ours = (shape) => results['node-tcp']?.rows.find((r) => r.shape === shape && r.fetchSize === 1000)
    ?.drivers.ours.recordsPerSecond ?? null;
  const rows = native.map((n) => {
    const w = wasm?.find((x) => x.shape === n.shape) ?? null;
    const served = ctx.server.shapes[n.shape].listBytes;
    if (served !== n.listBytes) throw new Error(`${n.shape}: the codec bench encodes ${n.listBytes} bytes, the server ${served}`);
    return { shape: n.shape, listBytes: n.listBytes, native: n, wasm: w, oursNodeTcp: ours(n.shape) };
  }).filter((r) => shapes.includes(r.shape));
  say(table(['shape', 'bytes/record', 'native records/s', 'native values/s', 'wasm32 (Node) records/s',
    'ours Node TCP records/s', 'ours / wasm32 decode'],
  rows.map((r) => [SHAPE_LABELS[r.shape], int(r.listBytes), int(r.native.decodeRecordsPerSecond),
    int(r.native.decodeValuesPerSecond), int(r.wasm?.decodeRecordsPerSecond), int(r.oursNodeTcp),
    r.oursNodeTcp && r.wasm ? ratio(r.oursNodeTcp / r.wasm.decodeRecordsPerSecond) : '—'])));
  say(`(cargo bench --bench codec: Decoder::read_value over the same field-list bytes the server sends; ${rustc}; `
    + 'values = top-level values per record)');
  return { description: SECTIONS.native, rustc, rows };
}

// ------------------------------------------------------------------ machine
/** The machine; `load` is the 1/5/15-minute load average when the run started. */
function machine(chromium, load) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model;
  let chromiumVersion = chromium;
  if (!chromiumVersion) {
    const out = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout ?? '';
    chromiumVersion = out.match(/[\d.]+/)?.[0] ?? null;
  }
  const git = (...args) => gitIn(ROOT, ...args);
  return {
    cpu, cores: os.cpus().length, memoryBytes: os.totalmem(), os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version, chromium: chromiumVersion, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg(),
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedChanges: Boolean(git('status', '--porcelain', '--untracked-files=no')),
  };
}

/** When pkg/ was last built, to notice a rebuild during the run. */
const pkgStamp = () => ['node', 'web'].map((d) => statSync(path.join(ROOT, 'pkg', d, 'neo4j_wasm_bg.wasm')).mtimeMs).join();

// ------------------------------------------------------------------ main
const started = Date.now();
const loadAtStart = os.loadavg();
const stamp = pkgStamp();
const results = {};
let ctx = null;
let server = null;
const cleanup = async () => {
  await ctx?.close();
  await server?.stop();
};
process.once('SIGINT', () => {
  note('interrupted: stopping the servers');
  cleanup().finally(() => process.exit(130));
});

let exitCode = 0;
try {
  server = await startBenchServer();
  ctx = context(server);
  say(`neo4j-wasm bench: ${selected.join(', ')}; server bolt-stub --bench (Bolt 5.4) on 127.0.0.1:${server.port}`);
  const throughput = {
    'node-tcp': { host: (d) => ctx.node(d), drivers: DRIVERS, config: {} },
    'node-ws': { host: (d) => ctx.node(d), drivers: OURS, config: { webSocket: true } },
    browser: { host: (d) => ctx.page(d), drivers: DRIVERS, config: {} },
  };
  for (const name of Object.keys(SECTIONS).filter((s) => selected.includes(s))) {
    heading(name);
    const began = Date.now();
    if (name === 'server') results[name] = await serverSection(ctx);
    else if (name in throughput) results[name] = await throughputSection(ctx, name, throughput[name]);
    else if (name === 'latency') results[name] = await latencySection(ctx);
    else if (name === 'write') results[name] = await writeSection(ctx);
    else if (name === 'concurrency') results[name] = await concurrencySection(ctx);
    else if (name === 'memory') results[name] = await memorySection(ctx);
    else if (name === 'bundle') results[name] = await bundleSection();
    else results[name] = await nativeSection(ctx, results);
    results[name].seconds = (Date.now() - began) / 1000;
  }
  const warnings = [];
  if (pkgStamp() !== stamp) warnings.push('pkg/ was rebuilt during the run: its figures mix two builds; run again');
  if (!await ctx.pagesIsolated()) warnings.push('a bench page was not cross-origin isolated: coarse timers');
  // The bench itself keeps about one core busy; more means other work competed with it.
  const busiest = Math.max(loadAtStart[0], os.loadavg()[0]);
  if (busiest > os.cpus().length / 2 + 1) {
    warnings.push(`load average up to ${busiest.toFixed(1)} on ${os.cpus().length} cores: other processes competed, figures are noisy`);
  }
  const report = {
    date: new Date().toISOString(),
    machine: machine(await ctx.chromiumVersion(), loadAtStart),
    drivers: LABELS,
    bolt: '5.4',
    settings,
    sections: results,
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
  for (const w of warnings) note(`warning: ${w}`);
  say();
  say(`${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}, `
    + `Chromium ${report.machine.chromium}; ${report.seconds.toFixed(0)} s`);
  if (outFile) {
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
    say(`results: ${path.relative(process.cwd(), outFile) || outFile}`);
  }
} catch (error) {
  process.stderr.write(`run.mjs: ${error.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
