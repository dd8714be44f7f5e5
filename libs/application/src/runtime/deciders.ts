import { Inject, Injectable } from '@nestjs/common';
import { contractDecider, serviceDecider, uploadDecider, type ContractDecider, type DomainPolicy, type ServiceDecider, type UploadDecider } from '@pfw/domain';
import { DOMAIN_POLICY } from '../ports';

/**
 * The domain's deciders bound to the configured policy, built once per application: the executor keeps a
 * stream's folded state per decider, so every handler and saga that loads a contract shares one.
 */
@Injectable()
export class Deciders {
  readonly contract: ContractDecider;
  readonly service: ServiceDecider;
  readonly upload: UploadDecider = uploadDecider;

  constructor(@Inject(DOMAIN_POLICY) policy: DomainPolicy) {
    this.contract = contractDecider(policy);
    this.service = serviceDecider(policy);
  }
}
