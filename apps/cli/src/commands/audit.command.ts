import { Inject } from '@nestjs/common';
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { openInstallationAuditLog, serializeAuditRecord, verifyAuditLog, type LiveAuditLog } from '@pfw/audit';
import { APP_CONFIG, AppConfig } from '@pfw/config';
import { EVENT_STORE, EventStore } from '@pfw/event-store';
import { READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { progress } from '../progress';

/** The audit log's tables in the read-model database with the global log: events.sqlite read directly, or the configured store's port. */
function openLive(config: AppConfig, db: ReadModelDb, store: EventStore): LiveAuditLog {
  return openInstallationAuditLog(db, config.dataDir, config.eventStore, store);
}

@SubCommand({
  name: 'export',
  description: 'write the audit log as JSON lines: the events as stored, the signed tree heads and every proof',
})
export class AuditExportCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {
    super();
  }

  async run(_params: string[], options: { out?: string } = {}): Promise<void> {
    const file = options.out;
    if (!file) throw new Error('audit export: --out FILE is required');
    const live = openLive(this.config, this.db, this.store);
    // Written aside and renamed at the end: a file named FILE is always a complete export.
    const partial = `${file}.partial`;
    const out = createWriteStream(partial);
    const bar = progress('export', live.eventCount(), 'events');
    let events = 0;
    let heads = 0;
    let signedTreeSize = 0;
    try {
      for await (const record of live.records({ exportedAt: new Date() })) {
        if (!out.write(`${serializeAuditRecord(record)}\n`)) await once(out, 'drain');
        if (record.kind === 'header') signedTreeSize = record.signedTreeSize;
        else if (record.kind === 'treeHead') heads++;
        else if (record.kind === 'event') bar.update(++events);
      }
      out.end();
      await once(out, 'finish');
      renameSync(partial, file);
    } catch (err) {
      out.destroy();
      rmSync(partial, { force: true });
      throw err;
    } finally {
      bar.stop();
      live.close();
    }
    process.stdout.write(`exported ${events} events and ${heads} signed tree heads (signed tree size ${signedTreeSize}) to ${file}\n`);
    if (events > signedTreeSize) {
      process.stderr.write(
        `note: the last ${events - signedTreeSize} events are not covered by a signed tree head yet ` +
          '(the service signs one every interval while the log grows, on demand and at shutdown)\n',
      );
    }
  }

  @Option({ flags: '-o, --out <file>', description: 'the file to write (JSON lines)', required: true })
  parseOut(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'verify',
  arguments: '[file]',
  description:
    'recompute every leaf and the tree, check every signed tree head and proof; exit 1 naming the first position that does not match',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {
    super();
  }

  async run(params: string[], options: { live?: boolean; publicKey?: string } = {}): Promise<void> {
    const file = params[0];
    if (Boolean(file) === Boolean(options.live)) throw new Error('audit verify: give either FILE or --live');
    const verifyOptions = { publicKey: options.publicKey };
    let result;
    if (options.live) {
      const live = openLive(this.config, this.db, this.store);
      const bar = progress('verify', live.eventCount(), 'events');
      try {
        result = await verifyAuditLog(live.records(), { ...verifyOptions, onProgress: (n) => bar.update(n) });
      } finally {
        bar.stop();
        live.close();
      }
    } else {
      const input = createReadStream(file!);
      const bar = progress('verify', statSync(file!).size, 'bytes');
      let bytes = 0;
      input.on('data', (chunk) => bar.update((bytes += chunk.length)));
      try {
        result = await verifyAuditLog(createInterface({ input, crlfDelay: Infinity }), verifyOptions);
      } finally {
        bar.stop();
        input.destroy();
      }
    }
    if (result.ok) {
      process.stdout.write(`${result.message}\n`);
    } else {
      process.stderr.write(`${result.message}\n`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--live', description: 'verify the installation directly (the audit tables of the read-model database and the event log; no server needed)' })
  parseLive(): boolean {
    return true;
  }

  @Option({
    flags: '--public-key <base64>',
    description: "the log's Ed25519 public key (raw 32 bytes, base64) as you know it; default: the one the log names",
  })
  parsePublicKey(value: string): string {
    return value;
  }
}

@Command({
  name: 'audit',
  description: 'export and verify the tamper-evident audit log',
  subCommands: [AuditExportCommand, AuditVerifyCommand],
})
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
