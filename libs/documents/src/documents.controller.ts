import {
  BadRequestException,
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { CurrentPrincipal, HTTP_ROUTE_ROLES, Roles, type Principal } from '@pfw/auth';
import { DocumentStore, InvalidDocumentKindError } from './document-store';
import { extensionOf, isDocumentKind, type DocumentContentType } from './document-types';
import type { StagedFile } from './upload-storage';

/** The answer of POST /documents (API.md "HTTP"). */
export interface UploadedDocument {
  readonly id: string;
  readonly sha256: string;
  readonly size: number;
  readonly kind: string;
  readonly contentType: DocumentContentType;
}

/**
 * POST /documents (screener, admin) and GET /documents/:id (staff), API.md "HTTP". Authentication is the auth
 * middleware's; the roles are the auth library's HTTP route table, checked by its global guard before the
 * body is read. Multer (configured by DocumentsModule) streams the file into the store's staging, judging
 * its type by its leading bytes (else 415) and stopping past 10 MB (413).
 */
@Controller('documents')
export class DocumentsController {
  constructor(private readonly store: DocumentStore) {}

  @Post()
  @Roles(...HTTP_ROUTE_ROLES['POST /documents'])
  @UseInterceptors(FileInterceptor('file'))
  @Header('Cache-Control', 'no-store')
  async upload(@Req() req: Request, @CurrentPrincipal() principal: Principal): Promise<UploadedDocument> {
    const file = req.file as StagedFile | undefined;
    const kind: unknown = (req.body as Record<string, unknown> | undefined)?.kind;
    if (!file?.staged) {
      throw new BadRequestException('file is required: send multipart/form-data with the document in a "file" part');
    }
    if (!isDocumentKind(kind)) throw new BadRequestException(new InvalidDocumentKindError().message);
    const record = await this.store.add(file.staged, kind, principal.id);
    return { id: record.id, sha256: record.sha256, size: record.size, kind: record.kind, contentType: record.contentType };
  }

  @Get(':id')
  @Roles(...HTTP_ROUTE_ROLES['GET /documents/:id'])
  async download(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const opened = await this.store.openFile(id);
    // Art. 4: once destroyed a document is gone for every caller, exactly like one that never existed.
    if (opened === null) throw new NotFoundException('document not found');
    const { record, stream } = opened;
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, {
      type: record.contentType,
      length: record.size,
      disposition: `attachment; filename="${record.id}${extensionOf(record.contentType)}"`,
    });
  }
}
