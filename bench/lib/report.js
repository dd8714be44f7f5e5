'use strict';
/**
 * The table run.js prints and BENCHMARKS.md. Every figure: median (min–max) over its runs. A ratio is taken
 * per run between the two sides measured back to back in that run, then summarized the same way.
 */

const fmt = (v, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : v >= 100 || digits === 0 ? Math.round(v).toLocaleString('en-US') : v.toFixed(digits);
const range = (s, digits = 0) => (s ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : '—');
const pct = (v) => (v === null || v === undefined ? '—' : `${(100 * v).toFixed(v < 0.1 ? 1 : 0)} %`);

function paired(a, b) {
  if (!a || !b) return null;
  const n = Math.min(a.values.length, b.values.length);
  const ratios = [];
  for (let i = 0; i < n; i++) ratios.push(a.values[i] / b.values[i]);
  const sorted = [...ratios].sort((x, y) => x - y);
  const mid = Math.floor(n / 2);
  return { median: n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, min: sorted[0], max: sorted[n - 1], values: ratios };
}
const ratioText = (r, asTimes = false) => (r ? (asTimes ? `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : `${pct(r.median)} (${pct(r.min)}–${pct(r.max)})`) : '—');
const verdict = (ok) => (ok === null ? '—' : ok ? 'met' : 'MISSED');

/** The rows of the one table: [workload, unit, product, reference, ratio, goal, verdict]. */
function rows(results) {
  const out = [];
  const s = results.sections;
  if (s.command) {
    const c = s.command;
    const r = paired(c.product, c.raw);
    out.push(['Command path (mix through the CommandBus) vs raw better-sqlite3', 'commands/s', range(c.product), `raw ${range(c.raw)}`, ratioText(r), '≥ 50 % of raw', verdict(r ? r.median >= 0.5 : null)]);
    if (c.peer) {
      const p = paired(c.product, c.peer);
      out.push(['Command path vs Emmett 0.38.5 (SQLite store + CommandHandler)', 'commands/s', range(c.product), `Emmett ${range(c.peer)}`, ratioText(p, true), 'ahead of the peer (> 1×)', `${verdict(p.median > 1)}${c.peerBusyRetries ? ` (Emmett: ${c.peerBusyRetries} command(s) re-run after SQLITE_BUSY)` : ''}`]);
    } else {
      out.push(['Command path vs Emmett 0.38.5', 'commands/s', range(c.product), `Emmett: ${c.peerProblem}`, '—', 'ahead of the peer', 'not measured']);
    }
    const w = paired(c.productWithoutCsr, c.raw);
    out.push(['  (same runs, minus the submits’ CSR checks timed alone)', 'commands/s', range(c.productWithoutCsr), `raw ${range(c.raw)}`, ratioText(w), 'information', `CSR share ${pct(c.csrShare.median)}`]);
    // CPU time leaves out the waits (the fsync, a core busy with another process) that make the wall time of a
    // shared machine noisy: the figure to compare between runs and commits.
    if (c.cpuUsPerCommand) out.push(['  (same runs) CPU per command, user + system, all threads', 'µs', range(c.cpuUsPerCommand), '—', '—', 'information', 'no waits counted (fsync, a busy core)']);
  }
  if (s.concurrent) {
    for (const [level, v] of Object.entries(s.concurrent)) {
      const r = paired(v.product, v.raw);
      out.push([
        `Command path, ${level} concurrent commands (group commit) vs raw one transaction per command`, 'commands/s', range(v.product), `raw ${range(v.raw)}`,
        ratioText(r), '≥ 150 % of raw', `${verdict(r ? r.median >= 1.5 : null)} (${fmt(v.appendsPerTransaction.median, 1)} appends per transaction)`,
      ]);
    }
  }
  if (s.rebuild) {
    const b = s.rebuild;
    const r = paired(b.product, b.raw);
    out.push([`Rebuild (projections rebuild, contracts) of ${fmt(results.plan.rebuildEvents)} events vs raw loop`, 'events/s', range(b.product), `raw ${range(b.raw)}`, ratioText(r), '≥ 50 % of raw', verdict(r ? r.median >= 0.5 : null)]);
  }
  if (s.esdb) {
    const e = s.esdb;
    const r = paired(e.esdb, e.sqlite);
    const us = (x) => fmt(x.median);
    out.push([
      `Rebuild of ${fmt(e.events)} events over the EventStoreDB double vs over SQLite (same log)`, 'events/s', range(e.esdb), `SQLite ${range(e.sqlite)}`, ratioText(r),
      'report the ratio', `reported; CPU µs/event: rebuild ${us(e.cpuPerEventUs.esdb)} (SQLite ${us(e.cpuPerEventUs.sqlite)}) + double ${us(e.cpuPerEventUs.server)}`,
    ]);
  }
  if (s.scale) {
    const largest = results.plan.largest;
    const big = s.scale.rebuild[largest];
    if (big) {
      out.push([`Rebuild of ${fmt(largest)} events: peak RSS of the rebuilding process`, 'MB', range(big.productRssMb), '—', '—', '< 300 MB', verdict(big.productRssMb.max < 300)]);
    }
  }
  if (s.graphql) {
    const g = s.graphql;
    const q = paired(g.query.product.rps, g.query.bare.rps);
    const q99 = paired(g.query.product.p99, g.query.bare.p99);
    const m = paired(g.mutation.product.rps, g.mutation.bare.rps);
    const m99 = paired(g.mutation.product.p99, g.mutation.bare.p99);
    // A side that answered errors (a 429, a refusal) did less work than an answer: its figures compare nothing.
    const errors = (k) => `errors ${g[k].product.errors}/${g[k].product.requests}, bare ${g[k].bare.errors}/${g[k].bare.requests}`;
    const checked = (k, ok) => (g[k].product.errors || g[k].bare.errors ? `not comparable (${errors(k)})` : verdict(ok));
    out.push(['GraphQL contract(id), c=50, HTTP vs bare Nest+Apollo (Map)', 'requests/s', range(g.query.product.rps), `bare ${range(g.query.bare.rps)}`, ratioText(q), '≥ 85 % of bare', checked('query', q.median >= 0.85)]);
    out.push(['GraphQL contract(id), p99 latency', 'ms', range(g.query.product.p99), `bare ${range(g.query.bare.p99)}`, ratioText(q99, true), '≤ 1.3× bare', `${checked('query', q99.median <= 1.3)}; ${errors('query')}`]);
    // CPU per request: bare's over the product's is the throughput ratio both would reach on a core each.
    const cpuRow = (k, label) => {
      if (!g[k].product.cpuUs || !g[k].bare.cpuUs) return;
      const r = paired(g[k].bare.cpuUs, g[k].product.cpuUs);
      out.push([`${label}, server CPU per request`, 'µs', range(g[k].product.cpuUs), `bare ${range(g[k].bare.cpuUs)}`, ratioText(r), 'information', 'ratio: bare CPU / product CPU']);
    };
    cpuRow('query', 'GraphQL contract(id)');
    out.push(['GraphQL recordPayment (read-your-writes), c=50', 'requests/s', range(g.mutation.product.rps), `bare ${range(g.mutation.bare.rps)}`, ratioText(m), '≥ 60 % of bare', checked('mutation', m.median >= 0.6)]);
    out.push(['GraphQL recordPayment, p99 latency', 'ms', range(g.mutation.product.p99), `bare ${range(g.mutation.bare.p99)}`, ratioText(m99, true), 'information', errors('mutation')]);
    cpuRow('mutation', 'GraphQL recordPayment');
  }
  if (s.fanout) {
    const f = s.fanout;
    out.push([
      `Live fan-out: ${fmt(f.subscribers)} graphql-ws subscribers on workListChanged, ${f.rate} commands/s, p99 append → delivered`, 'ms',
      range(f.p99, 1), `p50 ${range(f.p50, 1)}, max ${range(f.max, 0)}`, '—', '< 100 ms',
      `${verdict(f.p99.median < 100)} (delivered ${fmt(f.delivered)}/${fmt(f.expected)}, ${f.errors} command errors)`,
    ]);
    out.push([
      'Live fan-out: memory per subscriber (server, after a GC)', 'KB', `RSS ${range(f.rssPerSubscriberKb, 1)}`, `heap ${range(f.heapPerSubscriberKb, 1)}`, '—', 'reported', 'information',
    ]);
  }
  if (s.scale) {
    for (const [size, v] of Object.entries(s.scale.command)) {
      out.push([`Scale: commands on a log of ${fmt(Number(size))} events`, 'commands/s', range(v.product), `raw ${range(v.raw)}`, ratioText(paired(v.product, v.raw)), 'information', `${v.product.n} runs`]);
    }
    for (const [size, v] of Object.entries(s.scale.rebuild)) {
      out.push([`Scale: rebuild of ${fmt(Number(size))} events`, 'events/s', range(v.product), `raw ${range(v.raw)}`, ratioText(paired(v.product, v.raw)), 'information', `${v.product.n} run(s), RSS ${fmt(v.productRssMb.max)} MB`]);
    }
  }
  return out;
}

const HEADER = ['workload', 'unit', 'product: median (min–max)', 'reference: median (min–max)', 'ratio', 'goal', 'verdict'];

function renderTable(results) {
  const all = [HEADER, ...rows(results)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(all[0]), sep, ...all.slice(1).map(line)].join('\n');
}

function renderMarkdown(results, notes) {
  const m = results.machine;
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push('Generated by `npm run bench` (bench/run.js) — do not edit by hand; the explanations below come from bench/NOTES.md.');
  lines.push('');
  lines.push(results.quick ? '**QUICK smoke run (BENCH_QUICK=1): small sizes, short runs; these figures are not the reference.**' : 'Full run.');
  lines.push('');
  lines.push(`- Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, ${m.platform}`);
  lines.push(`- Node.js ${m.node}; date ${m.date}; the whole run took ${Math.round(m.seconds)} s`);
  lines.push(`- Load average (1, 5, 15 min) before: ${m.loadBefore.map((x) => x.toFixed(2)).join(', ')}; after: ${m.loadAfter.map((x) => x.toFixed(2)).join(', ')} — the machine is shared (other engineers' test runs), so absolute figures are noisy; the ratios compare two sides measured back to back.`);
  lines.push(`- Every figure: median (min–max) over ${results.plan.runs} interleaved runs, each in a fresh process (the ${fmt(results.plan.largest)}-event rebuild: 1 run).`);
  if (results.generation) {
    const g = results.generation;
    const origin = g.commit ? ` (generated at commit ${g.commit}${g.reusedFromOtherSources ? ', reused with BENCH_LOG_CACHE: sources changed since' : ''})` : '';
    lines.push(`- Generated log: ${fmt(g.events)} events, ${fmt(g.contracts)} contracts, ${g.method}, ${fmt(g.perSecond)} events/s${origin}; smaller logs are its prefixes.`);
  }
  lines.push('');
  lines.push(`| ${HEADER.join(' | ')} |`);
  lines.push(`|${HEADER.map(() => '---').join('|')}|`);
  for (const r of rows(results)) lines.push(`| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  lines.push('');
  if (results.failures) {
    lines.push('**Sections that failed in this run** (their lines are missing above):');
    for (const [name, message] of Object.entries(results.failures)) lines.push(`- ${name}: ${message.split('\n')[0]}`);
    lines.push('');
  }
  lines.push(notes.trim());
  lines.push('');
  return lines.join('\n');
}

module.exports = { renderTable, renderMarkdown, rows, paired };
