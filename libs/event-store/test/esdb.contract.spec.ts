/**
 * The event store contract against the EventStoreDB adapter:
 * - always, over the wire-level EventStoreDB double (the real @eventstore/db-client talking gRPC to an
 *   in-process server built from the client's own service definitions), insecure and over TLS with credentials;
 * - against a real EventStoreDB when EVENTSTORE_TEST_URL is set, e.g. with `docker compose -f
 *   docker/docker-compose.yml up -d eventstore` then `EVENTSTORE_TEST_URL='esdb://localhost:2113?tls=false'
 *   npx jest libs/event-store/test/esdb.contract.spec.ts`.
 */
import { EsdbEventStore } from '@pfw/event-store';
import { createEsdbDoubleSecurity, startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { describeEventStoreContract } from './contract-suite';

describe('over the wire-level EventStoreDB double', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble();
  });
  afterAll(async () => {
    await double.stop();
  });

  describeEventStoreContract('esdb (wire double)', {
    async open() {
      return new EsdbEventStore({ connectionString: double.url });
    },
  });
});

describe('over the wire-level EventStoreDB double, secure: TLS with a CA file and credentials', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    // A secure 24.10 node: TLS from a CA the client trusts through tlsCAFile, basic credentials on every call.
    double = await startEsdbDouble({ security: await createEsdbDoubleSecurity({ admin: 'changeit' }) });
  });
  afterAll(async () => {
    await double.stop();
  });

  describeEventStoreContract('esdb (wire double over TLS)', {
    async open() {
      return new EsdbEventStore({ connectionString: double.url });
    },
  });
});

const realUrl = process.env.EVENTSTORE_TEST_URL;
// The one conditional skip: no EventStoreDB server can run where Docker is missing, so this block runs only
// where someone points it at one.
const describeReal = realUrl ? describe : describe.skip;
describeReal(
  realUrl ? `against a real EventStoreDB at ${realUrl}` : 'against a real EventStoreDB (skipped: EVENTSTORE_TEST_URL is not set)',
  () => {
    describeEventStoreContract('esdb (real server)', {
      async open() {
        return new EsdbEventStore({ connectionString: realUrl! });
      },
    });
  },
);
