// The slow-client suite (issue 15): two deltag-server nodes on one throwaway PostgreSQL
// (tests/server/pg_cluster.sh) and nginx running the example configuration
// deploy/nginx/deltag.conf, on loopback inside a temporary folder. A small rush of sign-ups
// through nginx fills every seat of an event once, split over both nodes. Then 300 slow
// clients trickle request headers at a node and 300 more at nginx (over TLS) for 20 s, each
// from its own 127.x source address (so the per-address cap is not what lets requests
// through); normal requests, on fresh connections, must be answered within 1 s on both paths.
// Prints node's TAP summary (# pass N / # fail N) for ./deltag's run_suite. Node.js built-ins only.
//   node tests/slow/run.mjs --server build/native-debug/server-stub/deltag-server [--seconds 20]
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SERVER = path.resolve(arg('server', path.join(ROOT, 'build/native-debug/server-stub/deltag-server')));
const SECONDS = Number(arg('seconds', '20'));
const SLOW_CLIENTS = 300;
const ANSWER_WITHIN_MS = 1000;
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

const PG_CLUSTER = path.join(ROOT, 'tests/server/pg_cluster.sh');
// The rush: more sign-ups than seats, all at once, fewer than nginx's limit_conn per address.
const RUSH_SEATS = 40;
const RUSH_PEOPLE = 60;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deltag-slow-'));
fs.chmodSync(tmp, 0o711); // run as root, the PostgreSQL cluster in it belongs to the postgres user
let pgStarted = false;
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok' : 'not ok'} ${results.length} - ${name}${detail ? ` (${detail})` : ''}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The throwaway cluster both nodes share, and what an installation's nodes share besides:
// the secret. The events: the server suite's form and "rush", its open event with RUSH_SEATS seats.
function prepareInstallation() {
  fs.mkdirSync(path.join(tmp, 'pg'));
  const started = spawnSync(PG_CLUSTER, ['start', path.join(tmp, 'pg')], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`pg_cluster.sh start: ${started.stderr}`);
  pgStarted = true;
  fs.writeFileSync(path.join(tmp, 'secret'), crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  const fixtures = path.join(ROOT, 'tests/server/fixtures');
  for (const d of ['events', 'forms']) fs.mkdirSync(path.join(tmp, 'events', d), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'forms/test-form.json'), path.join(tmp, 'events/forms/test-form.json'));
  const ev = JSON.parse(fs.readFileSync(path.join(fixtures, 'events/open-event.json'), 'utf8'));
  Object.assign(ev, { id: 'rush', capacity: RUSH_SEATS });
  fs.writeFileSync(path.join(tmp, 'events/events/rush.json'), JSON.stringify(ev));
  return started.stdout.trim();
}

