import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DOCUMENT_CATALOG } from '@pfw/application';
import { CLOCK, type Clock } from '@pfw/clock';
import type { AppConfig } from '@pfw/config';
import { DocumentStore } from './document-store';
import { MAX_DOCUMENT_BYTES } from './document-types';
import { DocumentsController } from './documents.controller';
import { StagingStorage } from './upload-storage';

export interface DocumentsModuleConfig extends Pick<AppConfig, 'dataDir'> {
  /** Largest upload accepted (default 10 MB, API.md). */
  readonly maxBytes?: number;
}

/** Sweeps what a crash left at start, closes the metadata database at shutdown. */
@Injectable()
class DocumentsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');

  constructor(private readonly store: DocumentStore) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const { removed } = await this.store.sweep();
      if (removed > 0) this.logger.log(`removed ${removed} leftover document file(s)`);
    } catch (err) {
      this.logger.warn(`could not sweep leftover document files: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  onApplicationShutdown(): void {
    this.store.close();
  }
}

/**
 * Uploaded documents: POST /documents and GET /documents/:id, the DocumentStore (files and metadata under
 * `<DATA_DIR>/documents/`, always on the embedded default, even when the read models are on PostgreSQL), and
 * the application's DocumentCatalog port under DOCUMENT_CATALOG. Global, so the command handlers and the
 * rejection saga (which calls `DocumentStore.destroy`) can inject them. Uses CLOCK for uploadedAt/destroyedAt
 * when a module provides it. Needs AuthModule in the application (the middleware and the roles guard).
 */
@Global()
@Module({})
export class DocumentsModule {
  static forRoot(config: DocumentsModuleConfig): DynamicModule {
    const maxBytes = config.maxBytes ?? MAX_DOCUMENT_BYTES;
    return {
      module: DocumentsModule,
      imports: [
        // The options of the controller's FileInterceptor: our streaming storage and tight limits, so multer
        // stops reading a file at maxBytes + 1 instead of buffering it.
        MulterModule.registerAsync({
          inject: [DocumentStore],
          useFactory: (store: DocumentStore) => ({
            storage: new StagingStorage(store),
            limits: { fileSize: maxBytes, files: 1, fields: 4, fieldNameSize: 100, fieldSize: 1024, parts: 6, headerPairs: 20 },
          }),
        }),
      ],
      controllers: [DocumentsController],
      providers: [
        {
          provide: DocumentStore,
          inject: [{ token: CLOCK, optional: true }],
          useFactory: (clock: Clock | undefined) =>
            new DocumentStore({ dataDir: config.dataDir, maxBytes, ...(clock ? { now: () => clock.now() } : {}) }),
        },
        { provide: DOCUMENT_CATALOG, useExisting: DocumentStore },
        DocumentsLifecycle,
      ],
      exports: [DocumentStore, DOCUMENT_CATALOG],
    };
  }
}
