import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import {
  DAY_MS, DEFAULT_POLICY, governingTermsVersion, HOUR_MS, termsVersionInForce, toJapanDate, VALID_CONTRACT_STATUSES, type ContractStatus, type DomainPolicy,
} from '@pfw/domain';
import { bigintText, fromDbBigintOrNull, fromDbBool, fromDbCount, fromDbJson, OneArgumentQuery } from '@pfw/sql';
import type { ReadModelDb } from '../db';
import { decodeContractCursor, encodeContractCursor } from './cursor';
import { reverseLabels, searchKey, SERVICE_STATUS_ROW_ID, type ContractReadTables } from './tables';
import type { ContractView, IsoInstant, JapanDateString } from './view';

/** `contracts(filter …)`: every field optional; all given ones must hold. */
export interface ContractFilter {
  /** One status, or any of several. */
  readonly status?: ContractStatus | readonly ContractStatus[] | null;
  /** Case-insensitive substring of the organization name (Unicode NFKC: full-width letters match too). */
  readonly organizationName?: string | null;
  /** The web server's FQDN exactly, or a domain it lies under: `example.co.jp` matches `www.example.co.jp`. */
  readonly fqdn?: string | null;
  /** Submitted at or after this instant. */
  readonly submittedFrom?: Date | null;
  /** Submitted at or before this instant. */
  readonly submittedTo?: Date | null;
}

/** The order of the connection; the cursor is (submittedAt, id) either way. */
export type ContractOrder = 'NEWEST_FIRST' | 'OLDEST_FIRST';

export interface ContractEdge {
  readonly cursor: string;
  readonly node: ContractView;
}

