import type { Migration } from 'kysely';
import { notificationOutbox } from './0005-notification-outbox';

/** The notification outbox's table in the shared database (run by the apps through `libs/migrations`). */
export const NOTIFICATIONS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0005_notification_outbox': notificationOutbox,
};
