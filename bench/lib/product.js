'use strict';
/** What the bench's product processes share: their configuration, as the environment would give it. */
const fs = require('node:fs');
const path = require('node:path');
const { generateKeyPairSync, randomBytes } = require('node:crypto');

const BENCH_SECRET = 'bench-secret-for-hs256-0123456789abcdef';
const MASTER_KEY = 'personal-data-master.key';
const AUDIT_KEY = 'audit-signing-key.pem';

/**
 * The two key files a production process must be given (DATA_KEY_FILE, AUDIT_SIGNING_KEY_FILE), made in `dir`
 * if they are not there yet, as an operator would provision the mounted secrets: a 32-byte master key (base64)
 * and an Ed25519 PKCS#8 PEM key, both mode 0600. A generated log's data keys are wrapped with the master key it
 * was generated under, so a log keeps its keys directory for as long as it is reused. Returns `dir`.
 */
function benchKeys(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const master = path.join(dir, MASTER_KEY);
  if (!fs.existsSync(master)) fs.writeFileSync(master, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const audit = path.join(dir, AUDIT_KEY);
  if (!fs.existsSync(audit)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(audit, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return dir;
}

/**
 * The product's AppConfig from loadConfig, as `npm start` reads it in production (NODE_ENV=production: key files
 * and the public base URL are required), with the key files of `keysDir` (see benchKeys) and `env` on top.
 */
function productConfig(env, keysDir) {
  if (!keysDir) throw new Error('productConfig: the keys directory (benchKeys) is required in production');
  const { loadConfig } = require('@pfw/config');
  return loadConfig({
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://pfw.bench.invalid',
    DATA_KEY_FILE: path.join(keysDir, MASTER_KEY),
    AUDIT_SIGNING_KEY_FILE: path.join(keysDir, AUDIT_KEY),
    ...env,
  });
}

/**
 * The CLI's own application context (`npm run cli`: CliModule under nest-commander's command runner, which
 * provides the commander program the CLI's modules use), initialised but not running any command.
 */
async function cliContext(config) {
  const { CommandFactory } = require('nest-commander');
  const { CliModule } = require('../../apps/cli/src/cli.module');
  const { CLI_NAME } = require('../../apps/cli/src/program-name');
  const ctx = await CommandFactory.createWithoutRunning(CliModule.forRoot(config), { cliName: CLI_NAME, logger: false, abortOnError: false });
  await ctx.init();
  return ctx;
}

module.exports = { productConfig, benchKeys, cliContext, BENCH_SECRET };
