// A small static file server on 127.0.0.1 for the browser tests and the web demo: serves a
// directory (for the tests the repository root, so pages in www/ can import the built pkg/),
// with the .wasm MIME type that WebAssembly.instantiateStreaming needs. Over http, or over
// https with a given certificate (the browser tests of an https page).
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves files under `root` on loopback; resolves `{ url, port, close }`.
 * @param {string} root
 * @param {{port?: number, routes?: Object<string, function(): string>,
 *   tls?: {cert: string|Buffer, key: string|Buffer}, headers?: Object<string, string>,
 *   mounts?: Object<string, string>}} [options]
 *   `port` 0 (the default) takes any free port, and a busy port rejects with EADDRINUSE;
 *   `routes` answers the given paths with the JSON text their function returns instead of with
 *   a file; `tls` (PEM certificate and key) serves over https instead of http; `headers` are
 *   added to every answer; `mounts` serves the paths under a prefix (`/x/`) from another
 *   directory.
 */
export function serveStatic(root, { port = 0, routes = {}, tls, headers = {}, mounts = {} } = {}) {
  const mounted = [...Object.entries(mounts), ['/', root]].map(([prefix, dir]) => [prefix, path.resolve(dir)]);
  const handle = async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (Object.hasOwn(routes, pathname)) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-store' }).end(routes[pathname]());
      return;
    }
    const [prefix, base] = mounted.find(([p]) => pathname.startsWith(p));
    const relative = pathname.slice(prefix.length - 1);
    const file = path.join(base, relative.endsWith('/') ? `${relative}index.html` : relative);
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${bound}`,
        port: bound,
        // Open connections (a browser's keep-alive ones) would keep close() waiting.
        close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
      });
    });
  });
}
