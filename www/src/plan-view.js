// The plan view: the operator tree of an EXPLAIN or PROFILE, from the summary's `plan` or
// `profile` (as neo4j-driver gives them: operatorType, arguments, identifiers, children, and
// when profiled dbHits, rows, time, pageCacheHits and pageCacheMisses). Each operator shows
// its estimated rows and, where profiled, its rows, db hits, time and memory; the costly
// operators are marked.
const numberFormat = new Intl.NumberFormat('en');
const format = (n) => numberFormat.format(n);

/** Arguments shown in their own places rather than in the list of the others. */
const SHOWN_ARGUMENTS = new Set(['EstimatedRows', 'Details', 'Memory', 'GlobalMemory', 'string-representation',
  'DbHits', 'Rows', 'Time', 'PageCacheHits', 'PageCacheMisses', 'PageCacheHitRatio']);

/** An operator counts as costly from this share of the costliest one's measure on. */
const COSTLY_SHARE = 0.5;

/** The summary's profile when the query was profiled, else its plan, else null. */
function planOf(summary) {
  if (summary?.hasProfile()) return summary.profile;
  if (summary?.hasPlan()) return summary.plan;
  return null;
}

/** A number from an argument or counter (a number, Integer or BigInt), or null. */
function numeric(value) {
  if (value === null || value === undefined) return null;
  const n = Number(typeof value === 'object' ? value.toString() : value);
  return Number.isFinite(n) ? n : null;
}

function bytes(n) {
  if (n < 1024) return `${format(n)} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** What makes an operator costly: db hits when profiled (else time, else rows), estimated rows otherwise. */
function costMeasure(root, profiled) {
  const all = [];
  const walk = (op) => { all.push(op); op.children.forEach(walk); };
  walk(root);
  const measures = profiled
    ? [['dbHits', 'db hits'], ['time', 'time'], ['rows', 'rows']]
      .map(([key, name]) => ({ name, of: (op) => numeric(op[key]) ?? 0 }))
    : [{ name: 'estimated rows', of: (op) => numeric(op.arguments?.EstimatedRows) ?? 0 }];
  for (const measure of measures) {
    const max = Math.max(...all.map(measure.of));
    if (max > 0) return { ...measure, max };
  }
  return null;
}

/** The figures of one operator, as `[term, value]` pairs. */
function figures(op, profiled) {
  const args = op.arguments ?? {};
  const pairs = [];
  const estimated = numeric(args.EstimatedRows);
  if (estimated !== null) pairs.push(['estimated rows', format(Math.round(estimated))]);
  if (profiled) {
    if (numeric(op.rows) !== null) pairs.push(['rows', format(numeric(op.rows))]);
    if (numeric(op.dbHits) !== null) pairs.push(['db hits', format(numeric(op.dbHits))]);
    // The server counts the time in nanoseconds.
    if (numeric(op.time) !== null) pairs.push(['time', `${(numeric(op.time) / 1e6).toFixed(3)} ms`]);
    if (numeric(op.pageCacheHits) !== null) pairs.push(['page cache hits', format(numeric(op.pageCacheHits))]);
    if (numeric(op.pageCacheMisses) !== null) pairs.push(['page cache misses', format(numeric(op.pageCacheMisses))]);
  }
  if (numeric(args.Memory) !== null) pairs.push(['memory', bytes(numeric(args.Memory))]);
  return pairs;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function operatorItem(op, profiled, cost) {
  const item = element('li');
  const card = element('div', 'operator');
  const head = element('div', 'operator-head');
  head.append(element('strong', 'operator-type', op.operatorType));
  const costly = cost !== null && cost.of(op) >= cost.max * COSTLY_SHARE;
  if (costly) {
    card.classList.add('costly');
    head.append(element('span', 'badge', cost.of(op) === cost.max ? 'costliest' : 'costly'));
  }
  card.append(head);
  const details = op.arguments?.Details;
  if (details) card.append(element('p', 'operator-details', String(details)));
  const pairs = figures(op, profiled);
  if (pairs.length) {
    const list = element('dl', 'operator-figures');
    for (const [term, value] of pairs) list.append(element('dt', '', term), element('dd', '', value));
    card.append(list);
  }
  if (op.identifiers?.length) card.append(element('p', 'operator-identifiers', `identifiers: ${op.identifiers.join(', ')}`));
  const others = Object.entries(op.arguments ?? {}).filter(([key]) => !SHOWN_ARGUMENTS.has(key));
  if (others.length) {
    const more = element('details');
    more.append(element('summary', '', 'Other arguments'));
    const list = element('dl', 'operator-arguments');
    for (const [key, value] of others) {
      list.append(element('dt', '', key), element('dd', '', typeof value === 'object' && value !== null
        ? JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) : String(value)));
    }
    more.append(list);
    card.append(more);
  }
  item.append(card);
  if (op.children.length) {
    const children = element('ol', 'plan-tree');
    children.append(...op.children.map((child) => operatorItem(child, profiled, cost)));
    item.append(children);
  }
  return item;
}

/**
 * The plan view of a summary: a heading line (EXPLAIN or PROFILE, the total db hits and
 * memory, what marks an operator as costly) and the operator tree, root first; null when the
 * summary has no plan.
 */
export function renderPlan(summary) {
  const root = planOf(summary);
  if (!root) return null;
  const profiled = summary.hasProfile();
  const cost = costMeasure(root, profiled);
  const view = element('div', 'plan');
  const facts = [profiled ? 'Profiled plan (PROFILE): what the query did' : 'Plan (EXPLAIN): what the query would do; it did not run'];
  if (profiled) {
    let hits = 0;
    const walk = (op) => { hits += numeric(op.dbHits) ?? 0; op.children.forEach(walk); };
    walk(root);
    facts.push(`${format(hits)} db hits in all`);
  }
  const memory = numeric(root.arguments?.GlobalMemory);
  if (memory !== null) facts.push(`${bytes(memory)} of memory`);
  if (cost) facts.push(`costly: at least ${Math.round(COSTLY_SHARE * 100)} % of the ${cost.name} of the costliest operator`);
  view.append(element('p', 'plan-facts', `${facts.join(' · ')}.`));
  const tree = element('ol', 'plan-tree');
  tree.append(operatorItem(root, profiled, cost));
  view.append(tree);
  return view;
}
