import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { SubmitApplicationCommand } from '@pfw/application';
import { loadConfig } from '@pfw/config';
import { DEFAULT_POLICY } from '@pfw/domain';
import { DocumentStore } from '@pfw/documents';
import { ContractQueries } from '@pfw/read-models';
import { createApp } from '../apps/api/src/bootstrap';
import { makeCsrPem } from './support/csr';
import { buildOnce, startNode } from './support/process';

const PDF = Buffer.from('%PDF-1.4\n% test document\n');

describe('npm run cli -- projections rebuild', () => {
  let dataDir: string;
  beforeAll(() => buildOnce(), 60_000);
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'pfw-rebuild-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('replays the whole log into fresh tables and swaps them in; queries answer the same after', async () => {
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(32) };
    const app = await createApp(loadConfig(env));
    await app.init();
    const ids: string[] = [];
    try {
      const documents = app.get(DocumentStore);
      const bus = app.get(CommandBus);
      const csrPem = await makeCsrPem('www.rebuild.example.jp');
      for (let i = 0; i < 3; i++) {
        const documentIds: string[] = [];
        for (const kind of DEFAULT_POLICY.requiredDocuments.CORPORATION) {
          documentIds.push((await documents.add(await documents.stageBuffer(PDF), kind, 'staff-1')).id);
        }
        const result = await bus.execute(
          new SubmitApplicationCommand(
            {
              applicant: {
                organizationName: `株式会社リビルド${i}`,
                organizationType: 'CORPORATION',
                address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', street: '1-1' },
                representativeName: '代表 太郎',
                contact: { name: '連絡 花子', email: `contact${i}@rebuild.example.jp`, phone: '03-1234-5678' },
              },
              webServerFqdn: 'www.rebuild.example.jp',
              planMonths: 12,
              stickerRequested: false,
              csrPem,
              documentIds,
            },
            { actor: { id: 'staff-1', role: 'SCREENER' }, correlationId: randomUUID(), causationId: null },
          ),
        );
        ids.push(result.contractId);
      }
    } finally {
      await app.close();
    }

    const cli = startNode('dist/apps/cli/src/main.js', env, ['projections', 'rebuild']);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/contracts: 3 events replayed in [\d.]+ s, swapped in at position \d+ \(generation 2\)/);

    const again = await createApp(loadConfig(env));
    await again.init();
    try {
      const views = await again.get(ContractQueries).byIds(ids);
      expect(views.map((v) => v?.applicant.organizationName)).toEqual(['株式会社リビルド0', '株式会社リビルド1', '株式会社リビルド2']);
    } finally {
      await again.close();
    }
  }, 90_000);
});
