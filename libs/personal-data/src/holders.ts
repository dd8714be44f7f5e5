import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileNotificationTransport, NOTIFICATIONS_DB_FILE, SENT_DIRECTORY, SqliteOutboxStore, type OutboxStore } from '@pfw/notifications';
import type { PersonalDataHolder } from './shredder';

/** The notification outbox: a contract's stored notices lose their payloads and errors; unsent ones become PURGED. */
export function outboxHolder(store: Pick<OutboxStore, 'purgeContract'>, now: () => Date = () => new Date()): PersonalDataHolder {
  return {
    name: 'outbox',
    purgeContract: async (contractId) => (await store.purgeContract(contractId, now())).purged,
  };
}

/**
 * The outbox a single host kept in `<DATA_DIR>/notifications.sqlite` before the outbox moved into the read-model
 * database, on a connection of its own (secure_delete; its purge checkpoints the WAL with TRUNCATE), opened only
 * when the file exists — an installation that never had one has nothing to purge there.
 */
export function dataDirOutboxHolder(dataDir: string, name = 'outbox', now: () => Date = () => new Date()): PersonalDataHolder & { close(): void } {
  let store: SqliteOutboxStore | null = null;
  return {
    name,
    async purgeContract(contractId) {
      if (!store) {
        if (!existsSync(join(dataDir, NOTIFICATIONS_DB_FILE))) return 0;
        store = SqliteOutboxStore.inDataDir(dataDir);
      }
      return store.purgeContract(contractId, now()).purged;
    },
    close() {
      store?.close();
      store = null;
    },
  };
}

/** The file transport's sent mail, `<DATA_DIR>/outbox-sent/<contract id>/*.eml`: the contract's directory is removed. */
export function sentMailHolder(dataDir: string): PersonalDataHolder {
  const transport = new FileNotificationTransport({ directory: join(dataDir, SENT_DIRECTORY) });
  return { name: 'sentMail', purgeContract: (contractId) => transport.purgeContract(contractId) };
}