/** A Relay-shaped page: edges with cursors, the count of all matches, whether more follow. */
export interface ContractPage {
  readonly edges: readonly ContractEdge[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

/** A pending revocation with how urgent it is at `now` (BR §4.9.1.1 deadline). */
export interface PendingRevocation {
  readonly contract: ContractView;
  readonly deadline: IsoInstant;
  /** deadline − now (negative once missed). */
  readonly remainingMs: number;
  /** deadline − initiatedAt: the whole window (24 h or 5 days). */
  readonly windowMs: number;
  /** Missed, or within the escalation margin: less than `revocationUrgentFraction` of the window or `revocationUrgentHours` left. */
  readonly urgent: boolean;
  readonly overdue: boolean;
}

export interface TermsVersionView {
  readonly version: string;
  readonly effectiveFrom: JapanDateString;
  readonly summary: string;
  readonly documentSha256: string | null;
  readonly revisedAt: IsoInstant | null;
}

/**
 * Art. 13: the terms version governing the contract at `at` — the domain's one rule (`governingTermsVersion`),
 * over the versions announced by then (`serviceStatus(…).termsVersions`). Computed when asked, never stored:
 * it changes on an effective date with no event of the contract's.
 */
export function governingTermsVersionOf(view: Pick<ContractView, 'termsVersion' | 'closedAt'>, termsVersions: readonly TermsVersionView[], at: Date): string {
  const announced = termsVersions.filter((v) => v.revisedAt === null || Date.parse(v.revisedAt) <= at.getTime());
  const closed = view.closedAt ?? null;
  return governingTermsVersion({ termsVersions: announced }, { termsVersion: view.termsVersion, closedAt: closed === null ? null : new Date(closed) }, at);
}

/** A contract's view and the service's terms versions (Art. 13) the same read showed. */
export interface ContractWithTerms {
  readonly view: ContractView;
  readonly termsVersions: readonly TermsVersionView[];
}

/** `serviceStatus`: Art. 6 suspension and the Art. 13 terms version in force at `now`. */
export interface ServiceStatusView {
  readonly suspended: boolean;
  readonly reason: string | null;
  readonly suspendedSince: IsoInstant | null;
  /** The latest version whose effective date (Japan time) has come; the installation's initial one before any. */
  readonly termsVersion: string;
  /** Revisions not in force yet, soonest first. */
  readonly upcomingTermsVersions: readonly TermsVersionView[];
  /** Every version, the initial one first. */
  readonly termsVersions: readonly TermsVersionView[];
  /** Log position of the last service event applied (null: none yet). */
  readonly position: string | null;
}

export interface ContractQueriesOptions {
  /** Art. 13: the installation's initial terms version (DomainPolicy.initialTermsVersion). */
  readonly initialTermsVersion?: string;
  /** `reissuesDue`: a current certificate expiring within this many days needs a reissue (default: the earliest reissue reminder, 30). */
  readonly reissueWindowDays?: number;
  /** `pendingRevocations`: urgent with fewer hours than this left (default: the escalation margin, 6). */
  readonly revocationUrgentHours?: number;
  /** `pendingRevocations`: urgent with less than this share of the window left (default 0.25). */
  readonly revocationUrgentFraction?: number;
  /** Work lists answer at most this many contracts, most urgent first (default and maximum 500). */
  readonly workListLimit?: number;
}

/** The options the configured policy implies. */
export function contractQueriesOptionsFrom(policy: DomainPolicy): ContractQueriesOptions {
  return {
    initialTermsVersion: policy.initialTermsVersion,
    reissueWindowDays: Math.max(0, ...policy.reminders.reissueReminderDaysBeforeNotAfter),
    revocationUrgentHours: policy.reminders.revocationEscalationHoursBeforeDeadline,
  };
}

/** The most a page or a work list answers. */
export const MAX_CONTRACT_PAGE = 500;
const ID_CHUNK = 500;

type Eb = ExpressionBuilder<ContractReadTables, 'contracts'>;

/** The service's terms versions as a read found them, with the service row's position it found (the stamp). */
interface TermsAtStamp {
  readonly stamp: string | null;
  readonly versions: readonly TermsVersionView[];
}

/** LIKE pattern text with `\`, `%` and `_` escaped (used with `escape '\'`). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function like(eb: Eb, column: 'contracts.organization_name_lower' | 'contracts.fqdn_reversed', pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${eb.ref(column)} like ${pattern} escape '\\'`;
}

/** `www.Example.co.jp.` / `*.example.co.jp` / `.example.co.jp` → `example.co.jp`-style lower-case name. */
function normalizeFqdn(input: string): string {
  return input.trim().toLowerCase().replace(/^\*\./, '').replace(/^\.+/, '').replace(/\.+$/, '');
}

function statusList(status: ContractFilter['status']): readonly ContractStatus[] | null {
  if (status === null || status === undefined) return null;
  return typeof status === 'string' ? [status] : status;
}

function bounded(limit: number | undefined, fallback: number, what: string): number {
  const n = limit ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONTRACT_PAGE) throw new RangeError(`${what}: must be a whole number from 1 to ${MAX_CONTRACT_PAGE} (got ${n})`);
  return n;
}

/**
 * Reads the contract read model: by id, the filtered connection with stable cursors, and the work lists staff
 * act on. Plain class over the read-model Kysely instance; queries name the live tables by their logical names
 * (a rebuild swaps fresh tables in under exactly those names). Every answer is a ContractView as stored; time
 * enters only as the `now` argument of the lists that depend on it.
 */
export class ContractQueries {
  private readonly initialTermsVersion: string;
  private readonly reissueWindowMs: number;
  private readonly urgentMs: number;
  private readonly urgentFraction: number;
  private readonly workListLimit: number;
  /** byId's statement. */
  private readonly viewById: OneArgumentQuery<ReadModelDb, { view: string }>;
  /** The same read, with the service row's position (the stamp of the terms versions) in the same statement. */
  private readonly viewAndStampById: OneArgumentQuery<ReadModelDb, { view: string; stamp: string | null }>;
  /** The service row's position alone. */
  private readonly serviceStamp: OneArgumentQuery<ReadModelDb, { stamp: string | null }>;
  /**
   * The terms versions last read, kept while the service row's position stays where it was: every service
   * event (TermsRevised, ServiceSuspended, ServiceResumed) moves it in the same transaction that writes the
   * versions, whichever process's projection applies it, so a reader that finds the same position in the shared
   * database knows the list it holds is still the list there.
   */
  private terms: TermsAtStamp | null = null;

