/**
 * Runs the official Node client's own test suite (EventStore-Client-NodeJS v6.2.1, `packages/test`) against
 * the double. The suite stays in its checkout (CLIENT_DIR); only `@test-utils`, whose Cluster starts Docker
 * containers, is replaced by ./src/utils, which starts a fresh double process per test node. Its test
 * dependencies (jest 27, ts-jest, the client 6.2.1 from npm) live in DEPS_DIR. See ../README.md.
 */
const path = require('node:path');

const clientDir = process.env.CLIENT_DIR;
const depsDir = process.env.DEPS_DIR;
if (!clientDir || !depsDir) throw new Error('set CLIENT_DIR (client checkout at v6.2.1) and DEPS_DIR (its test dependencies)');
const suite = path.join(clientDir, 'packages/test/src');
const modules = path.join(depsDir, 'node_modules');

module.exports = {
  // The suite's `@jest-environment ./src/utils/enableVersionCheck.ts` docblocks resolve against rootDir: ours.
  rootDir: __dirname,
  roots: [suite],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60_000,
  setupFilesAfterEnv: [path.join(__dirname, 'src/setup.ts')],
  modulePaths: [modules],
  transform: { '^.+\\.ts$': path.join(modules, 'ts-jest') },
  moduleNameMapper: {
    '^@test-utils$': path.join(__dirname, 'src/utils'),
    '^@client-utils/(.*)$': path.join(suite, 'utils/$1'),
    '^@eventstore/db-client$': path.join(modules, '@eventstore/db-client'),
    '^@eventstore/db-client/(.*)$': path.join(modules, '@eventstore/db-client/$1'),
    '^@eventstore/opentelemetry$': path.join(modules, '@eventstore/opentelemetry'),
  },
  globals: { 'ts-jest': { tsconfig: path.join(__dirname, 'tsconfig.json'), isolatedModules: true } },
};
