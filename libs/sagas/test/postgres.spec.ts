import { DEFAULT_POLICY } from '@pfw/domain';
import { READ_MODEL_DB } from '@pfw/read-models';
import { allSagas } from '@pfw/sagas';
import { dialectOf } from '@pfw/sql';
import { postgresBackend, type TestDatabase } from '../../read-models/test/support/backends';
import { createHarness, type Harness } from './support/harness';

describe('the saga tables on PostgreSQL (READ_MODEL_URL=postgres://…)', () => {
  const backend = postgresBackend();
  let t: TestDatabase;
  let h: Harness;
  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    h = await createHarness({ readModels: t.config });
  });
  afterEach(async () => {
    await h.close();
    await t.dispose();
  });

  it('runs the issuance and non-payment sagas to a revocation with state, deadlines and checkpoints in PostgreSQL', async () => {
    expect(dialectOf(h.module.get(READ_MODEL_DB))).toBe('postgres');
    const id = await h.activeContract();
    await h.advance({ days: 50 });
    expect((await h.contract(id)).status).toBe('REVOKED');
    expect((await h.types(id)).filter((x) => x === 'RevocationRequested')).toHaveLength(1);
    const counts = await h.sagaStore.countByStatus();
    expect(counts.stuck).toBe(0);
    expect(counts.done).toBeGreaterThan(10);
    const checkpoints = await h.sagaStore.db.selectFrom('saga_checkpoints').select('saga').execute();
    expect(checkpoints).toHaveLength(allSagas(DEFAULT_POLICY).length);
    expect(await h.sagaStore.readCheckpoint('non-payment')).toBe(await h.store.headPosition());
  });
});
