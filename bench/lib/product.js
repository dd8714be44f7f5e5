'use strict';
/** What the bench's product processes share: their configuration, as the environment would give it. */
const BENCH_SECRET = 'bench-secret-for-hs256-0123456789abcdef';

/** The product's AppConfig from loadConfig, as `npm start` reads it, with these variables on top. */
function productConfig(env) {
  const { loadConfig } = require('@pfw/config');
  return loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', ...env });
}

module.exports = { productConfig, BENCH_SECRET };
