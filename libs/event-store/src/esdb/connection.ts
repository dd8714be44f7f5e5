import { EventStoreDBClient } from '@eventstore/db-client';
import { parseConnectionString, type ConnectionOptions } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { EventStoreConfigError } from '../errors';

/** The connection string with its password replaced by `***`, for messages and logs. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/^([^:/?#]+:\/\/)([^@/?#]*)@/, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:***`}@`;
  });
}

/**
 * Parses the connection string with the client's own parser and opens the client, refusing what would make the
 * adapter unsafe: `throwOnAppendFailure=false` turns a refused append into a "successful" result without a
 * position. No message repeats the password (the client's own parse errors quote the whole string).
 */
export function openEsdbClient(connectionString: string): { readonly client: EventStoreDBClient; readonly options: ConnectionOptions } {
  const shown = redactConnectionString(connectionString);
  let options: ConnectionOptions;
  try {
    options = parseConnectionString(connectionString);
  } catch {
    throw new EventStoreConfigError(`not a valid EventStoreDB connection string: ${shown}`);
  }
  if (options.throwOnAppendFailure === false) {
    throw new EventStoreConfigError(
      `throwOnAppendFailure=false is not supported (a refused append would pass for a written one): ${shown}`,
    );
  }
  try {
    return { client: EventStoreDBClient.connectionString(connectionString), options };
  } catch (err) {
    // e.g. a tlsCAFile that does not exist; the client's messages here name no secret.
    throw new EventStoreConfigError(`cannot use the EventStoreDB connection string ${shown}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
