// Builds the console into dist/admin when its sources changed since the last build (a SHA-256 of every source
// file, the schema and the lock file, stamped beside the output); otherwise does nothing, so npm start stays fast.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest && existsSync(join(out, 'index.html'))) process.exit(0);

const started = Date.now();
process.stderr.write('building the staff console (dist/admin)… ');
const { build } = await import('vite');
await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stamp, `${digest}\n`);
process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
