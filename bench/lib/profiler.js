'use strict';
/**
 * CPU profile of the timed section only (the same V8 profiler as `node --cpu-prof`, started and stopped
 * through node:inspector so that start-up and set-up stay out of it). `BENCH_PROFILE=DIR` makes every worker
 * that supports it write DIR/<name>.cpuprofile; `node bench/lib/profile-summary.js FILE` reads one.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

async function profiled(name, fn) {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

module.exports = { profiled };
