// Plain-text tables for the benchmark's output.

/** `1234567` → `1 234 567`. */
export const int = (n) => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US').replaceAll(',', ' '));

/** A ratio with two decimals, or `—`. */
export const ratio = (r) => (r === null || r === undefined || !Number.isFinite(r) ? '—' : r.toFixed(2));

/** Bytes in KiB or MiB. */
export function bytes(n) {
  if (n === null || n === undefined) return '—';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A percentage of one CPU core. */
export const percent = (f) => (f === null || f === undefined ? '—' : `${(f * 100).toFixed(1)} %`);

/** The median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Aligns `rows` (arrays of strings) under `headers`: text left, numbers right. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^[-\d\s.,%—×]*(?:KiB|MiB|\/s)?$/.test(String(r[i]))));
  const line = (cells) => cells.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
    .join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
