import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { DocumentStore, DocumentTooLargeError, UnsupportedDocumentTypeError, type StagedUpload } from './document-store';

/** The file multer hands the controller: multer's description plus what staging found out. */
export interface StagedFile extends Express.Multer.File {
  readonly staged: StagedUpload;
}

/**
 * A multer storage engine that streams the uploaded file into the document store's staging (hashing it and
 * judging its type by its leading bytes on the way, refusing it as soon as they are wrong or it is too large).
 * Multer's own `limits.fileSize` stops the parser; the store counts bytes too.
 */
export class StagingStorage implements StorageEngine {
  constructor(private readonly store: DocumentStore) {}

  _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<StagedFile>) => void): void {
    this.store.stage(file.stream).then(
      (staged) => callback(null, { staged, size: staged.size }),
      (err: unknown) => callback(toHttpError(err)),
    );
  }

  /** A staged upload is only held in memory: nothing to remove. */
  _removeFile(_req: Request, _file: Express.Multer.File, callback: (error: Error | null) => void): void {
    callback(null);
  }
}

function toHttpError(err: unknown): unknown {
  if (err instanceof UnsupportedDocumentTypeError) return new UnsupportedMediaTypeException(err.message);
  if (err instanceof DocumentTooLargeError) return new PayloadTooLargeException(err.message);
  return err;
}
