import { personalDataScope } from '@pfw/event-serialization';
import type { DeadlineKind } from '../runtime/deadlines';
import { command, done, requireContract, skipped, type ActionDefinition } from './context';

export const SHRED_PERSONAL_DATA = 'personalData.shred' satisfies DeadlineKind;

/**
 * Art. 4: after a rejection (its SCREENING_RESULT notice sent) or a withdrawal, once the files are deleted
 * (SubmittedDocumentsDiscarded), the personal data of the application is crypto-shredded. With the app's shredder
 * (services.personalData) the whole job runs here; without it the ShredPersonalData command is sent alone and the
 * personal-data module, following the log, destroys the key.
 */
export const shredPersonalDataAction: ActionDefinition<typeof SHRED_PERSONAL_DATA> = {
  kind: SHRED_PERSONAL_DATA,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    if (c.status !== 'REJECTED' && c.status !== 'WITHDRAWN') return skipped(`the contract is ${c.status}`);
    if (!c.documentsDiscarded) return skipped('the submitted documents are not destroyed yet');
    const shredder = ctx.services.personalData;
    if (shredder) {
      await shredder.shredContract(c.id, ctx.meta.actor, { correlationId: ctx.meta.correlationId, causationId: ctx.meta.causationId });
      return done('personal data shredded (key destroyed, copies purged)');
    }
    if (c.personalDataShredded) return skipped('already shredded');
    await command(ctx, { type: 'ShredPersonalData', contractId: c.id, scope: personalDataScope() });
    return done('PersonalDataShredded recorded');
  },
};
