// The slow clients of tests/slow/run.mjs, in a worker thread: for each target, `count`
// clients from their own 127.<block>.x.y source addresses trickle a request header one byte a
// second for `seconds`, and post their counts to the main thread every 100 ms.
import net from 'node:net';
import tls from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';

// A client that sends a request header one byte a second and never finishes it; when the
// server gives up on it, it connects again at once, from the same address.
function slowClient(target, source, stats, until) {
  const connect = () => {
    if (performance.now() >= until) return;
    const options = { host: '127.0.0.1', port: target.port, localAddress: source };
    const sock = target.tls ? tls.connect({ ...options, ca: target.ca }) : net.connect(options);
    let timer = null;
    let answer = '';
    sock.on(target.tls ? 'secureConnect' : 'connect', () => {
      stats.open++;
      stats.connections++;
      sock.write('GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ');
      timer = setInterval(() => {
        if (performance.now() >= until) return sock.destroy();
        sock.write('a');
        stats.bytes++;
      }, 1000);
    });
    sock.on('data', (d) => { answer += d; });
    sock.on('error', () => {});
    sock.on('close', () => {
      if (timer) { clearInterval(timer); stats.open--; }
      if (answer.startsWith('HTTP/1.1 408') && answer.endsWith('{"code":"request.timeout"}')) stats.timeouts++;
      if (performance.now() < until) setTimeout(connect, 50);
    });
  };
  connect();
}

const source = (block, i) => `127.${block}.${Math.floor(i / 250)}.${1 + (i % 250)}`;

const { targets, count, seconds } = workerData;
const until = performance.now() + seconds * 1000;
const stats = targets.map(() => ({ open: 0, connections: 0, bytes: 0, timeouts: 0 }));
targets.forEach((t, k) => {
  for (let i = 0; i < count; i++) slowClient(t, source(t.block, i), stats[k], until);
});
const report = setInterval(() => parentPort.postMessage(stats), 100);
setTimeout(() => {
  clearInterval(report);
  parentPort.postMessage(stats);
  setTimeout(() => process.exit(0), 200);
}, seconds * 1000 + 500);
