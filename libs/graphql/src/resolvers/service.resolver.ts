import { Inject, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DocumentCatalog, DOCUMENT_CATALOG, ExecuteServiceCommand, ServiceStateReader } from '@pfw/application';
import { CurrentActor, type StaffActor } from '@pfw/auth';
import { CLOCK, Clock } from '@pfw/clock';
import { CommandMetrics } from '@pfw/observability';
import { measured } from './contract-mutation.runner';
import type { ApiContext } from '../graphql-api.module';
import { IdempotencyService } from '../idempotency';
import { ResumeServiceInput, ReviseTermsInput, SuspendServiceInput } from '../schema/inputs';
import { ServicePayload, ServiceStatus } from '../schema/payloads';
import { commandMeta } from './request-meta';

/** The service stream: suspension (Art. 6) and the terms in force (Art. 13). */
@Resolver()
export class ServiceResolver {
  constructor(
    private readonly bus: CommandBus,
    private readonly idempotency: IdempotencyService,
    private readonly service: ServiceStateReader,
    @Inject(DOCUMENT_CATALOG) private readonly documents: DocumentCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: CommandMetrics,
  ) {}

  @Query(() => ServiceStatus)
  async serviceStatus(): Promise<ServiceStatus> {
    const facts = await this.service.readLatest(this.clock.now());
    return { suspended: facts.suspended, reason: facts.state.suspensionReason, termsVersion: facts.termsVersion };
  }

  @Mutation(() => ServicePayload, { description: 'Art. 6: no request goes to the CA until the service resumes.' })
  suspendService(@Args('input') input: SuspendServiceInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.run('suspendService', input, actor, ctx, () => ({ type: 'SuspendService', reason: input.reason }));
  }

  @Mutation(() => ServicePayload, { description: 'Art. 6: queued CA requests go out.' })
  resumeService(@Args('input') input: ResumeServiceInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.run('resumeService', input, actor, ctx, () => ({ type: 'ResumeService', reason: input.reason ?? null }));
  }

  @Mutation(() => ServicePayload, { description: 'Art. 13: a new version of the terms, in force from a Japan date; active customers are told.' })
  reviseTerms(@Args('input') input: ReviseTermsInput, @CurrentActor() actor: StaffActor, @Context() ctx: ApiContext) {
    return this.run('reviseTerms', input, actor, ctx, async () => {
      const document = input.documentId ? (await this.documents.describe([input.documentId], 'documentId'))[0]! : null;
      return { type: 'ReviseTerms', version: input.version, effectiveFrom: input.effectiveFrom, summary: input.summary, documentSha256: document?.sha256 ?? null };
    });
  }

  private async run(
    operation: string,
    input: { readonly clientMutationId?: string | null },
    actor: StaffActor,
    ctx: ApiContext,
    command: () => ExecuteServiceCommand['input'] | Promise<ExecuteServiceCommand['input']>,
  ): Promise<ServicePayload> {
    const { clientMutationId, ...rest } = input;
    await measured(this.metrics, operation, () =>
      this.idempotency.run(operation, clientMutationId, rest, actor.id, async () => {
        const result = await this.bus.execute(new ExecuteServiceCommand(await command(), commandMeta(ctx.req, actor, operation, clientMutationId)));
        return { position: result.position === null ? null : result.position.toString() };
      }),
    );
    return { serviceStatus: await this.serviceStatus(), clientMutationId: clientMutationId ?? null };
  }
}
