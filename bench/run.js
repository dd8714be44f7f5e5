'use strict';
/**
 * `npm run bench` (from the repository root): the product against the physical limits and a peer, side by
 * side in one run, each figure from ≥ 3 interleaved runs in separate processes; prints one table and writes
 * BENCHMARKS.md. `BENCH_QUICK=1`: a short smoke version (small sizes, short HTTP runs; its figures say little).
 * `BENCH_PROFILE=DIR`: every worker also writes a CPU profile of its timed section to DIR
 * (read one with `node bench/lib/profile-summary.js FILE`). `BENCH_KEEP=1`: keep the work directory.
 * `BENCH_ONLY=command,concurrent,rebuild,esdb,scale,graphql,fanout`: run only those sections (the report then lacks
 * the others); `BENCH_ONLY=logs` only generates the logs. `BENCH_LOG_CACHE=DIR` reuses the logs of an earlier
 * generation.
 *
 * Everything runs against the code as it is on disk now: workers load the product's TypeScript through
 * bench/lib/register.js (swc, the repository's .swcrc); nothing is built or written outside the work directory.
 */
const { fork, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const wants = (section) => !ONLY || ONLY.has(section);

const PLAN = QUICK
  ? {
      runs: 3,
      command: { contracts: 30, warmup: 5 },
      concurrent: { levels: [16, 64], contracts: 96 },
      fanout: { subscribers: Number(process.env.BENCH_FANOUT_SUBSCRIBERS) || 1000, rate: 100, seconds: 5, runs: 1 },
      rebuildEvents: 20_000,
      esdbEvents: 10_000,
      scale: [2_000, 10_000, 50_000],
      largest: 50_000,
      graphql: { duration: 3, connections: 50, logEvents: 5_000 },
    }
  : {
      runs: 3,
      command: { contracts: 300, warmup: 20 },
      concurrent: { levels: [16, 64], contracts: 320 },
      fanout: { subscribers: 1000, rate: 100, seconds: 15, runs: 3 },
      rebuildEvents: 200_000,
      esdbEvents: 100_000,
      scale: [10_000, 100_000, 1_000_000],
      largest: 1_000_000,
      graphql: { duration: 10, connections: 50, logEvents: 10_000 },
    };

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'pfw-bench-'));
const REGISTER = path.join(__dirname, 'lib', 'register.js');
const { benchKeys } = require('./lib/product');
// The product runs as in production (NODE_ENV=production): with key files, as the operator provisions them.
// The command path's fresh stores use these; a generated log keeps the keys it was generated under (LOG_KEYS).
const KEYS = benchKeys(path.join(WORK, 'keys'));
const started = new Date();
const log = (...parts) => process.stderr.write(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${parts.join(' ')}\n`);

/**
 * The node options `npm run cli` starts the CLI with (package.json's "cli" script, e.g. its heap limit): the
 * rebuild workers, which stand for `npm run cli -- projections rebuild`, run with them too.
 */
function cliNodeOptions() {
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.cli;
  const m = /\bnode((?:\s+--\S+)*)\s+dist\/apps\/cli\//.exec(script);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}
const CLI_NODE_OPTIONS = cliNodeOptions();

/** Runs bench/workers/<name>.js in its own process; resolves with what it reports. */
function worker(name, args, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'workers', `${name}.js`), [JSON.stringify(args), ...extraArgs], {
      execArgv: [...(name === 'rebuild-product' ? CLI_NODE_OPTIONS : []), '-r', REGISTER],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      cwd: ROOT,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    let answer = null;
    child.on('message', (m) => (answer = m));
    child.on('exit', (code) => {
      if (answer?.ok) resolve(answer.result);
      else reject(new Error(`worker ${name} failed (exit ${code}): ${answer?.error ?? stderr}`));
    });
  });
}

/** Starts servers/serve.js; resolves with { port, stop(), ask(question, args) }. */
function server(kind, dataDir, keys) {
  return child('serve.js', { kind, dataDir, keys });
}

/**
 * Starts servers/<script> with `args`; resolves, once it reports { ready }, with what it reported plus stop()
 * and ask(question, args?) (a question the server answers over IPC, e.g. 'cpu'; the fan-out's 'memory', 'prepare',
 * 'drive'). An answer `{ failed }` rejects.
 */
function child(script, args) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'servers', script), [JSON.stringify(args)], {
      execArgv: ['-r', REGISTER, '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      cwd: ROOT,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr}`)));
    const answers = [];
    child.on('message', (m) => {
      if (m.answer !== undefined) return answers.shift()?.(m.answer);
      if (!m.ready) return;
      child.removeAllListeners('exit');
      resolve({
        ...m,
        ask: (question, questionArgs) =>
          new Promise((done, fail) => {
            answers.push((answer) => (answer?.failed ? fail(new Error(`${script}: ${question}: ${answer.failed}`)) : done(answer)));
            child.send({ question, args: questionArgs });
          }),
        stop: () =>
          new Promise((done) => {
            child.on('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
  });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length, values };
}

/** Runs `fns` (an object of name → async () => number) `runs` times, rotating their order each run. */
async function interleaved(label, runs, fns) {
  const names = Object.keys(fns);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      const value = await fns[name](r);
      out[name].push(value);
      log(`${label} run ${r + 1}/${runs} ${name}: ${typeof value === 'number' ? value.toFixed(1) : JSON.stringify(value)}`);
    }
  }
  return out;
}

function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

function copyDir(from, to) {
  rmrf(to);
  fs.cpSync(from, to, { recursive: true });
}

/** Restores a log directory's read-model database to the state the generator left (data keys only). */
function resetReadModels(dir) {
  for (const f of fs.readdirSync(dir)) if (f.startsWith('read-models.sqlite')) rmrf(path.join(dir, f));
  fs.copyFileSync(path.join(`${dir}.pristine`, 'read-models.sqlite'), path.join(dir, 'read-models.sqlite'));
}

function keepPristine(dir) {
  rmrf(`${dir}.pristine`);
  fs.mkdirSync(`${dir}.pristine`);
  fs.copyFileSync(path.join(dir, 'read-models.sqlite'), path.join(`${dir}.pristine`, 'read-models.sqlite'));
}

const results = { plan: PLAN, quick: QUICK, sections: {} };

async function ensureInstalled() {
  const marker = path.join(__dirname, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json');
  if (fs.existsSync(marker) && fs.existsSync(path.join(__dirname, 'node_modules', 'autocannon'))) return;
  log('installing the bench dependencies (bench/package.json: Emmett 0.38.5 with node-sqlite3 built from source, autocannon)');
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: __dirname, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (err) {
    log(`npm ci in bench/ failed: ${err.message}`);
  }
}

function peerAvailable() {
  try {
    require.resolve('@event-driven-io/emmett-sqlite', { paths: [__dirname] });
    require.resolve('sqlite3', { paths: [__dirname] });
    const sqlite3 = require(require.resolve('sqlite3', { paths: [__dirname] }));
    return typeof sqlite3.Database === 'function' ? null : 'sqlite3 loaded without a Database class';
  } catch (err) {
    return `not installed or not built: ${err.message.split('\n')[0]}`;
  }
}

async function commandPath(fixtures) {
  const { contracts, warmup } = PLAN.command;
  const peerProblem = peerAvailable();
  const capture = path.join(WORK, 'command-capture.json');
  log('command path: a capture run of the product (its appends are what the raw ceiling replays)');
  await worker('command-product', { dataDir: path.join(WORK, 'cmd-capture'), keys: KEYS, fixtures, contracts, warmup, tag: 'capture', offset: 0, capture });
  const fns = {
    product: async (r) => {
      const dir = path.join(WORK, `cmd-product-${r}`);
      const res = await worker('command-product', { dataDir: dir, keys: KEYS, fixtures, contracts, warmup, tag: `p${r}`, offset: 0 });
      rmrf(dir);
      productDetail.push(res);
      return res.perSecond;
    },
    raw: async (r) => {
      const dir = path.join(WORK, `cmd-raw-${r}`);
      fs.mkdirSync(dir, { recursive: true });
      const res = await worker('command-raw', { dataDir: dir, capture });
      rmrf(dir);
      return res.perSecond;
    },
  };
  const productDetail = [];
  let peerBusyRetries = 0;
  if (!peerProblem) {
    fns.peer = async (r) => {
      const dir = path.join(WORK, `cmd-peer-${r}`);
      const res = await worker('command-peer', { dataDir: dir, fixtures, contracts, warmup, tag: `e${r}`, offset: 0 });
      rmrf(dir);
      peerBusyRetries += res.busyRetries ?? 0;
      return res.perSecond;
    };
  }
  const values = await interleaved('command path', PLAN.runs, fns);
  results.sections.command = {
    product: stats(values.product),
    raw: stats(values.raw),
    peer: peerProblem ? null : stats(values.peer),
    peerProblem,
    peerBusyRetries,
    productWithoutCsr: stats(productDetail.map((d) => d.perSecondWithoutCsr)),
    csrShare: stats(productDetail.map((d) => d.csrSeconds / d.seconds)),
    cpuUsPerCommand: stats(productDetail.map((d) => d.cpuUsPerCommand)),
    commandsPerRun: productDetail[0]?.commands ?? null,
  };
}

/**
 * The command path under concurrent load: `level` contracts at once, each its own sequence of the mix's
 * commands, against the raw ceiling replaying the same rows with one transaction per command at the same
 * concurrency (the naive ceiling of concurrent writers). The product groups the appends that arrive together
 * into one transaction, sharing the fsync of synchronous=FULL.
 */
async function commandConcurrent(fixtures) {
  const { contracts, levels } = PLAN.concurrent;
  const { warmup } = PLAN.command;
  const capture = path.join(WORK, 'concurrent-capture.json');
  log(`concurrent command path: a capture run of ${contracts} contracts (what the raw ceiling replays)`);
  await worker('command-product', { dataDir: path.join(WORK, 'cc-capture'), keys: KEYS, fixtures, contracts, warmup, tag: 'ccapture', offset: 0, capture });
  const out = {};
  for (const level of levels) {
    const detail = [];
    const values = await interleaved(`commands at ${level} concurrent`, PLAN.runs, {
      product: async (r) => {
        const dir = path.join(WORK, `cc-product-${level}-${r}`);
        const res = await worker('command-product', { dataDir: dir, keys: KEYS, fixtures, contracts, warmup, tag: `c${level}-${r}`, offset: 0, concurrency: level });
        rmrf(dir);
        detail.push(res);
        return res.perSecond;
      },
      raw: async (r) => {
        const dir = path.join(WORK, `cc-raw-${level}-${r}`);
        fs.mkdirSync(dir, { recursive: true });
        const res = await worker('command-raw', { dataDir: dir, capture, concurrency: level });
        rmrf(dir);
        return res.perSecond;
      },
    });
    out[level] = {
      product: stats(values.product),
      raw: stats(values.raw),
      appendsPerTransaction: stats(detail.map((d) => d.appends / d.transactions)),
      largestGroup: Math.max(...detail.map((d) => d.largestGroup)),
    };
  }
  results.sections.concurrent = out;
}

/**
 * The generated logs can be reused by the next run: they are kept under the system's temp directory, keyed by a
 * hash of every source file that decides their content (the domain, the serializer and its encryption, the
 * event store, the generator). `BENCH_CACHE=0` regenerates. Each run works on copies.
 */
function logCacheDir() {
  const crypto = require('node:crypto');
  const hash = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.js')) hash.update(p).update(fs.readFileSync(p));
    }
  };
  // personal-data: its key store's tables (its migrations) too; sql: the column types they are written with.
  for (const lib of ['domain', 'event-serialization', 'personal-data', 'event-store', 'sql']) walk(path.join(ROOT, 'libs', lib, 'src'));
  // Of the read models, what runs the key store's migrations.
  for (const f of ['db.ts', 'migrate.ts']) hash.update(fs.readFileSync(path.join(ROOT, 'libs', 'read-models', 'src', f)));
  for (const f of ['workers/generate.js', 'workers/slice-log.js', 'lib/lifecycles.js', 'lib/mix.js']) hash.update(fs.readFileSync(path.join(__dirname, f)));
  hash.update(JSON.stringify([PLAN.largest, PLAN.scale, PLAN.rebuildEvents, PLAN.graphql.logEvents]));
  return path.join(os.tmpdir(), 'pfw-bench-cache', `${QUICK ? 'quick' : 'full'}-${hash.digest('hex').slice(0, 16)}`);
}

