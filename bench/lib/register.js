'use strict';
/**
 * Lets the bench load the product's TypeScript as it is on disk right now (no build step, nothing written
 * to dist/): `.ts` files are compiled on require with the repository's own .swcrc (the same swc settings as
 * `npm run build` and jest), and `@pfw/<lib>` resolves to `libs/<lib>/src`, as the path alias does.
 * Compiled output is cached by content hash under bench/node_modules/.cache.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');
const swc = require(require.resolve('@swc/core', { paths: [ROOT] }));
const swcrc = JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8'));
delete swcrc.$schema;
delete swcrc.exclude;
delete swcrc.jsc.paths;
delete swcrc.jsc.baseUrl;
swcrc.sourceMaps = false;
swcrc.swcrc = false;
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'pfw-bench');
fs.mkdirSync(CACHE, { recursive: true });
const salt = crypto.createHash('sha1').update(JSON.stringify(swcrc)).update(swc.version).digest('hex');

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(salt).update(filename).update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = swc.transformSync(source, { ...swcrc, filename }).code;
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, ...rest) {
  const m = /^@pfw\/([^/]+)$/.exec(request);
  if (m) return resolve.call(this, path.join(ROOT, 'libs', m[1], 'src', 'index.ts'), parent, ...rest);
  return resolve.call(this, request, parent, ...rest);
};

module.exports = { ROOT };