  constructor(
    private readonly db: ReadModelDb,
    options: ContractQueriesOptions = {},
  ) {
    const defaults = contractQueriesOptionsFrom(DEFAULT_POLICY);
    this.initialTermsVersion = options.initialTermsVersion ?? defaults.initialTermsVersion!;
    this.reissueWindowMs = (options.reissueWindowDays ?? defaults.reissueWindowDays!) * DAY_MS;
    this.urgentMs = (options.revocationUrgentHours ?? defaults.revocationUrgentHours!) * HOUR_MS;
    this.urgentFraction = options.revocationUrgentFraction ?? 0.25;
    this.workListLimit = bounded(options.workListLimit, MAX_CONTRACT_PAGE, 'workListLimit');
    this.viewById = new OneArgumentQuery((_q, id) => this.contracts().select('view').where('id', '=', id));
    this.viewAndStampById = new OneArgumentQuery((_q, id) =>
      this.contracts()
        .select((eb) => [
          'contracts.view',
          eb.selectFrom('service_status').select(bigintText('service_status.position').as('stamp')).where('service_status.id', '=', SERVICE_STATUS_ROW_ID).as('stamp'),
        ])
        .where('contracts.id', '=', id),
    );
    this.serviceStamp = new OneArgumentQuery((_q, rowId) =>
      this.tables.selectFrom('service_status').select(bigintText('service_status.position').as('stamp')).where('service_status.id', '=', rowId),
    );
  }

  private get tables() {
    return this.db.withTables<ContractReadTables>();
  }

  private contracts() {
    return this.tables.selectFrom('contracts');
  }

  /** One contract's view, null if there is no such contract: `contract(id)`, mutation answers read back, live feeds. */
  async byId(id: string): Promise<ContractView | null> {
    const row = await this.viewById.first(this.db, id);
    return row ? fromDbJson<ContractView>(row.view) : null;
  }

  /**
   * A contract with the service's terms versions (Art. 13), in one statement: the versions are those last read
   * while the service row's position the statement found is the one they were read at, else read again.
   */
  async contractWithTerms(id: string): Promise<ContractWithTerms | null> {
    const row = await this.viewAndStampById.first(this.db, id);
    if (!row) return null;
    return { view: fromDbJson<ContractView>(row.view), termsVersions: await this.termsAtStamp(row.stamp) };
  }

  /** Every terms version (the initial one first) as the read model shows them now; see contractWithTerms. */
  async termsVersions(): Promise<readonly TermsVersionView[]> {
    const row = await this.serviceStamp.first(this.db, SERVICE_STATUS_ROW_ID);
    return this.termsAtStamp(row?.stamp ?? null);
  }

  private async termsAtStamp(stamp: string | null): Promise<readonly TermsVersionView[]> {
    const known = this.terms;
    if (known !== null && known.stamp === stamp) return known.versions;
    // Read after `stamp`, so at least as new as what it stands for; kept under the position read with it.
    const { row, termsVersions } = await this.readService();
    this.terms = { stamp: row?.position ?? null, versions: termsVersions };
    return termsVersions;
  }

  /** For DataLoader: one answer per id, in the order asked, null where there is no such contract. */
  async byIds(ids: readonly string[]): Promise<(ContractView | null)[]> {
    const unique = [...new Set(ids)];
    const found = new Map<string, ContractView>();
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const chunk = unique.slice(i, i + ID_CHUNK);
      const rows = await this.contracts().select(['id', 'view']).where('id', 'in', chunk).execute();
      for (const row of rows) found.set(row.id, fromDbJson<ContractView>(row.view));
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * The `contracts` connection: `first` (1…500) contracts matching `filter` after the cursor `after`, in
   * (submittedAt, id) order — newest first by default. The cursor names a position, not a row, so paging
   * never skips or repeats a contract, even when contracts are added meanwhile. An `after` this list did not
   * give out throws InvalidCursorError.
   */
  async list(filter: ContractFilter = {}, first = 20, after: string | null = null, order: ContractOrder = 'NEWEST_FIRST'): Promise<ContractPage> {
    const limit = bounded(first, 20, 'first');
    const conditions = (eb: Eb) => this.filterConditions(eb, filter);
    const cursor = after === null || after === undefined ? null : decodeContractCursor(after);
    const direction = order === 'NEWEST_FIRST' ? 'desc' : 'asc';

    let page = this.contracts().select(['id', 'submitted_at', 'view']);
    page = page.where((eb) => {
      const all = conditions(eb);
      if (cursor) {
        all.push(eb(eb.refTuple('contracts.submitted_at', 'contracts.id'), direction === 'desc' ? '<' : '>', eb.tuple(cursor.submittedAt, cursor.id)));
      }
      return eb.and(all);
    });
    const rows = await page
      .orderBy('contracts.submitted_at', direction)
      .orderBy('contracts.id', direction)
      .limit(limit + 1)
      .execute();
    const counted = await this.contracts()
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => eb.and(conditions(eb)))
      .executeTakeFirstOrThrow();

    const edges = rows.slice(0, limit).map((row) => ({
      cursor: encodeContractCursor({ submittedAt: row.submitted_at, id: row.id }),
      node: fromDbJson<ContractView>(row.view),
    }));
    return {
      edges,
      totalCount: fromDbCount(counted.n as string | number | bigint),
      hasNextPage: rows.length > limit,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : null,
    };
  }

