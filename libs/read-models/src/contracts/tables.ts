import { coverageEndInstant, japanDate } from '@pfw/domain';
import { toDbBool, toDbJson } from '@pfw/sql';
import type { ContractView } from './view';

/**
 * The tables of the contract read model (logical names; a rebuild fills fresh copies and swaps them in).
 * `contracts` holds one row per contract: the whole view as JSON text, the folded contract it was read off, and the columns the filters, the
 * cursor and the work lists select and sort on. Timestamps are ISO 8601 UTC text (they sort as text),
 * Japan dates `YYYY-MM-DD` text, booleans 0/1 (dialect.ts).
 */
export type ContractsRow = {
  id: string;
  status: string;
  organization_name: string | null;
  /** NFKC + lower case, for case-insensitive substring search (null once shredded). */
  organization_name_lower: string | null;
  fqdn: string;
  /** Labels in reverse order (`jp.co.example.www`), so a domain-suffix filter is a prefix match. */
  fqdn_reversed: string;
  submitted_at: string;
  accepted_at: string | null;
  plan_months: number;
  invoice_status: string | null;
  invoice_due_on: string | null;
  sticker_requested: number;
  sticker_status: string;
  sticker_return_requested_at: string | null;
  revocation_status: string | null;
  revocation_deadline: string | null;
  current_cert_not_after: string | null;
  coverage_ends_on: string | null;
  /** 1 when coverage runs on after the current certificate's notAfter (a reissue can continue it). */
  coverage_continues_after_cert: number;
  has_pending_order: number;
  /** Stream revision of the last event applied. */
  version: number;
  /** Global log position of the last event applied (bigint; read through bigintText). */
  position: string | number | bigint;
  last_event_at: string;
  /** The ContractView, JSON text. */
  view: string;
  /** The folded contract the next event goes on from (fold.ts's encodeFoldedContract); never queried. */
  fold: string;
};

/** The `service` stream's state: one row, id `service`. */
export type ServiceStatusRow = {
  id: string;
  suspended: number;
  reason: string | null;
  suspended_since: string | null;
  version: number;
  position: string | number | bigint;
  updated_at: string;
};

/** Art. 13: every terms version revised in (the installation's initial version is configuration, not a row). */
export type TermsVersionRow = {
  version: string;
  effective_from: string;
  summary: string;
  document_sha256: string | null;
  revised_at: string;
  position: string | number | bigint;
};

export type ContractTables = { contracts: ContractsRow };
export type ServiceStatusTables = { service_status: ServiceStatusRow; service_terms_versions: TermsVersionRow };
/** Every table ContractQueries reads. */
export type ContractReadTables = ContractTables & ServiceStatusTables;

export const SERVICE_STATUS_ROW_ID = 'service';

/** The search key of an organization name: Unicode NFKC (full-width Ａ → A), then lower case. */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** `www.example.co.jp` → `jp.co.example.www`. */
export function reverseLabels(fqdn: string): string {
  return fqdn.split('.').reverse().join('.');
}

/** The row of a view: the view itself plus the columns queries filter and sort on. */
export function contractRow(view: ContractView): Omit<ContractsRow, 'fold'> {
  const current = view.currentCertificate === null ? null : (view.certificates.find((c) => c.serialNumber === view.currentCertificate) ?? null);
  let continues = false;
  if (current && view.coverageEndsOn) {
    // The last instant a certificate may cover is one second before coverage ends (requestedValidity).
    const latest = coverageEndInstant(japanDate(view.coverageEndsOn)).getTime() - 1000;
    continues = new Date(current.notAfter).getTime() < latest;
  }
  return {
    id: view.id,
    status: view.status,
    organization_name: view.applicant.organizationName,
    organization_name_lower: view.applicant.organizationName === null ? null : searchKey(view.applicant.organizationName),
    fqdn: view.webServerFqdn,
    fqdn_reversed: reverseLabels(view.webServerFqdn),
    submitted_at: view.submittedAt,
    accepted_at: view.acceptedAt,
    plan_months: view.planMonths,
    invoice_status: view.invoice?.status ?? null,
    invoice_due_on: view.invoice?.dueOn ?? null,
    sticker_requested: toDbBool(view.stickerRequested),
    sticker_status: view.sticker.status,
    sticker_return_requested_at: view.sticker.returnRequestedAt,
    revocation_status: view.revocation?.status ?? null,
    revocation_deadline: view.revocation?.deadline ?? null,
    current_cert_not_after: current?.notAfter ?? null,
    coverage_ends_on: view.coverageEndsOn,
    coverage_continues_after_cert: toDbBool(continues),
    has_pending_order: toDbBool(view.pendingOrder !== null),
    version: view.version,
    position: BigInt(view.position),
    last_event_at: view.lastEventAt,
    view: toDbJson(view),
  };
}