/** The commit the working tree is at (for the record of which sources generated a log), or null. */
function headCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function generateLogs(fixtures) {
  // BENCH_LOG_CACHE=DIR: the logs of an earlier generation (a directory of the cache, with its keys), reused even
  // though the sources changed since; the report names the commit they were generated at.
  const forced = process.env.BENCH_LOG_CACHE || null;
  const cache = forced ?? logCacheDir();
  const sizes = [...new Set([PLAN.largest, ...PLAN.scale, PLAN.rebuildEvents, PLAN.esdbEvents, PLAN.graphql.logEvents])];
  const meta = path.join(cache, 'generation.json');
  const keys = path.join(cache, 'keys');
  if (forced && !fs.existsSync(meta)) throw new Error(`BENCH_LOG_CACHE=${forced} holds no generated logs`);
  if (!forced && (process.env.BENCH_CACHE === '0' || !fs.existsSync(meta) || !fs.existsSync(keys))) {
    // Logs of older sources are of no further use (and take gigabytes); those of the other plan (quick/full) stay.
    const parent = path.dirname(cache);
    const plan = path.basename(cache).split('-')[0];
    if (fs.existsSync(parent)) for (const old of fs.readdirSync(parent)) if (old.startsWith(`${plan}-`)) rmrf(path.join(parent, old));
    rmrf(cache);
    fs.mkdirSync(cache, { recursive: true });
    benchKeys(keys);
    const biggest = path.join(cache, `log-${PLAN.largest}`);
    const commit = headCommit();
    log(`generating a log of ${PLAN.largest} events (product serializer + raw inserts) into ${cache}`);
    const gen = await worker('generate', { dataDir: biggest, keys, events: PLAN.largest, fixtures });
    log(`generated ${gen.events} events (${gen.contracts} contracts) in ${gen.seconds.toFixed(1)} s (${gen.perSecond.toFixed(0)} events/s)`);
    for (const size of sizes) if (size !== PLAN.largest) await worker('slice-log', { from: biggest, to: path.join(cache, `log-${size}`), events: size });
    fs.writeFileSync(meta, JSON.stringify({ ...gen, commit, generatedAt: new Date().toISOString() }));
  } else {
    log(`reusing the generated logs in ${cache} (${forced ? 'BENCH_LOG_CACHE: generated from other sources' : 'same sources; BENCH_CACHE=0 regenerates'})`);
  }
  results.generation = { ...JSON.parse(fs.readFileSync(meta, 'utf8')), cached: cache, reusedFromOtherSources: Boolean(forced) };
  const dirs = { pristine: (size) => path.join(cache, `log-${size}`), keys };
  // Only the logs the wanted sections read are copied into the work directory (BENCH_ONLY=graphql needs one).
  const needed = new Set([
    ...(wants('rebuild') ? [PLAN.rebuildEvents] : []),
    ...(wants('esdb') ? [PLAN.esdbEvents] : []),
    ...(wants('scale') ? [PLAN.largest, ...PLAN.scale] : []),
  ]);
  for (const size of sizes.filter((s) => needed.has(s))) {
    dirs[size] = path.join(WORK, `log-${size}`);
    copyDir(path.join(cache, `log-${size}`), dirs[size]);
    keepPristine(dirs[size]);
  }
  return dirs;
}

