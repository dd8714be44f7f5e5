import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema } from '@pfw/graphql';

describe('schema.graphql', () => {
  it('is the schema the code generates (run `npm run schema` after changing it)', async () => {
    const committed = readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });

  it('names every operation and input type of API.md', async () => {
    const sdl = await printApiSchema();
    const mutations = [
      'submitApplication', 'requestAdditionalDocuments', 'attachDocuments', 'withdrawApplication', 'passScreening', 'failScreening',
      'recordPayment', 'recordCertificateDelivered', 'requestReissue', 'recordStickerShipped', 'recordStickerReturned',
      'reportTrustImpaired', 'requestRevocation', 'noticeTermination', 'assessCompensation', 'suspendService', 'resumeService', 'reviseTerms',
    ];
    for (const m of mutations) {
      const input = `${m[0]!.toUpperCase()}${m.slice(1)}Input`;
      expect(sdl).toContain(`${m}(input: ${input}!)`);
      expect(sdl).toContain(`input ${input} {`);
    }
    for (const q of ['contract(id: ID!): Contract', 'contracts(', 'screeningQueue: [Contract!]!', 'overdueInvoices: [Contract!]!', 'expiringCertificates(', 'stickersToShip: [Contract!]!', 'outstandingStickers: [Contract!]!', 'pendingRevocations: [Contract!]!', 'reissuesDue: [Contract!]!', 'serviceStatus: ServiceStatus!', 'documentRequirements(organizationType: OrganizationType!): [String!]!', 'feeSchedule: [FeeScheduleEntry!]!']) {
      expect(sdl).toContain(q);
    }
    for (const scalar of ['scalar Date', 'scalar DateTime']) expect(sdl).toContain(scalar);
  });
});
