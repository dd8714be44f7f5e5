import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileNotificationTransport, NOTIFICATIONS_DB_FILE, SENT_DIRECTORY, SqliteOutboxStore } from '@pfw/notifications';
import type { PersonalDataHolder } from './shredder';

/**
 * The notification outbox (a contract's stored notices lose their payloads and errors; unsent ones become
 * PURGED) in `<DATA_DIR>/notifications.sqlite`, on a connection of its own (secure_delete; its purge
 * checkpoints the WAL with TRUNCATE), opened only when the file exists — a process that never sent a notice
 * has nothing to purge.
 */
export function dataDirOutboxHolder(dataDir: string, now: () => Date = () => new Date()): PersonalDataHolder & { close(): void } {
  let store: SqliteOutboxStore | null = null;
  return {
    name: 'outbox',
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
