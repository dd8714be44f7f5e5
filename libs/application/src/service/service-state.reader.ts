import { Injectable } from '@nestjs/common';
import { SERVICE_STREAM_ID, ServiceState, termsVersionInForce } from '@pfw/domain';
import { Deciders } from '../runtime/deciders';
import { StreamCommandExecutor } from '../runtime/stream-command-executor';

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
    private readonly deciders: Deciders,
  ) {}

  async read(at: Date): Promise<ServiceFacts> {
    const { state } = await this.executor.load(this.deciders.service, SERVICE_STREAM_ID);
    return { state, suspended: state.suspended, termsVersion: termsVersionInForce(state, at) };
  }
}
