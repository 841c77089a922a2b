// Turns a failed connection into plain words: what probably went wrong and what to try. The
// driver's own message stays available next to it. A browser does not tell a page why a
// WebSocket failed (refused, wrong port, an HTTP port, no TLS, untrusted certificate all look
// alike), so the advice names the likely causes for the address and page at hand. Each branch
// matches what the driver really reports in a browser (tests/browser/diagnosis.test.mjs).

/** `{ scheme, host, port }` of a URI, or null when it cannot be read. */
function parseUri(uri) {
  const m = /^([a-z0-9+]+):\/\/(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i.exec(uri.trim());
  return m ? { scheme: m[1].toLowerCase(), host: m[2], port: m[3] ? Number(m[3]) : 7687 } : null;
}

/**
 * @param {Error} error what the driver threw
 * @param {{uri: string, pageProtocol: string}} context the URI tried and `location.protocol`
 * @returns {{title: string, advice: string, causes?: string[]}} `causes`: the likely ones, to list
 */
export function diagnose(error, { uri, pageProtocol }) {
  const message = String(error?.message ?? error);
  const target = parseUri(uri);
  if (!target || /^invalid URI/.test(message)) {
    return {
      title: 'The URI is not valid',
      advice: 'Write it as scheme://host:port, with the scheme bolt, bolt+s, neo4j or neo4j+s '
        + '(for example bolt://localhost:7687).',
    };
  }
  const where = `${target.host}:${target.port}`;
  const secureScheme = /\+s(sc)?$/.test(target.scheme);

  if (error?.code === 'Neo.ClientError.Security.Unauthorized') {
    return {
      title: 'The server refused the user name or password',
      advice: 'Check the user and password. Leave both empty for a server that runs without authentication; '
        + 'a server with authentication needs both.',
    };
  }
  // bolt+ssc://, neo4j+ssc://, trust: 'TRUST_ALL_CERTIFICATES' or a custom CA: refused before
  // any connection is tried.
  if (/is not possible in a browser/.test(message)) {
    return {
      title: 'This TLS setting cannot work in a browser',
      advice: 'A browser trusts only certificates its system or its own settings trust; a page cannot '
        + 'switch that off. Use a certificate signed by a trusted CA, or import the server\'s CA into the trust store, '
        + 'and connect with bolt+s:// or neo4j+s://.',
    };
  }
  if (/could not open a WebSocket/.test(message)) {
    // On an https page the driver opens wss:// even for bolt://, since the browser would block
    // an unencrypted WebSocket there.
    if (pageProtocol === 'https:' && !secureScheme) {
      return {
        title: 'This https page may only open encrypted connections (mixed content)',
        advice: 'A page loaded over https may not open unencrypted WebSockets, so the driver tried an encrypted one '
          + `(wss://) to ${where}, and nothing accepted it. Enable TLS on the server, with a certificate the browser `
          + 'trusts, and connect with bolt+s://; or open this page over http://.',
      };
    }
    return {
      title: `Nothing accepted ${secureScheme ? 'an encrypted WebSocket connection (wss://)' : 'a WebSocket connection'} at ${where}`,
      advice: 'The browser could not connect and does not say why. The usual causes:',
      causes: [
        'the server is not running, or nothing listens on that port;',
        'the port is not its Bolt port but an HTTP one (Neo4j: Bolt on 7687, HTTP on 7474);',
        'the server does not take WebSockets (put a bridge such as websockify in front of a TCP-only Bolt server);',
        ...(secureScheme
          ? ['the server does not use TLS (then use bolt:// or neo4j://);',
            `the browser does not trust the server's TLS certificate (open https://${where} once to see why).`]
          : ['the server requires TLS (then use bolt+s://).']),
      ],
    };
  }
  // The WebSocket opened (a bridge such as websockify), but what is behind it is not plain Bolt.
  if (/answered the Bolt handshake with HTTP/.test(message)) {
    return {
      title: `Behind ${where} is a web (HTTP) port, not a Bolt port`,
      advice: 'Point the WebSocket bridge at the server\'s Bolt port: Neo4j serves its browser on port 7474 and Bolt on 7687.',
    };
  }
  if (/answered the Bolt handshake with TLS/.test(message)) {
    return {
      title: `The Bolt server behind ${where} accepts only encrypted (TLS) connections`,
      advice: 'The WebSocket bridge at this address forwards to a server that requires TLS. Let the bridge connect '
        + 'with TLS (websockify --ssl-target), or connect the browser with bolt+s:// straight to a server that takes '
        + 'WebSockets itself (Neo4j does, on its Bolt port) with a certificate the browser trusts.',
    };
  }
  if (/handshake|WebSocket closed/.test(message)) {
    return {
      title: `Something at ${where} answered, but not in Bolt`,
      advice: 'The connection opened but the Bolt handshake did not complete: the port may belong to another service, '
        + 'the server may be too old or too new for this driver, or a WebSocket bridge cannot reach its Bolt server.',
    };
  }
  if (/\(connectionTimeout\)/.test(message)) {
    return {
      title: `${where} did not answer in time`,
      advice: 'The server may be overloaded, or a firewall may be dropping the connection silently.',
    };
  }
  return { title: 'The connection failed', advice: 'The driver\'s message below says what happened.' };
}
