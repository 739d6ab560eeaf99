// A counting TCP proxy for the widget benchmark: the browser talks to the Deltag server through it,
// and it records every byte the server sends back (status line, headers, encoded body), per request,
// including the service worker's fetches. HTTP/1.1 without pipelining, as Chromium speaks it: the
// bytes a connection receives after request n and before request n+1 are request n's answer.
// Depends on node only; knows nothing about the widget.
import net from 'node:net';

export function startWireProxy(targetUrl) {
  const target = new URL(targetUrl);
  const log = []; // {method, path, status, headerBytes, bytes}
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let pendingRequest = '';
    const queue = []; // entries waiting for their answer on this connection, oldest first
    let current = null; // the entry whose answer is arriving
    let head = '';
    client.on('data', (chunk) => {
      upstream.write(chunk);
      // Request lines only: the browser's bodies (sign-ups) are small and not counted here.
      pendingRequest += chunk.toString('latin1');
      let end;
      while ((end = pendingRequest.indexOf('\r\n\r\n')) >= 0) {
        const line = pendingRequest.slice(0, pendingRequest.indexOf('\r\n'));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(pendingRequest.slice(0, end));
        const skip = end + 4 + (length ? Number(length[1]) : 0);
        if (pendingRequest.length < skip) break;
        pendingRequest = pendingRequest.slice(skip);
        const [method, path] = line.split(' ');
        const entry = { method, path, status: 0, headerBytes: 0, bytes: 0 };
        log.push(entry);
        queue.push(entry);
      }
    });
    upstream.on('data', (chunk) => {
      client.write(chunk);
      let text = chunk.toString('latin1');
      while (text.length) {
        if (!current || (current.headerBytes && current.done)) {
          current = queue.shift() || current;
          if (!current) return;
          head = '';
        }
        if (!current.headerBytes) {
          head += text;
          const end = head.indexOf('\r\n\r\n');
          if (end < 0) { current.bytes += text.length; return; }
          current.headerBytes = end + 4;
          current.status = Number(head.split(' ')[1]);
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.slice(0, end));
          current.bodyBytes = current.status === 304 || current.method === 'HEAD' ? 0 : (length ? Number(length[1]) : null);
          const bodyHere = head.length - current.headerBytes;
          const taken = text.length - bodyHere;
          current.bytes += taken;
          text = text.slice(taken);
          current.seenBody = 0;
        }
        // The body: its Content-Length when given, else everything until the connection's next answer.
        const want = current.bodyBytes === null ? text.length : Math.min(text.length, current.bodyBytes - current.seenBody);
        current.bytes += want;
        current.seenBody += want;
        text = text.slice(want);
        if (current.bodyBytes !== null && current.seenBody >= current.bodyBytes) current.done = true;
        if (text.length && !current.done) break;
      }
    });
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    // The entries logged since `mark` (an index from mark()), and the total bytes received.
    mark: () => log.length,
    since: (mark) => log.slice(mark),
    stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  })));
}
