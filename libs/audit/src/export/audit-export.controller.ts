import { once } from 'node:events';
import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HTTP_ROUTE_ROLES, Roles } from '@pfw/auth';
import { serializeAuditRecord } from './format';
import type { LiveAuditLog } from './live';

/** Opens the installation's live audit log for one export (closed by the controller when the export ends). */
export interface AuditExportSource {
  open(): LiveAuditLog;
  now(): Date;
}

export const AUDIT_EXPORT_SOURCE = Symbol.for('pfw.AuditExportSource');

/**
 * GET /audit/export (auditor, admin): the audit log as JSON lines, streamed as it is read — the same records
 * `audit export` writes, so `audit verify FILE` checks the download. The auth middleware answers 401 before
 * this runs; the roles come from the auth library's HTTP route table.
 */
@Controller('audit')
export class AuditExportController {
  private readonly logger = new Logger('AuditExport');

  constructor(@Inject(AUDIT_EXPORT_SOURCE) private readonly source: AuditExportSource) {}

  @Get('export')
  @Roles(...HTTP_ROUTE_ROLES['GET /audit/export'])
  async export(@Res() res: Response): Promise<void> {
    const exportedAt = this.source.now();
    const live = this.source.open();
    let aborted = false;
    res.on('close', () => (aborted = !res.writableFinished));
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${exportedAt.toISOString().replace(/[:.]/g, '-')}.jsonl"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      for await (const record of live.records({ exportedAt })) {
        if (aborted) return;
        if (!res.write(`${serializeAuditRecord(record)}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
      res.end();
    } catch (err) {
      // The status line is gone: cut the stream short, so the download is visibly incomplete (no end record).
      this.logger.error(`audit export failed: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy();
    } finally {
      live.close();
    }
  }
}