async function rebuildPair(dir, keys, runs, label) {
  const rss = [];
  const values = await interleaved(label, runs, {
    product: async () => {
      resetReadModels(dir);
      const res = await worker('rebuild-product', { dataDir: dir, keys, tag: path.basename(dir) });
      rss.push(res.maxRssMb);
      return res.perSecond;
    },
    raw: async () => {
      const out = path.join(WORK, 'raw-rebuild');
      rmrf(out);
      const res = await worker('rebuild-raw', { dataDir: dir, outDir: out, tag: path.basename(dir) });
      rmrf(out);
      return res.perSecond;
    },
  });
  return { product: stats(values.product), raw: stats(values.raw), productRssMb: stats(rss) };
}

/**
 * Rebuild over the EventStoreDB double vs over SQLite, the same log: the double (servers/esdb-double.js) in its
 * own process serves the log; the rebuilding process is the same CLI context with EVENT_STORE pointing at it.
 * Also reports each side's CPU time per event, and the double's (the server's share of the work).
 */
async function esdbRebuild(dirs) {
  const size = PLAN.esdbEvents;
  const dir = dirs[size];
  log(`esdb: loading the ${size}-event log into the EventStoreDB double`);
  const double = await child('esdb-double.js', { dataDir: dir });
  const cpu = { esdb: [], sqlite: [], server: [] };
  const rss = [];
  try {
    const values = await interleaved(`rebuild ${size} over`, PLAN.runs, {
      esdb: async () => {
        resetReadModels(dir);
        const before = await double.ask('cpu');
        const res = await worker('rebuild-product', { dataDir: dir, keys: dirs.keys, eventStore: double.url, tag: `esdb-${size}` });
        const after = await double.ask('cpu');
        cpu.esdb.push(res.cpuSeconds / res.events);
        cpu.server.push((after.cpuSeconds - before.cpuSeconds) / res.events);
        rss.push(res.maxRssMb);
        return res.perSecond;
      },
      sqlite: async () => {
        resetReadModels(dir);
        const res = await worker('rebuild-product', { dataDir: dir, keys: dirs.keys, tag: `sqlite-${size}` });
        cpu.sqlite.push(res.cpuSeconds / res.events);
        return res.perSecond;
      },
    });
    results.sections.esdb = {
      events: size,
      esdb: stats(values.esdb),
      sqlite: stats(values.sqlite),
      cpuPerEventUs: { esdb: stats(cpu.esdb.map((x) => x * 1e6)), sqlite: stats(cpu.sqlite.map((x) => x * 1e6)), server: stats(cpu.server.map((x) => x * 1e6)) },
      esdbRssMb: stats(rss),
    };
  } finally {
    await double.stop();
  }
}

