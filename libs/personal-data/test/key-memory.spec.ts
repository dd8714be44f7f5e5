import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlDataKeyStore, type MasterKey, PERSONAL_DATA_MIGRATIONS } from '@pfw/personal-data';
import { migrateReadModels } from '@pfw/read-models';

describe('SqlDataKeyStore: memory of the data keys it hands out', () => {
  it('gives every unwrapped key memory of its own (not a view into the shared Buffer pool), with the same bytes', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db, PERSONAL_DATA_MIGRATIONS);
    const master: MasterKey = { key: randomBytes(32), id: 'test-master', path: '(test)', created: false };
    const writer = new SqlDataKeyStore(db, master);
    const reader = new SqlDataKeyStore(db, master);
    const ids = ['c-1', 'c-2', 'c-3'];
    const written = [];
    for (const id of ids) written.push(await writer.keyForWrite(id));
    for (const [i, id] of ids.entries()) {
      const lookup = await reader.keyForRead(id);
      if (lookup.state !== 'active') throw new Error(`key of ${id} is ${lookup.state}`);
      expect(Buffer.from(lookup.key).equals(Buffer.from(written[i]!))).toBe(true);
      expect(lookup.key.byteLength).toBe(32);
      expect(lookup.key.buffer.byteLength).toBe(32);
    }
    await db.destroy();
  });
});
