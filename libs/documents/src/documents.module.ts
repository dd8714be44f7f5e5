import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { DOCUMENT_CATALOG } from '@pfw/application';
import { CLOCK, type Clock } from '@pfw/clock';
import { MASTER_KEY, SqlDataKeyStore, type MasterKey } from '@pfw/personal-data';
import { READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { DocumentStore } from './document-store';
import { MAX_DOCUMENT_BYTES } from './document-types';
import { DocumentsController } from './documents.controller';
import { UNATTACHED_UPLOADS, UnattachedUploadsRetention } from './unattached-uploads';
import { importLegacyDocuments } from './legacy-import';
import { StagingStorage } from './upload-storage';

export interface DocumentsModuleConfig {
  /** Largest upload accepted (default 10 MB, API.md). */
  readonly maxBytes?: number;
  /** DOCUMENT_ATTACH_HOURS: uploads not attached within this many hours are destroyed (needs CLOCK); absent: kept. */
  readonly attachWithinHours?: number;
  /** DATA_DIR: documents a single host kept under `<DATA_DIR>/documents/` are moved into the store at start. */
  readonly dataDir?: string;
}

/**
 * Uploaded documents: POST /documents and GET /documents/:id, the DocumentStore (metadata and encrypted bytes in
 * the read-model database, READ_MODEL_DB; each document's key in the key store, under the master key MASTER_KEY), and the
 * application's DocumentCatalog port under DOCUMENT_CATALOG. Global, so the command handlers and the
 * rejection saga (which calls `DocumentStore.destroy`) can inject them. Uses CLOCK for uploadedAt/destroyedAt
 * when a module provides it. Needs AuthModule in the application (the middleware and the roles guard).
 */
@Global()
@Module({})
export class DocumentsModule {
  static forRoot(config: DocumentsModuleConfig = {}): DynamicModule {
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
          // The document keys are read and written outside any transaction, so they share READ_MODEL_DB's
          // connections (the personal-data key store's own connection exists for the projections' sake).
          inject: [READ_MODEL_DB, MASTER_KEY, { token: CLOCK, optional: true }],
          useFactory: async (db: ReadModelDb, master: () => MasterKey, clock: Clock | undefined) => {
            const store = new DocumentStore({ db, keys: new SqlDataKeyStore(db, master), maxBytes, ...(clock ? { now: () => clock.now() } : {}) });
            if (config.dataDir !== undefined) {
              const moved = await importLegacyDocuments(config.dataDir, store);
              if (moved > 0) new Logger('Documents').log(`moved ${moved} document(s) from DATA_DIR/documents into the read-model database`);
            }
            return store;
          },
        },
        { provide: DOCUMENT_CATALOG, useExisting: DocumentStore },
        ...(config.attachWithinHours === undefined
          ? []
          : [{ provide: UNATTACHED_UPLOADS, useValue: { attachWithinHours: config.attachWithinHours } }, UnattachedUploadsRetention]),
      ],
      exports: [DocumentStore, DOCUMENT_CATALOG],
    };
  }
}