// A deltag-server node on the shared database; resolves with its port and its log. Mail goes
// to a folder (no SMTP server in this suite), which the node must be told explicitly.
function startNode(name, db) {
  return new Promise((resolve, reject) => {
    const child = spawn(SERVER, ['--events', path.join(tmp, 'events'), '--db', db, '--secret-file', path.join(tmp, 'secret'),
      '--mail-dir', path.join(tmp, `${name}.mail`), '--min-fill-ms', '0',
      '--port', '0', '--rate-limit', '1000000/min', '--trusted-proxy', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const node = { name, child, log: '', port: 0 };
    child.stderr.on('data', (d) => { node.log += d; });
    child.stdout.on('data', (d) => {
      const m = /listening on http:\/\/[^:]+:(\d+)\//.exec(String(d));
      if (m) { node.port = Number(m[1]); resolve(node); }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}: ${node.log}`)));
  });
}

// The example configuration with only its ports, node addresses and certificate paths
// replaced; each replacement must match exactly once, so a changed example fails loudly.
function nginxConfig(ports, nodes) {
  let conf = fs.readFileSync(path.join(ROOT, 'deploy/nginx/deltag.conf'), 'utf8');
  const replace = (from, to) => {
    const n = conf.split(from).length - 1;
    if (n !== 1) throw new Error(`deploy/nginx/deltag.conf: "${from}" occurs ${n} times, expected once`);
    conf = conf.replace(from, to);
  };
  replace('server 10.0.0.11:8080', `server 127.0.0.1:${nodes[0].port}`);
  replace('server 10.0.0.12:8080', `server 127.0.0.1:${nodes[1].port}`);
  replace('listen 80;', `listen 127.0.0.1:${ports.http};`);
  replace('listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`);
  replace('/etc/ssl/deltag/fullchain.pem', path.join(tmp, 'cert.pem'));
  replace('/etc/ssl/deltag/privkey.pem', path.join(tmp, 'key.pem'));
  fs.writeFileSync(path.join(tmp, 'deltag.conf'), conf);
  // The main context a packaged nginx.conf has, kept inside the temporary folder.
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(tmp, d));
  fs.writeFileSync(path.join(tmp, 'nginx.conf'), [
    process.getuid && process.getuid() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${tmp}/nginx.pid;`,
    `error_log ${tmp}/error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((d) => `  ${d === 'body' ? 'client_body' : d}_temp_path ${tmp}/${d};`),
    `  include ${tmp}/deltag.conf;`,
    '}', ''].join('\n'));
  return ['-p', tmp, '-e', path.join(tmp, 'error.log'), '-c', path.join(tmp, 'nginx.conf')];
}

function makeCertificate() {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem'), '-days', '2', '-subj', '/CN=deltag.test',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return fs.readFileSync(path.join(tmp, 'cert.pem'));
}

// One normal request on a fresh connection (TLS handshake included for nginx).
function timedGet(target, urlPath = '/api/v1/events') {
  return new Promise((resolve) => {
    const start = performance.now();
    target.sent.count++;
    const lib = target.tls ? https : http;
    const req = lib.request({ host: '127.0.0.1', port: target.port, path: urlPath, agent: false, ca: target.ca,
      headers: { Connection: 'close' }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - start, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - start, error: e.message, body: '' }));
    req.end();
  });
}

// One sign-up for the rush event, on a fresh connection; the answer's JSON body parsed.
function timedSignUp(target, i) {
  const key = `rush-${String(i).padStart(12, '0')}`;
  const body = JSON.stringify({ event: 'rush', locale: 'sv', idempotency_key: key,
    answers: { name: 'Anna Andersson', email: `person${i}@example.se`, organisation: { country: 'se', code: '0180' },
      criteria: ['a'], consent_sensitive: true },
    consents: { consent_sensitive: '2026-01' }, fill_ms: 12345, honeypot: '' });
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port: target.port, path: '/api/v1/events/rush/registrations',
      method: 'POST', agent: false, ca: target.ca, timeout: 30000,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Idempotency-Key': key,
        Connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = {};
        try { json = JSON.parse(text); } catch { /* left {} */ }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: { error: e.message } }));
    req.end(body);
  });
}