  /** Applications waiting for screening (SUBMITTED), oldest first. */
  async screeningQueue(limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts()
      .select('view')
      .where('status', '=', 'SUBMITTED')
      .orderBy('submitted_at', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /** Invoices recorded overdue (PaymentOverdue) and not settled since, longest overdue first. */
  async overdueInvoices(limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts()
      .select('view')
      .where('invoice_status', '=', 'OVERDUE')
      .orderBy('invoice_due_on', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /** Contracts with a certificate out (ISSUED, ACTIVE) whose current certificate's notAfter falls within [now, now + withinDays], soonest first. */
  async expiringCertificates(withinDays: number, now: Date, limit?: number): Promise<ContractView[]> {
    if (!Number.isFinite(withinDays) || withinDays < 0) throw new RangeError(`withinDays: must be 0 or more (got ${withinDays})`);
    const rows = await this.contracts()
      .select('view')
      .where('status', 'in', ['ISSUED', 'ACTIVE'])
      .where('current_cert_not_after', '>=', now.toISOString())
      .where('current_cert_not_after', '<=', new Date(now.getTime() + withinDays * DAY_MS).toISOString())
      .orderBy('current_cert_not_after', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /** Stickers requested and not shipped yet, for contracts that are valid (accepted, not ended), accepted longest ago first. */
  async stickersToShip(limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts()
      .select('view')
      .where('sticker_requested', '=', 1)
      .where('sticker_status', '=', 'REQUESTED')
      .where('status', 'in', VALID_CONTRACT_STATUSES)
      .orderBy('accepted_at', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /** Stickers due back (Art. 12: RETURN_REQUESTED) and not received yet, requested longest ago first. */
  async outstandingStickers(limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts()
      .select('view')
      .where('sticker_status', '=', 'RETURN_REQUESTED')
      .orderBy('sticker_return_requested_at', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /**
   * Certificates sent by post (Art. 4(4)) that no operator has confirmed delivered within `withinDays` of their
   * issuance: ISSUED contracts with POST delivery whose newest certificate is older than that. Oldest first.
   */
  async deliveriesPending(now: Date, withinDays = 14, limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts().select('view').where('status', '=', 'ISSUED').orderBy('id', 'asc').execute();
    const before = now.getTime() - withinDays * DAY_MS;
    const pending = rows
      .map((r) => fromDbJson<ContractView>(r.view))
      .filter((v) => v.certificateDeliveryMethod === 'POST')
      .map((v) => ({ v, issued: v.certificates.length > 0 ? new Date(v.certificates[v.certificates.length - 1]!.notBefore).getTime() : Infinity }))
      .filter((x) => x.issued <= before)
      .sort((a, b) => a.issued - b.issued);
    return pending.slice(0, this.limit(limit)).map((x) => x.v);
  }

  /** Revocations initiated or requested and not answered by the CA, nearest deadline first, each with its urgency at `now`. */
  async pendingRevocations(now: Date, limit?: number): Promise<PendingRevocation[]> {
    const rows = await this.contracts()
      .select('view')
      .where('revocation_status', 'in', ['INITIATED', 'REQUESTED'])
      .orderBy('revocation_deadline', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => {
      const contract = fromDbJson<ContractView>(r.view);
      const revocation = contract.revocation!;
      const deadline = new Date(revocation.deadline).getTime();
      const windowMs = deadline - new Date(revocation.initiatedAt).getTime();
      const remainingMs = deadline - now.getTime();
      const overdue = remainingMs <= 0;
      const urgent = overdue || remainingMs < this.urgentMs || remainingMs < windowMs * this.urgentFraction;
      return { contract, deadline: revocation.deadline, remainingMs, windowMs, urgent, overdue };
    });
  }

  /**
   * ACTIVE contracts whose coverage goes on (Art. 11) past a current certificate that has expired or expires
   * within the reissue window, with no CA order pending: a new CSR is needed. Soonest (or longest lapsed) first.
   */
  async reissuesDue(now: Date, limit?: number): Promise<ContractView[]> {
    const rows = await this.contracts()
      .select('view')
      .where('status', '=', 'ACTIVE')
      .where('coverage_ends_on', '>=', toJapanDate(now))
      .where('has_pending_order', '=', 0)
      .where('coverage_continues_after_cert', '=', 1)
      .where('current_cert_not_after', '<=', new Date(now.getTime() + this.reissueWindowMs).toISOString())
      .orderBy('current_cert_not_after', 'asc')
      .orderBy('id', 'asc')
      .limit(this.limit(limit))
      .execute();
    return rows.map((r) => fromDbJson<ContractView>(r.view));
  }

  /** Art. 6 and 13 at `now`. */
  async serviceStatus(now: Date): Promise<ServiceStatusView> {
    const { row, termsVersions } = await this.readService();
    const today = toJapanDate(now);
    const termsVersion = termsVersionInForce({ termsVersions }, now);
    const position = row ? fromDbBigintOrNull(row.position) : null;
    return {
      suspended: row ? fromDbBool(row.suspended) : false,
      reason: row?.reason ?? null,
      suspendedSince: row?.suspended_since ?? null,
      termsVersion,
      upcomingTermsVersions: termsVersions.filter((v) => v.effectiveFrom > today),
      termsVersions,
      position: position === null ? null : position.toString(),
    };
  }

  /** The service row (position as text), then every terms version, the initial one first. */
  private async readService() {
    const row = await this.tables
      .selectFrom('service_status')
      .select(['suspended', 'reason', 'suspended_since', bigintText('service_status.position').as('position')])
      .where('id', '=', SERVICE_STATUS_ROW_ID)
      .executeTakeFirst();
    const revisions = await this.tables
      .selectFrom('service_terms_versions')
      .select(['version', 'effective_from', 'summary', 'document_sha256', 'revised_at'])
      .orderBy('effective_from', 'asc')
      .orderBy('version', 'asc')
      .execute();
    const initial: TermsVersionView = { version: this.initialTermsVersion, effectiveFrom: '1970-01-01', summary: 'initial terms', documentSha256: null, revisedAt: null };
    const termsVersions: readonly TermsVersionView[] = [
      initial,
      ...revisions.map((r) => ({ version: r.version, effectiveFrom: r.effective_from, summary: r.summary, documentSha256: r.document_sha256, revisedAt: r.revised_at })),
    ];
    return { row, termsVersions };
  }

  private limit(limit: number | undefined): number {
    return bounded(limit, this.workListLimit, 'limit');
  }

  private filterConditions(eb: Eb, filter: ContractFilter): Expression<SqlBool>[] {
    const all: Expression<SqlBool>[] = [];
    const statuses = statusList(filter.status);
    if (statuses) all.push(statuses.length === 0 ? sql<SqlBool>`1 = 0` : eb('contracts.status', 'in', statuses));
    if (filter.organizationName != null && filter.organizationName.trim() !== '') {
      all.push(like(eb, 'contracts.organization_name_lower', `%${likeEscape(searchKey(filter.organizationName.trim()))}%`));
    }
    if (filter.fqdn != null && normalizeFqdn(filter.fqdn) !== '') {
      const fqdn = normalizeFqdn(filter.fqdn);
      all.push(eb.or([eb('contracts.fqdn', '=', fqdn), like(eb, 'contracts.fqdn_reversed', `${likeEscape(reverseLabels(fqdn))}.%`)]));
    }
    if (filter.submittedFrom) all.push(eb('contracts.submitted_at', '>=', filter.submittedFrom.toISOString()));
    if (filter.submittedTo) all.push(eb('contracts.submitted_at', '<=', filter.submittedTo.toISOString()));
    return all;
  }
}
