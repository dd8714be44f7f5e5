import type { DomainPolicy } from '@pfw/domain';
import type { Json, SagaDefinition } from '../runtime/saga';
import { coverageSaga } from './coverage';
import { endOfContractSaga } from './end-of-contract';
import { issuanceSaga } from './issuance';
import { nonPaymentSaga } from './non-payment';
import { reContractSaga } from './re-contract';
import { rejectionSaga } from './rejection';
import { revocationSaga } from './revocation';
import { terminationSaga } from './termination';
import { termsSaga } from './terms';

export * from './coverage';
export * from './end-of-contract';
export * from './issuance';
export * from './non-payment';
export * from './re-contract';
export * from './rejection';
export * from './revocation';
export * from './termination';
export * from './terms';

/** The eight sagas of DOMAIN.md "Sagas", configured with the policy's periods, and the terms saga of its Art. 13. */
export function allSagas(policy: DomainPolicy): SagaDefinition<Json>[] {
  return [
    nonPaymentSaga(policy),
    issuanceSaga(policy),
    revocationSaga(policy),
    coverageSaga(policy),
    endOfContractSaga(policy),
    terminationSaga(),
    rejectionSaga(),
    reContractSaga(),
    termsSaga(),
  ];
}