// Every seat once: RUSH_PEOPLE sign-ups at once through nginx for RUSH_SEATS seats give exactly
// RUSH_SEATS confirmed, the rest waitlisted with positions 1..n, no error, and both nodes decided some.
async function rush(proxied, nodes) {
  const answers = await Promise.all(Array.from({ length: RUSH_PEOPLE }, (_, i) => timedSignUp(proxied, i)));
  const errors = answers.filter((a) => a.status !== 201);
  const confirmed = answers.filter((a) => a.body.status === 'confirmed').length;
  const positions = answers.filter((a) => a.body.status === 'waitlisted').map((a) => a.body.waitlist_position)
    .sort((a, b) => a - b);
  const gapFree = positions.length === RUSH_PEOPLE - RUSH_SEATS && positions.every((p, k) => p === k + 1);
  const decided = nodes.map((n) => (n.log.match(/POST \/api\/v1\/events\/rush\/registrations 201/g) || []).length);
  check(`a rush of ${RUSH_PEOPLE} sign-ups through nginx for ${RUSH_SEATS} seats on two PostgreSQL nodes: every seat once, 0 errors`,
    errors.length === 0 && confirmed === RUSH_SEATS && gapFree && decided[0] > 0 && decided[1] > 0,
    `${confirmed} confirmed, waiting list ${positions.length} (${gapFree ? 'positions 1..n' : `positions ${positions.join(',')}`}), ` +
    `errors ${errors.length}${errors.length ? ` [${errors.slice(0, 3).map((e) => `${e.status} ${JSON.stringify(e.body)}`).join('; ')}]` : ''}; ` +
    `decided by node-1 ${decided[0]}, node-2 ${decided[1]}`);
}

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function main() {
  const ca = makeCertificate();
  const db = prepareInstallation();
  const nodes = [await startNode('node-1', db), await startNode('node-2', db)];
  const ports = { http: await freePort(), https: await freePort() };
  const nginxArgs = nginxConfig(ports, nodes);
  const syntax = spawnSync(NGINX, [...nginxArgs, '-t'], { encoding: 'utf8' });
  check('nginx accepts the example configuration with only ports, addresses and paths replaced', syntax.status === 0,
    syntax.status === 0 ? '' : syntax.stderr.trim());
  if (syntax.status !== 0) return;
  const nginx = spawn(NGINX, [...nginxArgs, '-g', 'daemon off;'], { stdio: 'ignore' });
  children.push(nginx);

  const direct = { name: 'node-1 directly', port: nodes[0].port, tls: false, sent: { count: 0 } };
  const proxied = { name: 'nginx', port: ports.https, tls: true, ca, sent: { count: 0 } };
  let ready = false;
  for (let i = 0; i < 50 && !ready; i++) {
    ready = (await timedGet(proxied)).status === 200 && (await timedGet(direct)).status === 200;
    if (!ready) await sleep(100);
  }
  check('both paths answer before the slow clients come', ready);
  if (!ready) return;

  // Security headers through nginx, on a JSON error and on a normal answer.
  const missing = await timedGet(proxied, '/api/v1/events/no-such-event');
  const ok = await timedGet(proxied);
  const kept = missing.status === 404 && missing.body === '{"code":"event.not_found"}' &&
    missing.headers['x-content-type-options'] === 'nosniff' && missing.headers['cache-control'] === 'no-store' &&
    ok.headers['x-content-type-options'] === 'nosniff' &&
    /^max-age=\d+/.test(ok.headers['strict-transport-security'] || '') &&
    /^max-age=\d+/.test(missing.headers['strict-transport-security'] || '');
  check('through nginx the nodes\' JSON errors and security headers are kept and HSTS is added', kept,
    kept ? '' : JSON.stringify({ status: missing.status, body: missing.body, headers: missing.headers }));

  await rush(proxied, nodes);

  // The same requests before the trickle, for comparison in the output (this machine's load
  // moves both).
  const baseline = [[], []];
  for (let i = 0; i < 10; i++) {
    const answers = await Promise.all([direct, proxied].map((t) => timedGet(t)));
    answers.forEach((a, k) => baseline[k].push(a.ms));
    await sleep(100);
  }

  // The trickle, at both targets at once, with probes on both paths every 250 ms. The slow
  // clients run in a worker thread: their 600 sockets must not delay the probes' own timing.
  const until = performance.now() + SECONDS * 1000;
  const targets = [direct, proxied].map((t) => ({ ...t, stats: { open: 0, connections: 0, bytes: 0, timeouts: 0 },
    times: [], failures: [], openSeen: [] }));
  const trickle = new Worker(new URL('./slow_clients.mjs', import.meta.url), { workerData: {
    targets: targets.map((t, i) => ({ port: t.port, tls: t.tls, ca: t.ca ? String(t.ca) : null, block: i + 1 })),
    count: SLOW_CLIENTS, seconds: SECONDS } });
  trickle.on('message', (stats) => stats.forEach((st, i) => { targets[i].stats = st; }));
  const trickled = new Promise((resolve) => trickle.on('exit', resolve));
  await sleep(2000); // every slow client connected and trickling
  while (performance.now() < until - 500) {
    const answers = await Promise.all(targets.map((t) => timedGet(t)));
    answers.forEach((a, i) => {
      const t = targets[i];
      t.openSeen.push(t.stats.open);
      t.times.push(a.ms);
      if (process.env.DELTAG_SLOW_TRACE && a.ms > 300) console.log(`# ${t.name} at ${((performance.now() - until) / 1000 + SECONDS).toFixed(1)} s: ${a.ms.toFixed(0)} ms`);
      if (a.status !== 200) t.failures.push(a.status || a.error);
    });
    await sleep(250);
  }
  await trickled;
  for (const [k, t] of targets.entries()) {
    const worst = Math.max(...t.times);
    const trickling = percentile(t.openSeen, 0.5);
    const detail = `before: p50 ${percentile(baseline[k], 0.5).toFixed(1)} ms, worst ${Math.max(...baseline[k]).toFixed(1)} ms; ` +
      `during: ${t.times.length} requests, p50 ${percentile(t.times, 0.5).toFixed(1)} ms, worst ${worst.toFixed(1)} ms, ` +
      `failures ${t.failures.length}${t.failures.length ? ` [${t.failures.slice(0, 3).join(', ')}]` : ''}; slow clients open: ` +
      `median ${trickling}, least ${Math.min(...t.openSeen)}; ${t.stats.connections} slow connections, ${t.stats.bytes} bytes trickled`;
    check(`${SLOW_CLIENTS} slow clients trickling headers at ${t.name} for ${SECONDS} s: every normal request answered within 1 s`,
      t.times.length >= SECONDS && t.failures.length === 0 && worst < ANSWER_WITHIN_MS && trickling >= SLOW_CLIENTS * 0.95, detail);
  }

  // The node's whole-request deadline (10 s by default) cut the trickles it saw, and said so.
  const counted = [...nodes[0].log.matchAll(/(\d+) requests timed out \(408\)/g)].reduce((n, m) => n + Number(m[1]), 0);
  const answered408 = targets[0].stats.timeouts;
  check('the node answered trickled headers 408 request.timeout and counted them in its log, without their contents',
    answered408 >= SLOW_CLIENTS && counted >= SLOW_CLIENTS && !nodes[0].log.includes('X-Padding'),
    `${answered408} answers 408 seen by the slow clients, ${counted} counted in the log`);

  const served = nodes.map((n) => (n.log.match(/GET \/api\/v1\/events 200/g) || []).length);
  const viaNginx = [served[0] - direct.sent.count, served[1]];
  check('nginx balances across both nodes', viaNginx[0] > 0 && viaNginx[1] > 0,
    `requests from nginx: node-1 ${viaNginx[0]}, node-2 ${viaNginx[1]}`);

  for (const n of nodes) n.child.kill('SIGTERM');
  await sleep(500);
  const down = await timedGet(proxied);
  check('with no node up nginx answers 503 server.unavailable in JSON', down.status === 503 &&
    down.body === '{"code":"server.unavailable"}', `${down.status} ${down.body.slice(0, 120)}`);
}

let crashed = null;
try {
  await main();
} catch (e) {
  crashed = e;
  console.log(`# error: ${e.stack || e}`);
}
for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
await sleep(300);
if (pgStarted) spawnSync(PG_CLUSTER, ['stop', path.join(tmp, 'pg')]);
fs.rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length + (crashed ? 1 : 0);
console.log(`# pass ${results.length - results.filter((r) => !r.ok).length}`);
console.log(`# fail ${failed}`);
process.exit(failed ? 1 : 0);
