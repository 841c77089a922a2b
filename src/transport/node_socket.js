// Bolt over TCP or TLS in Node, for the Rust transport in node_socket.rs. Node's modules come
// from process.getBuiltinModule instead of static imports, so that this file also loads in
// browsers and bundlers (where nodeSocketsAvailable() is false).

const builtin = (name) => globalThis.process?.getBuiltinModule?.(name);

/** Whether node:net and node:tls can be used (Node 20.16+, 22.3+). */
export function nodeSocketsAvailable() {
  return typeof builtin('node:net')?.connect === 'function';
}

/** The contents of the files at `paths` (PEM certificates), as strings. */
export function readTextFiles(paths) {
  const fs = builtin('node:fs');
  return paths.map((path) => fs.readFileSync(path, 'utf8'));
}

/**
 * The TLS options that present `certificate` (a ClientCertificate: `certfile`, `keyfile` and
 * `password`, checked by lib/client-certificate.js), its files read now. A file that cannot be
 * read, or a key that cannot be used, throws an Error naming the files; never their contents
 * or a password.
 */
export function clientCertificateOptions({ certfile, keyfile, password }) {
  const fs = builtin('node:fs');
  const read = (what, path) => {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the client certificate's ${what} ${path}: ${describe(e)}`);
    }
  };
  const keyfiles = [keyfile].flat();
  const options = {
    cert: [certfile].flat().map((path) => read('certfile', path)),
    key: keyfiles.map((k) => (typeof k === 'string'
      ? read('keyfile', k)
      : { pem: read('keyfile', k.path), passphrase: k.password ?? undefined })),
    passphrase: password ?? undefined,
  };
  try {
    builtin('node:tls').createSecureContext(options);
  } catch (e) {
    const files = `certfile ${[certfile].flat().join(', ')}, keyfile ${keyfiles.map((k) => k.path ?? k).join(', ')}`;
    const hint = e.code === 'ERR_OSSL_BAD_DECRYPT' ? ': the key\'s password is wrong or missing' : '';
    throw new Error(`the client certificate (${files}) cannot be used: ${describe(e)}${hint}`);
  }
  return options;
}

/**
 * A socket to host:port, plain or (`tls`) TLS with the host as server name. With `verify`, TLS
 * accepts only certificates signed by the CAs in `ca` (PEM strings; empty: the system's) and
 * issued for the host; `identity` (from clientCertificateOptions, or undefined) is the
 * certificate TLS presents. Until `release()`, it reports `onConnect()` once connected (TLS:
 * after the handshake), `onData(bytes)` for each Uint8Array received, and at the end
 * `onClose(why, certificateRefused)`, the second argument true when TLS refused the server's
 * certificate.
 */
/** Silence after which TCP keep-alive probes start, so that the operating system notices a
 * peer that vanished (its own default waits two hours on Linux). */
const KEEP_ALIVE_DELAY_MS = 60_000;

export class NodeSocket {
  constructor(host, port, tls, verify, ca, identity, onConnect, onData, onClose) {
    const net = builtin('node:net');
    const socket = tls
      ? builtin('node:tls').connect({
        host, port, servername: net.isIP(host) ? undefined : host,
        rejectUnauthorized: verify, ca: ca.length ? ca : undefined, ...identity,
      })
      : net.connect({ host, port });
    this.socket = socket;
    this.live = true;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    let error;
    socket.on('error', (e) => { error = e; });
    socket.once(tls ? 'secureConnect' : 'connect', () => this.live && onConnect());
    socket.on('data', (bytes) => this.live && onData(bytes));
    socket.once('close', () => this.live && onClose(describe(error), Boolean(socket.authorizationError)));
  }

  /** Queues `bytes` (a view into wasm memory, hence copied); false once the socket is closed. */
  write(bytes) {
    if (!this.socket.writable) return false;
    this.socket.write(bytes.slice());
    return true;
  }

  /** Sends what is queued, then closes; `onClose` follows. */
  end() {
    this.socket.end(() => this.socket.destroy());
  }

  /** Closes at once and reports nothing more. */
  release() {
    this.live = false;
    this.socket.destroy();
  }
}

/** Why the socket closed: the error's message and code, and what the server's TLS alert means
 * when it asked for a client certificate and got none. */
function describe(error) {
  if (!error) return 'the server closed the connection';
  const text = error.code && !error.message.includes(error.code) ? `${error.message} (${error.code})` : error.message;
  return error.code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'
    ? `the server requires a client certificate (config clientCertificate): ${text}`
    : text;
}
