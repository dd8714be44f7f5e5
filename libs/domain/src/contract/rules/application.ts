import { accept, type Decision } from '../../result';
import type { DomainPolicy } from '../../policy/domain-policy';
import { feeFor } from '../../policy/domain-policy';
import { toJapanDate } from '../../time/japan-date';
import { checkCsrFacts } from '../../values/csr';
import { sameHolder } from '../applicant';
import type {
  AttachDocuments, DiscardSubmittedDocuments, FailScreening, LinkedContractFacts, PassScreening, RequestAdditionalDocuments,
  ShredPersonalData, SubmitApplication, WithdrawApplication,
} from '../commands';
import type { ContractEvent } from '../events';
import type { Contract } from '../state';
import { FINAL_STATUSES, SCREENING_FAILURE_REASONS, type ScreeningFailureReason } from '../types';
import { documentRef, documentRefs, invalid, optionalText, requireStatus, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';

/** Art. 1, 4, 8, 9, 11, 13: a new application opens a new contract stream. Its values come parsed (parseApplication). */
export function submitApplication(cmd: SubmitApplication, policy: DomainPolicy): Decision<ContractEvent> {
  const contractId = text(cmd.contractId, 'contractId', 'the contract id', INPUT_LIMITS.identifier);
  if (!contractId.ok) return contractId;
  if (feeFor(policy, cmd.planMonths) === null) {
    return invalid('planMonths', `${cmd.planMonths} months is not a plan on offer (plans: ${policy.feeSchedule.map((f) => f.planMonths).join(', ')} months)`);
  }
  if (cmd.csr == null) return invalid('csrPem', 'a certificate signing request is required');
  const csr = checkCsrFacts(cmd.csr, cmd.webServerFqdn, 'csrPem');
  if (!csr.ok) return csr;
  const documents = documentRefs(cmd.documents, 'documentIds');
  if (!documents.ok) return documents;
  const termsVersion = text(cmd.termsVersionInForce, 'termsVersionInForce', 'the terms version in force (Art. 13)', INPUT_LIMITS.termsVersion);
  if (!termsVersion.ok) return termsVersion;

  // Art. 8 / 9 / 11: the links to the previous contract, and the transfer consent when the holder changes.
  const renewalOf = cmd.renewalOf ?? null;
  const supersedes = cmd.supersedes ?? null;
  if (renewalOf && supersedes) return invalid('supersedes', 'an application either renews or supersedes one contract, not both');
  const linked: LinkedContractFacts | null = renewalOf ?? supersedes;
  const linkField = renewalOf ? 'renewalOf' : 'supersedes';
  if (linked) {
    const id = text(linked.contractId, linkField, 'the linked contract id', INPUT_LIMITS.identifier);
    if (!id.ok) return id;
    if (id.value === contractId.value) return invalid(linkField, 'a contract cannot renew or supersede itself');
  }
  let transferConsentDocument = null;
  if (cmd.transferConsentDocument != null) {
    if (!linked) return invalid('transferConsentDocumentId', 'a transfer consent belongs to an application that supersedes another holder’s contract');
    const doc = documentRef(cmd.transferConsentDocument, 'transferConsentDocumentId');
    if (!doc.ok) return doc;
    if (doc.value.kind !== policy.transferConsentDocumentKind) {
      return invalid('transferConsentDocumentId', `the document is a ${doc.value.kind}, not a ${policy.transferConsentDocumentKind}`);
    }
    transferConsentDocument = doc.value;
  }
  if (linked && !sameHolder(linked, cmd.applicant) && transferConsentDocument === null) {
    return violation(
      'Art. 9',
      `contract ${linked.contractId} belongs to ${linked.organizationName}, not ${cmd.applicant.organizationName}: ` +
        'taking it over needs the prior written consent, attached before submission',
    );
  }

  return accept({
    type: 'ApplicationSubmitted',
    data: {
      contractId: contractId.value,
      applicant: cmd.applicant,
      webServerFqdn: cmd.webServerFqdn,
      planMonths: cmd.planMonths,
      stickerRequested: cmd.stickerRequested,
      certificateDeliveryMethod: cmd.certificateDeliveryMethod,
      deliveryAddress: cmd.deliveryAddress,
      documents: documents.value,
      csr: {
        sha256: csr.value.sha256,
        publicKeySha256: csr.value.publicKeySha256,
        pem: csr.value.pem,
        keyAlgorithm: csr.value.keyAlgorithm,
        keySize: csr.value.keySize,
        namedCurve: csr.value.namedCurve,
      },
      termsVersion: termsVersion.value,
      renewalOf: renewalOf?.contractId ?? null,
      supersedes: supersedes?.contractId ?? null,
      transferConsentDocument,
      submittedAt: cmd.at,
      submittedBy: cmd.actor,
      caAgreementsAccepted: { ...policy.caAgreements, acceptedAt: cmd.at },
    },
  });
}

export const requestAdditionalDocuments: Rule<RequestAdditionalDocuments> = (cmd, c) => {
  const refused = requireStatus(c, ['SUBMITTED'], 'Art. 4', 'additional documents can be asked for only while the application is being screened');
  if (refused) return refused;
  if (!Array.isArray(cmd.kinds) || cmd.kinds.length === 0) return invalid('kinds', 'name at least one document kind');
  const kinds: string[] = [];
  for (let i = 0; i < cmd.kinds.length; i++) {
    const k = text(cmd.kinds[i], `kinds.${i}`, 'the document kind', INPUT_LIMITS.documentKind);
    if (!k.ok) return k;
    if (!kinds.includes(k.value)) kinds.push(k.value);
  }
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  return accept({ type: 'AdditionalDocumentsRequested', data: { kinds, note: note.value, requestedAt: cmd.at, requestedBy: cmd.actor } });
};

export const attachDocuments: Rule<AttachDocuments> = (cmd, c) => {
  const refused = requireStatus(c, ['SUBMITTED'], 'Art. 4', 'documents can be attached only while the application is being screened');
  if (refused) return refused;
  const docs = documentRefs(cmd.documents, 'documentIds', { nonEmpty: true });
  if (!docs.ok) return docs;
  const known = new Set(c.documents.map((d) => d.id));
  const again = docs.value.find((d) => known.has(d.id));
  if (again) return invalid('documentIds', `document ${again.id} is already attached`);
  return accept({ type: 'DocumentsAttached', data: { documents: docs.value, attachedAt: cmd.at, attachedBy: cmd.actor } });
};

export const withdrawApplication: Rule<WithdrawApplication> = (cmd, c) => {
  const refused = requireStatus(c, ['SUBMITTED'], 'Art. 4', 'an application can be withdrawn only before its screening result');
  if (refused) return refused;
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  return accept({ type: 'ApplicationWithdrawn', data: { withdrawnAt: cmd.at, withdrawnBy: cmd.actor, note: note.value } });
};

/** The document kinds Art. 4(1) requires for this applicant and that are not attached yet. */
export function missingDocumentKinds(c: Contract, policy: DomainPolicy): string[] {
  const attached = new Set(c.documents.map((d) => d.kind));
  const required = policy.requiredDocuments[c.applicant.organizationType] ?? [];
  return [...required.filter((k) => !attached.has(k)), ...c.outstandingDocumentKinds.filter((k) => !attached.has(k))];
}

export const passScreening: Rule<PassScreening> = (cmd, c, policy) => {
  const refused = requireStatus(c, ['SUBMITTED'], 'Art. 4', 'only a submitted application can pass screening');
  if (refused) return refused;
  const list = cmd.checklist;
  if (list == null) return invalid('checklist', 'the screening checklist is required');
  for (const key of ['japanBase', 'organizationEligible', 'noProhibitedActFound', 'documentsComplete'] as const) {
    if (typeof list[key] !== 'boolean') return invalid(`checklist.${key}`, 'must be true or false');
  }
  // Art. 3: eligible organization type, base in Japan, no prohibited act.
  if (!policy.eligibleOrganizationTypes.includes(c.applicant.organizationType)) {
    return violation('Art. 3', `the service is not offered to organizations of type ${c.applicant.organizationType}`);
  }
  if (!list.organizationEligible) return violation('Art. 3', 'the screener did not confirm the organization is eligible; fail the screening instead (INELIGIBLE_ORGANIZATION)');
  if (!list.japanBase) return violation('Art. 3', 'the screener did not confirm a base of operations in Japan; fail the screening instead (NO_JAPAN_BASE)');
  if (!list.noProhibitedActFound) return violation('Art. 3', 'a prohibited act was found (Art. 3 proviso); fail the screening instead');
  // Art. 4: every required document attached, every additional request answered.
  const missing = missingDocumentKinds(c, policy);
  if (missing.length > 0) return violation('Art. 4', `documents still missing: ${missing.join(', ')}`);
  if (!list.documentsComplete) return violation('Art. 4', 'the screener did not confirm the documents are complete');
  return accept({ type: 'ScreeningPassed', data: { screener: cmd.actor, checklist: { ...list }, passedAt: cmd.at, coverageStartsOn: toJapanDate(cmd.at) } });
};

export const failScreening: Rule<FailScreening> = (cmd, c) => {
  const refused = requireStatus(c, ['SUBMITTED'], 'Art. 4', 'only a submitted application can fail screening');
  if (refused) return refused;
  if (!Array.isArray(cmd.reasons) || cmd.reasons.length === 0) return invalid('reasons', 'give at least one reason');
  const reasons: ScreeningFailureReason[] = [];
  for (let i = 0; i < cmd.reasons.length; i++) {
    const r = cmd.reasons[i];
    if (!SCREENING_FAILURE_REASONS.includes(r)) return invalid(`reasons.${i}`, `"${String(r)}" is not a screening failure reason`);
    if (!reasons.includes(r)) reasons.push(r);
  }
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  if (reasons.includes('OTHER') && note.value === null) return invalid('note', 'explain the OTHER reason in a note');
  return accept({ type: 'ScreeningFailed', data: { screener: cmd.actor, reasons, note: note.value, failedAt: cmd.at } });
};

/** Art. 4(2): after a rejection (once its result was notified) or a withdrawal, the files are destroyed. */
export const discardSubmittedDocuments: Rule<DiscardSubmittedDocuments> = (cmd, c) => {
  const refused = requireStatus(c, ['REJECTED', 'WITHDRAWN'], 'Art. 4', 'submitted documents are destroyed only on rejection or withdrawal');
  if (refused) return refused;
  if (c.documentsDiscarded) return violation('Art. 4', 'the submitted documents were already destroyed');
  if (c.status === 'REJECTED' && !c.notifications.some((n) => n.kind === 'SCREENING_RESULT')) {
    return violation('Art. 4', 'notify the customer of the screening result before destroying the documents');
  }
  const documents = c.transferConsentDocument ? [...c.documents, c.transferConsentDocument] : [...c.documents];
  return accept({ type: 'SubmittedDocumentsDiscarded', data: { documents, discardedAt: cmd.at } });
};

export const shredPersonalData: Rule<ShredPersonalData> = (cmd, c) => {
  const refused = requireStatus(c, FINAL_STATUSES, 'Art. 4', 'personal data is shredded only once the application or contract is over');
  if (refused) return refused;
  if (c.personalDataShredded) return violation('Art. 4', 'the personal data was already shredded');
  if (!Array.isArray(cmd.scope) || cmd.scope.length === 0) return invalid('scope', 'name the personal fields shredded');
  const scope: string[] = [];
  for (let i = 0; i < cmd.scope.length; i++) {
    const s = text(cmd.scope[i], `scope.${i}`, 'the field path', INPUT_LIMITS.reference);
    if (!s.ok) return s;
    scope.push(s.value);
  }
  return accept({ type: 'PersonalDataShredded', data: { scope, shreddedAt: cmd.at, by: cmd.actor } });
};
