import { Inject, Injectable } from '@nestjs/common';
import { DomainPolicy, SERVICE_STREAM_ID, ServiceState, termsVersionInForce } from '@pfw/domain';
import { serviceDeciderFor } from '../runtime/deciders';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';
import { DOMAIN_POLICY } from '../ports';

export interface ServiceFacts {
  readonly state: ServiceState;
  /** Art. 6: no request goes to the CA while true. */
  readonly suspended: boolean;
  /** Art. 13: the terms version in force at the given instant. */
  readonly termsVersion: string;
}

/** Reads the service stream (suspension, terms versions) for commands that depend on it. */
@Injectable()
export class ServiceStateReader {
  constructor(
    private readonly executor: StreamCommandExecutor,
    @Inject(DOMAIN_POLICY) private readonly policy: DomainPolicy,
  ) {}

  async read(at: Date): Promise<ServiceFacts> {
    const { state } = await this.executor.load(serviceDeciderFor(this.policy), SERVICE_STREAM_ID);
    return { state, suspended: state.suspended, termsVersion: termsVersionInForce(state, at) };
  }
}
