import { Optional } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandMetrics } from '@pfw/observability';
import { CurrentActor, type StaffActor } from '@pfw/auth';
import { ExecuteContractCommand, SubmitApplicationCommand } from '@pfw/application';
import type { ApiContext } from '../graphql-api.module';
import { IdempotencyService } from '../idempotency';
import {
  AssessCompensationInput,
  AttachDocumentsInput,
  CancelContractInput,
  FailScreeningInput,
  NoticeTerminationInput,
  PassScreeningInput,
  RecordCertificateDeliveredInput,
  RecordPaymentInput,
  RecordRevocationOutcomeInput,
  RecordStickerReturnedInput,
  RecordStickerShippedInput,
  ReportTrustImpairedInput,
  RequestAdditionalDocumentsInput,
  RequestReissueInput,
  RequestRevocationInput,
  SubmitApplicationInput,
  WithdrawApplicationInput,
} from '../schema/inputs';
import { CompensationPayload, ContractPayload } from '../schema/payloads';
import { ContractMutationRunner, measured } from './contract-mutation.runner';
import { commandMeta } from './request-meta';
import { CommandBus } from '@nestjs/cqrs';

/** The contract mutations of API.md: each one command, answered with the contract after its write. */
@Resolver()
export class ContractMutationsResolver {
  constructor(
    private readonly runner: ContractMutationRunner,
    private readonly bus: CommandBus,
    private readonly idempotency: IdempotencyService,
    @Optional() private readonly metrics?: CommandMetrics,
  ) {}

  @Mutation(() => ContractPayload, { description: 'A new application: a new contract (Art. 1, 4).' })
  submitApplication(@Args('input') input: SubmitApplicationInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('submitApplication', input, actor, ctx.req, (meta) => {
      const { clientMutationId: _key, ...application } = input;
      return new SubmitApplicationCommand(application, meta);
    });
  }

