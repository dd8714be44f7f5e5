'use strict';
/**
 * `node bench/lib/profile-summary.js FILE.cpuprofile [N]`: the N functions with the most self time and the
 * most total (inclusive) time in a V8 CPU profile (`node --cpu-prof`), with their file, in percent of samples.
 */
const fs = require('node:fs');

function summarize(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfCount = new Map();
  for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const key = (n) => {
    const f = n.callFrame;
    const url = f.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm:').replace(/.*\/work\/main\//, '');
    return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  for (const [id, count] of selfCount) {
    const n = nodes.get(id);
    self.set(key(n), (self.get(key(n)) ?? 0) + count);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(nodes.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + count);
    }
  }
  const pct = (c) => `${((100 * c) / total).toFixed(1).padStart(5)} %`;
  const lines = [`${file}: ${total} samples`, '-- self --'];
  for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(c)}  ${k}`);
  lines.push('-- total --');
  for (const [k, c] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(c)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) console.log(summarize(process.argv[2], Number(process.argv[3] ?? 25)));
module.exports = { summarize };
