'use strict';
/** The child side of run.js's workers: run `main`, send its result to the parent (IPC) and exit. */
function done(main) {
  main().then(
    (result) => {
      if (process.send) process.send({ ok: true, result }, () => process.exit(0));
      else {
        console.log(JSON.stringify(result));
        process.exit(0);
      }
    },
    (err) => {
      const message = err instanceof Error ? err.stack || err.message : String(err);
      if (process.send) process.send({ ok: false, error: message }, () => process.exit(1));
      else {
        console.error(message);
        process.exit(1);
      }
    },
  );
}

/** Seconds since `start` (a process.hrtime.bigint()). */
function since(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * CPU seconds (user + system, all threads) this process spent since `start` (a process.cpuUsage()): on a shared
 * machine a worker's wall time also counts the time it waited for a core; its CPU time does not.
 */
function cpuSince(start) {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

module.exports = { done, since, cpuSince };