  @Mutation(() => ContractPayload, { description: 'Ask the customer for more documents (Art. 4).' })
  requestAdditionalDocuments(@Args('input') input: RequestAdditionalDocumentsInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('requestAdditionalDocuments', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'RequestAdditionalDocuments', contractId: input.contractId, kinds: input.kinds, note: input.note ?? null }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'Attach documents to an application under screening (Art. 4).' })
  async attachDocuments(@Args('input') input: AttachDocumentsInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('attachDocuments', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'AttachDocuments', contractId: input.contractId, documentIds: input.documentIds }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'The customer withdraws the application; its documents are destroyed (Art. 4).' })
  withdrawApplication(@Args('input') input: WithdrawApplicationInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('withdrawApplication', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'WithdrawApplication', contractId: input.contractId, note: input.note ?? null }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'Screening accepts the application: the contract is valid from now (Art. 3, 4, 11).' })
  passScreening(@Args('input') input: PassScreeningInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('passScreening', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'PassScreening', contractId: input.contractId, checklist: { ...input.checklist } }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'Screening rejects the application (Art. 3, 4).' })
  failScreening(@Args('input') input: FailScreeningInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('failScreening', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'FailScreening', contractId: input.contractId, reasons: input.reasons, note: input.note ?? null }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'A bank transfer received (Art. 5).' })
  recordPayment(@Args('input') input: RecordPaymentInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('recordPayment', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        { type: 'RecordPayment', contractId: input.contractId, amountJpy: input.amountJpy, paidOn: input.paidOn, bankReference: input.bankReference },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, { description: 'A certificate sent by post reached the customer (Art. 4(4)).' })
  recordCertificateDelivered(@Args('input') input: RecordCertificateDeliveredInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('recordCertificateDelivered', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        { type: 'RecordCertificateDelivered', contractId: input.contractId, method: input.method ?? 'POST', deliveredAt: input.deliveredAt },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, { description: 'A new certificate instance for the coverage or a new key (Art. 11).' })
  requestReissue(@Args('input') input: RequestReissueInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('requestReissue', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'RequestReissue', contractId: input.contractId, csrPem: input.csrPem, reason: input.reason }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'The lent sticker shipped (Art. 1, 4(5)).' })
  recordStickerShipped(@Args('input') input: RecordStickerShippedInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('recordStickerShipped', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'LendSticker', contractId: input.contractId, stickerSerial: input.stickerSerial, shippedOn: input.shippedOn }, meta),
    );
  }

  @Mutation(() => ContractPayload, { description: 'The lent sticker came back (Art. 12).' })
  recordStickerReturned(@Args('input') input: RecordStickerReturnedInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('recordStickerReturned', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        { type: 'RecordStickerReturned', contractId: input.contractId, stickerSerial: input.stickerSerial, receivedOn: input.receivedOn },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, { description: "The customer's report that the certificate is no longer trustworthy: to the CA at once (Art. 7(1))." })
  reportTrustImpaired(@Args('input') input: ReportTrustImpairedInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('reportTrustImpaired', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        {
          type: 'ReportTrustImpaired',
          contractId: input.contractId,
          cause: input.cause,
          reportedAt: input.reportedAt,
          note: input.note ?? null,
        },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, { description: 'Revocation on the customer\'s request or for a prohibited act; the customer is told first (Art. 7(2)).' })
  requestRevocation(@Args('input') input: RequestRevocationInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('requestRevocation', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        { type: 'InitiateRevocation', contractId: input.contractId, reason: input.reason, crlReason: input.crlReason ?? null, note: input.note ?? null },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, {
    description: 'Ends a contract before any certificate was delivered (Art. 7, 11): the CA order is withdrawn, a lent sticker asked back.',
  })
  cancelContract(@Args('input') input: CancelContractInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('cancelContract', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand({ type: 'CancelContract', contractId: input.contractId, reason: input.reason, note: input.note ?? null }, meta),
    );
  }

  @Mutation(() => ContractPayload, {
    description: 'The CA’s answer received by another channel, for a revocation request past its deadline (Art. 7).',
  })
  recordRevocationOutcome(@Args('input') input: RecordRevocationOutcomeInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('recordRevocationOutcome', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        { type: 'RecordRevocationOutcome', contractId: input.contractId, outcome: input.outcome, revokedAt: input.revokedAt ?? null, note: input.note ?? null },
        meta,
      ),
    );
  }

  @Mutation(() => ContractPayload, { description: 'SECOM ends the contract with at least 3 months\' notice (Art. 14).' })
  noticeTermination(@Args('input') input: NoticeTerminationInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.runner.run('noticeTermination', input, actor, ctx.req, (meta) =>
      new ExecuteContractCommand(
        {
          type: 'NoticeTermination',
          contractId: input.contractId,
          noticedOn: input.noticedOn,
          effectiveOn: input.effectiveOn,
          channel: input.channel,
          reason: input.reason,
        },
        meta,
      ),
    );
  }

  @Mutation(() => CompensationPayload, { description: 'Compensation capped at the fee received, pro rata to the remaining whole months (Art. 15).' })
  async assessCompensation(@Args('input') input: AssessCompensationInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext): Promise<CompensationPayload> {
    const { clientMutationId, ...rest } = input;
    const answer = await measured(this.metrics, 'assessCompensation', () => this.idempotency.run('assessCompensation', clientMutationId, rest, actor.id, async () => {
      const result = await this.bus.execute(
        new ExecuteContractCommand(
          { type: 'AssessCompensation', contractId: input.contractId, incidentOn: input.incidentOn },
          commandMeta(ctx.req, actor, 'assessCompensation', clientMutationId),
        ),
      );
      const assessed = result.events.find((e) => e.type === 'CompensationAssessed');
      if (!assessed || assessed.type !== 'CompensationAssessed') throw new Error('AssessCompensation recorded no CompensationAssessed event');
      const d = assessed.data;
      return { amountJpy: d.amountJpy, contractFeeJpy: d.contractFeeJpy, feeReceivedJpy: d.feeReceivedJpy, remainingWholeMonths: d.remainingWholeMonths, totalMonths: d.planMonths };
    }));
    return { ...answer, clientMutationId: clientMutationId ?? null };
  }
}
