// Exports of a result: the table as CSV or JSON, the graph as PNG, each downloaded as a file.

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled). */
function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV (RFC 4180, CRLF line ends) of a header and rows of text. */
export function toCsv(header, rows) {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Offers `content` (text or a Blob) to the user as a download named `name`. */
export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  // The download has taken the URL once the click's task is over.
  queueMicrotask(() => URL.revokeObjectURL(url));
}