async function rebuild(dirs) {
  results.sections.rebuild = await rebuildPair(dirs[PLAN.rebuildEvents], dirs.keys, PLAN.runs, `rebuild ${PLAN.rebuildEvents}`);
}

async function scale(dirs, fixtures) {
  const out = { rebuild: {}, command: {} };
  for (const size of PLAN.scale) {
    // The largest logs take minutes per product rebuild: one run each (the 200,000-event figure has its three).
    const runs = size >= PLAN.largest / 10 ? 1 : PLAN.runs;
    out.rebuild[size] = size === PLAN.rebuildEvents && results.sections.rebuild ? results.sections.rebuild : await rebuildPair(dirs[size], dirs.keys, runs, `rebuild ${size}`);
  }
  // Commands on top of a log of that size: the same mix, new contracts, appended to the generated log.
  const contracts = Math.max(10, Math.floor(PLAN.command.contracts / 6));
  for (const size of PLAN.scale) {
    const dir = dirs[size];
    // The raw side appends rows replayed under new stream ids (their payloads name other contracts): it gets
    // its own copy of the log, so that the product's log stays one the projections can read.
    const rawDir = `${dir}-raw`;
    copyDir(dirs.pristine(size), rawDir);
    const capture = path.join(WORK, `scale-capture-${size}.json`);
    const runs = PLAN.runs;
    let n = 0;
    const values = await interleaved(`commands on ${size}`, runs, {
      product: async (r) => {
        const res = await worker('command-product', {
          dataDir: dir, keys: dirs.keys, fixtures, contracts, warmup: 5, tag: `s${size}-${r}`, offset: 10_000 + 1000 * r, capture: n++ === 0 ? capture : undefined,
        });
        return res.perSecond;
      },
      raw: async () => (await worker('command-raw', { dataDir: rawDir, capture })).perSecond,
    });
    rmrf(rawDir);
    out.command[size] = { product: stats(values.product), raw: stats(values.raw) };
  }
  results.sections.scale = out;
}

