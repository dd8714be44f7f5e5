// Builds the console into dist/admin when its sources changed since the last build (a SHA-256 of every source
// file, the schema and the lock file, stamped beside the output); otherwise does nothing, so npm start stays fast.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'dist', 'admin');
const stamp = join(out, '.source-sha256');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(path);
    return /\.test\.tsx?$/.test(e.name) ? [] : [path];
  });
}

const hash = createHash('sha256');
for (const path of [...files(here), join(root, 'package-lock.json')].sort()) {
  hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
}
const digest = hash.digest('hex');
const force = process.argv.includes('--force');
const upToDate = () => existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest && existsSync(join(out, 'index.html'));
if (!force && upToDate()) process.exit(0);

// One build at a time: a build empties dist/admin first, so a second one started meanwhile (two test processes,
// npm start beside a test run) would pull the console from under a server already serving it. The second waits
// for the first, then finds the stamp current and leaves the output alone.
const lock = join(root, 'dist', '.admin-build.lock');
mkdirSync(dirname(lock), { recursive: true });
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};
for (;;) {
  try {
    closeSync(openSync(lock, 'wx'));
    writeFileSync(lock, String(process.pid));
    break;
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    let holder = NaN;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    // A holder that died (or a lock older than ten minutes) leaves it behind: take it over.
    const age = (() => {
      try {
        return Date.now() - statSync(lock).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if ((holder > 0 && !alive(holder)) || age > 600_000) {
      try {
        unlinkSync(lock);
      } catch {}
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
try {
  if (force || !upToDate()) {
    const started = Date.now();
    process.stderr.write('building the staff console (dist/admin)… ');
    const { build } = await import('vite');
    await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
    writeFileSync(stamp, `${digest}\n`);
    process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
} finally {
  unlinkSync(lock);
}
