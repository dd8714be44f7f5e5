/* The suite's version-check environment, asking a double (not a Docker node) for its capabilities. */
import { join } from 'node:path';
import { Cluster, stopAllDoubles } from './Cluster';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const NodeEnvironment = require(join(process.env.DEPS_DIR!, 'node_modules/jest-environment-node'));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { EventStoreDBClient } = require(join(process.env.DEPS_DIR!, 'node_modules/@eventstore/db-client'));

async function checkCapabilities() {
  const node = new Cluster(1);
  await node.up();
  const client = new EventStoreDBClient({ endpoint: node.uri }, { rootCertificate: node.certs.root }, { username: 'admin', password: 'changeit' });
  const capabilities = await client.capabilities;
  await client.dispose();
  await node.down();
  return capabilities;
}

class CustomEnvironment extends NodeEnvironment {
  async setup() {
    await super.setup();
    this.global.capabilities = await checkCapabilities();
  }

  async teardown() {
    // This module lives outside the test file's registry: its certificates are its own to remove.
    await stopAllDoubles();
    await super.teardown();
  }
}

module.exports = CustomEnvironment;
