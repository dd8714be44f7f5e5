import { Inject } from '@nestjs/common';
import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PROCESS_OPERATIONS, type ProcessOperations, type StuckProcessInfo } from '@pfw/application';
import { apiError } from '../errors/api-error';
import { AdvanceClockInput, RetryProcessInput } from '../schema/inputs';
import { ClockPayload } from '../schema/payloads';

@ObjectType()
export class StuckProcess {
  @Field(() => ID, { description: 'What retryProcess takes.' }) id: string;
  @Field({ description: 'SAGA_STEP, NOTIFICATION or SAGA_SUBSCRIBER.' }) source: string;
  @Field(() => String, { nullable: true }) saga: string | null;
  @Field(() => ID, { nullable: true }) contractId: string | null;
  @Field({ description: 'The step, e.g. ca.submitIssuance or notice:PAYMENT_REMINDER.' }) kind: string;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true, description: 'The last error (no personal data).' }) lastError: string | null;
  @Field(() => Date, { nullable: true }) dueAt: Date | null;
  @Field(() => Date, { nullable: true }) stuckAt: Date | null;
}

/** The automated side as the API shows it: stuck saga steps, retrying one, the simulated clock. */
@Resolver()
export class ProcessResolver {
  constructor(@Inject(PROCESS_OPERATIONS) private readonly processes: ProcessOperations) {}

  @Query(() => [StuckProcess], { description: 'Saga steps that failed repeatedly, with the error.' })
  stuckProcesses(): Promise<StuckProcessInfo[]> {
    return this.processes.stuckProcesses();
  }

  @Mutation(() => StuckProcess, { description: 'Runs a stuck saga step again.' })
  retryProcess(@Args('input') input: RetryProcessInput): Promise<StuckProcessInfo> {
    return this.processes.retryProcess(input.processId);
  }

  @Mutation(() => ClockPayload, {
    description: 'CLOCK=simulated only: moves the clock by `days` or `to`, firing what fell due in due order, then answers.',
  })
  async advanceClock(@Args('input') input: AdvanceClockInput): Promise<ClockPayload> {
    if ((input.days == null) === (input.to == null)) {
      throw apiError('BAD_USER_INPUT', 'give either days or to', { field: input.days == null ? 'input.days' : 'input.to' });
    }
    try {
      const { now } = await this.processes.advanceClock(input.to ? { to: input.to } : { days: input.days! });
      return { now, clientMutationId: input.clientMutationId ?? null };
    } catch (err) {
      if ((err as { code?: unknown }).code === 'CLOCK_NOT_SIMULATED') {
        throw apiError('CLOCK_NOT_SIMULATED', 'advanceClock needs CLOCK=simulated: this server runs on the system clock');
      }
      if (err instanceof RangeError) throw apiError('BAD_USER_INPUT', err.message, { field: 'input.to' });
      throw err;
    }
  }
}