async function graphql(dirs) {
  const autocannon = require(require.resolve('autocannon', { paths: [__dirname] }));
  const Database = require(require.resolve('better-sqlite3', { paths: [ROOT] }));
  require(REGISTER);
  const { mintToken, Role } = require('@pfw/auth');
  const { BENCH_SECRET } = require('./lib/product');
  const dir = path.join(WORK, 'graphql');
  copyDir(dirs.pristine(PLAN.graphql.logEvents), dir);
  log('graphql: starting the product (its projections build the read model first) and the bare app');
  const product = await server('product', dir, dirs.keys);
  const bare = await server('bare', dir, dirs.keys);
  const db = new Database(path.join(dir, 'read-models.sqlite'), { readonly: true });
  const all = db.prepare('SELECT id FROM contracts').all().map((r) => r.id);
  const open = db.prepare("SELECT id FROM contracts WHERE invoice_status = 'OPEN'").all().map((r) => r.id);
  db.close();
  if (open.length < 100) throw new Error(`only ${open.length} contracts with an open invoice in the GraphQL log`);
  const secret = new TextEncoder().encode(BENCH_SECRET);
  const anyStaff = await mintToken(secret, { sub: 'bench-operator', roles: [Role.OPERATOR], ttlSeconds: 3600 });
  const billing = await mintToken(secret, { sub: 'bench-billing', roles: [Role.BILLING], ttlSeconds: 3600 });
  const { CONTRACT_SELECTION } = require('./lib/graphql-selection');
  const query = `query($id: ID!) { contract(id: $id) { ${CONTRACT_SELECTION} } }`;
  const mutation = `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { contract { ${CONTRACT_SELECTION} } position } }`;
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  let seq = 0;

  // Each load also takes the server's CPU time per request (µs): on a machine shared with others' runs a
  // request's wall time includes the time the server waited for a core; its CPU time does not.
  const load = async (srv, kind, tag, duration = PLAN.graphql.duration) => {
    const before = await srv.ask('cpu');
    const res = await loadOnce(srv.port, kind, tag, duration);
    return { ...res, cpuUsPerRequest: ((await srv.ask('cpu')) - before) / Math.max(1, res.checked) };
  };
  const loadOnce = (port, kind, tag, duration) =>
    new Promise((resolve, reject) => {
      let errors = 0;
      let checked = 0;
      const body = kind === 'query'
        ? () => JSON.stringify({ query, variables: { id: all[seq++ % all.length] } })
        : () => JSON.stringify({ query: mutation, variables: { i: { contractId: open[seq++ % open.length], amountJpy: 100, paidOn: today, bankReference: `bench-${tag}-${seq}` } } });
      autocannon(
        {
          url: `http://127.0.0.1:${port}/graphql`,
          connections: PLAN.graphql.connections,
          duration,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${kind === 'query' ? anyStaff : billing}` },
          requests: [
            {
              setupRequest: (req) => ({ ...req, body: body() }),
              onResponse: (status, resBody) => {
                checked += 1;
                if (status !== 200 || resBody.includes('"errors"')) errors += 1;
              },
            },
          ],
        },
        (err, res) => (err ? reject(err) : resolve({ rps: res.requests.average, p99: res.latency.p99, p50: res.latency.p50, errors, checked, non2xx: res.non2xx })),
      );
    });

  const out = {};
  try {
    for (const kind of ['query', 'mutation']) {
      // A short warm-up of each, untimed (JIT, caches, connection pools).
      await load(product, kind, 'warm', 3);
      await load(bare, kind, 'warm', 3);
      const detail = { product: [], bare: [] };
      await interleaved(`graphql ${kind}`, PLAN.runs, {
        product: async (r) => {
          const res = await load(product, kind, `p${r}`);
          detail.product.push(res);
          return res.rps;
        },
        bare: async (r) => {
          const res = await load(bare, kind, `b${r}`);
          detail.bare.push(res);
          return res.rps;
        },
      });
      out[kind] = {
        product: { rps: stats(detail.product.map((d) => d.rps)), p99: stats(detail.product.map((d) => d.p99)), cpuUs: stats(detail.product.map((d) => d.cpuUsPerRequest)), errors: detail.product.reduce((s, d) => s + d.errors, 0), requests: detail.product.reduce((s, d) => s + d.checked, 0) },
        bare: { rps: stats(detail.bare.map((d) => d.rps)), p99: stats(detail.bare.map((d) => d.p99)), cpuUs: stats(detail.bare.map((d) => d.cpuUsPerRequest)), errors: detail.bare.reduce((s, d) => s + d.errors, 0), requests: detail.bare.reduce((s, d) => s + d.checked, 0) },
      };
    }
  } finally {
    await product.stop();
    await bare.stop();
  }
  out.contracts = all.length;
  out.openInvoices = open.length;
  results.sections.graphql = out;
}

/**
 * Live fan-out: `subscribers` graphql-ws clients (workers/fanout-clients.js, one process) on
 * workListChanged(SCREENING_QUEUE) of the product's api process (ROLE=api, a fresh DATA_DIR), while that process
 * takes `rate` commands a second through its CommandBus (servers/fanout-driver.js: submits enter the queue,
 * screenings leave it). Each delivery's latency is its receipt minus its append's acknowledgement, on the
 * machine's monotonic clock; memory per subscriber is the server's RSS and heap after connecting them, minus
 * before, over their number (after a GC).
 */
/** Contracts kept waiting in the screening queue during the fan-out (servers/fanout-driver.js). */
const FANOUT_QUEUED = 50;

async function fanout(fixtures) {
  const { subscribers, rate, seconds, runs } = PLAN.fanout;
  require(REGISTER);
  const { mintToken, Role } = require('@pfw/auth');
  const { BENCH_SECRET } = require('./lib/product');
  const token = await mintToken(new TextEncoder().encode(BENCH_SECRET), { sub: 'bench-screener', roles: [Role.SCREENER], ttlSeconds: 3600 });
  const out = [];
  for (let r = 0; r < runs; r++) {
    const dir = path.join(WORK, `fanout-${r}`);
    fs.mkdirSync(dir, { recursive: true });
    const product = await server('product', dir, KEYS);
    let clients = null;
    try {
      const contracts = Math.ceil((rate * seconds) / 2) + FANOUT_QUEUED + 5;
      await product.ask('prepare', { fixtures, contracts, tag: `f${r}` });
      const before = await product.ask('memory');
      clients = fork(path.join(__dirname, 'workers', 'fanout-clients.js'), [JSON.stringify({ port: product.port, token, subscribers, list: 'SCREENING_QUEUE' })], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        cwd: ROOT,
      });
      let stderr = '';
      clients.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
      const message = (pick) =>
        new Promise((resolve, reject) => {
          const onMessage = (m) => {
            if (!pick(m)) return;
            clients.off('message', onMessage);
            clients.off('exit', onExit);
            resolve(m);
          };
          const onExit = (code) => reject(new Error(`fan-out clients exited (${code}): ${stderr}`));
          clients.on('message', onMessage);
          clients.on('exit', onExit);
        });
      await message((m) => m.ready);
      const after = await product.ask('memory');
      log(`fanout run ${r + 1}/${runs}: ${subscribers} subscribers connected; ${rate} commands/s for ${seconds} s`);
      const drive = await product.ask('drive', { rate, seconds, queued: FANOUT_QUEUED });
      const answer = message((m) => m.done);
      clients.send({ appends: drive.appends });
      const { done } = await answer;
      const res = {
        ...done,
        commands: drive.commands,
        errors: drive.errorCount,
        sendLagSeconds: drive.sentSeconds - seconds,
        rssPerSubscriberKb: (after.rss - before.rss) / 1024 / subscribers,
        heapPerSubscriberKb: (after.heapUsed - before.heapUsed) / 1024 / subscribers,
      };
      log(`fanout run ${r + 1}/${runs}: ${JSON.stringify(res)}`);
      out.push(res);
    } finally {
      clients?.kill();
      await product.stop();
      rmrf(dir);
    }
  }
  const pick = (k) => stats(out.map((o) => o[k]));
  results.sections.fanout = {
    subscribers, rate, seconds,
    p50: pick('p50'), p99: pick('p99'), max: pick('max'),
    delivered: out.reduce((s, o) => s + o.delivered, 0), expected: out.reduce((s, o) => s + o.expected, 0),
    errors: out.reduce((s, o) => s + o.errors, 0),
    rssPerSubscriberKb: pick('rssPerSubscriberKb'), heapPerSubscriberKb: pick('heapPerSubscriberKb'),
  };
}

async function main() {
  await ensureInstalled();
  results.machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: started.toISOString(),
    loadBefore: os.loadavg(),
  };
  log(`work directory ${WORK}; ${QUICK ? 'QUICK smoke run' : 'full run'}`);
  const fixtures = path.join(WORK, 'fixtures.json');
  const fanoutContracts = Math.ceil((PLAN.fanout.rate * PLAN.fanout.seconds) / 2) + FANOUT_QUEUED + 10;
  const need = PLAN.command.warmup + Math.max(PLAN.command.contracts, PLAN.concurrent.contracts, fanoutContracts) + 10;
  await worker('fixtures', { out: fixtures, count: need });
  // A section that fails is reported as failed; the others still run and are reported.
  const section = async (name, fn) => {
    if (!wants(name)) return;
    try {
      await fn();
    } catch (err) {
      log(`${name} FAILED: ${err instanceof Error ? err.stack : String(err)}`);
      results.failures = { ...results.failures, [name]: err instanceof Error ? err.message.slice(0, 2000) : String(err) };
    }
    saveResults();
  };
  try {
    await section('command', () => commandPath(fixtures));
    await section('concurrent', () => commandConcurrent(fixtures));
    let dirs = null;
    // BENCH_ONLY=logs: only generate (or find) the logs, e.g. ahead of a full run.
    if (wants('rebuild') || wants('esdb') || wants('scale') || wants('graphql') || wants('logs')) dirs = await generateLogs(fixtures);
    await section('rebuild', () => rebuild(dirs));
    await section('esdb', () => esdbRebuild(dirs));
    await section('scale', () => scale(dirs, fixtures));
    await section('graphql', () => graphql(dirs));
    await section('fanout', () => fanout(fixtures));
  } finally {
    results.machine.loadAfter = os.loadavg();
    results.machine.seconds = (Date.now() - started.getTime()) / 1000;
    if (process.env.BENCH_KEEP !== '1') rmrf(WORK);
  }
  const { renderTable, renderMarkdown } = require('./lib/report');
  process.stdout.write(`${renderTable(results)}\n`);
  for (const [name, message] of Object.entries(results.failures ?? {})) process.stdout.write(`FAILED ${name}: ${message.split('\n')[0]}\n`);
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderMarkdown(results, fs.readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8')));
  saveResults();
  log(`wrote BENCHMARKS.md (${QUICK ? 'QUICK: smoke figures' : 'full run'}) in ${results.machine.seconds.toFixed(0)} s`);
}

function saveResults() {
  fs.writeFileSync(path.join(__dirname, 'last-run.json'), `${JSON.stringify(results, (k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}

/** `node bench/run.js --render`: BENCHMARKS.md again from bench/last-run.json (after editing bench/NOTES.md). */
function renderOnly() {
  const { renderTable, renderMarkdown } = require('./lib/report');
  const saved = JSON.parse(fs.readFileSync(path.join(__dirname, 'last-run.json'), 'utf8'));
  process.stdout.write(`${renderTable(saved)}\n`);
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderMarkdown(saved, fs.readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8')));
  rmrf(WORK);
}

(process.argv.includes('--render') ? Promise.resolve().then(renderOnly) : main()).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
