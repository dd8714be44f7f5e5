import type { CertificateView, ContractView, TermsVersionView } from '@pfw/read-models';
import type { Certificate, Contract } from '../schema/contract.types';

/** A certificate as seen at `now`: an instance past its notAfter shows as EXPIRED unless it was revoked. */
export function presentCertificate(view: CertificateView, now: Date): Certificate {
  const lapsed = Date.parse(view.notAfter) <= now.getTime();
  const status = lapsed && view.status !== 'REVOKED' ? 'EXPIRED' : view.status;
  return { ...view, status };
}

export type PresentedContract = Contract & {
  readonly currentCertificate: Certificate | null;
  /** When the contract closed (Art. 13), from the view. */
  readonly closedAt: string | null;
  /** The instant it is presented as of: now, or a past instant for `contractAsOf` (Art. 13's governing version is judged then). */
  readonly presentedAt: Date;
  /** The service's terms versions, when they were read with the view (else governingTermsVersion asks for them). */
  readonly termsVersions?: readonly TermsVersionView[];
};

/**
 * The read model's ContractView as the `Contract` type answers it: the stored facts, with the judgements
 * that depend on the time of the query (expiry of an instance, the current certificate) made at `now`; the
 * governing terms version is resolved as of `presentedAt` when asked for (over `termsVersions` if given).
 */
export function presentContract(view: ContractView, now: Date, termsVersions?: readonly TermsVersionView[]): PresentedContract {
  const certificates = view.certificates.map((c) => presentCertificate(c, now));
  const current = certificates.find((c) => c.serialNumber === view.currentCertificate && c.status !== 'EXPIRED' && c.status !== 'REVOKED') ?? null;
  return { ...(view as unknown as Contract), closedAt: view.closedAt ?? null, certificates, currentCertificate: current, presentedAt: now, termsVersions };
}
