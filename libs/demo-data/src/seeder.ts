import { createHash } from 'node:crypto';
import { DemoApiError, type DemoApi } from './api';
import { makeCsrPem } from './csr';
import { contractsOfEra, ERAS, type DemoPlan, type DemoState, type PlannedContract } from './plan';

/** What the seeding reads of a contract to know where it stands. */
export interface DemoContractView {
  readonly id: string;
  readonly status: string;
  readonly submittedAt: string;
  readonly outstandingDocumentKinds: readonly string[];
  readonly invoice: { readonly amountJpy: number; readonly status: string } | null;
  readonly sticker: { readonly status: string } | null;
  readonly revocation: { readonly reason: string; readonly status: string } | null;
  readonly notifications: readonly { readonly kind: string }[];
}

const VIEW = 'id status submittedAt outstandingDocumentKinds invoice { amountJpy status } sticker { status } revocation { reason status } notifications { kind }';

export interface SeededContract {
  readonly index: number;
  readonly state: DemoState;
  readonly contractId: string;
  readonly organizationName: string;
  readonly fqdn: string;
  readonly status: string;
}

export interface SeedResult {
  readonly contracts: readonly SeededContract[];
  /** The simulated clock when the seeding ended. */
  readonly clockAt: string;
}

export interface SeedOptions {
  /** Called as the work advances: units done of the total (contracts set up, days of simulated time moved). */
  readonly onProgress?: (done: number, total: number) => void;
  /** How long to wait for the sagas and the CA to bring one contract to where it should be (real time). */
  readonly settleTimeoutMs?: number;
}

/** A state the seeding could not reach: what it waited for and where the contract stood. */
export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
}

const japanDate = (instant: string | Date): string => new Date(new Date(instant).getTime() + 9 * 3600_000).toISOString().slice(0, 10);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** A small, distinct PDF for one document of one demo contract (the same bytes for the same seed). */
function documentBytes(contract: PlannedContract, kind: string): Uint8Array {
  const tag = createHash('sha256').update(`${contract.idempotencyPrefix}/${kind}`).digest('hex').slice(0, 16);
  return new TextEncoder().encode(`%PDF-1.4\n% demo ${kind} ${contract.persona.applicant.organizationName} ${tag}\n%%EOF\n`);
}

/**
 * Brings `plan`'s contracts to their states through the public API, era by era on the simulated clock (see ERAS):
 * applications are submitted with their documents and a real CSR, screened, invoiced and paid, certificates issued
 * and delivered by the built-in CA, stickers shipped, revocations and terminations requested — and the clock moved
 * so that the sagas do the rest (overdue, non-payment revocation, expiry, termination, sticker return requests).
 * Every mutation carries a clientMutationId derived from the plan: a retried request writes nothing twice, and the
 * contract ids (derived from it) are the same for the same seed.
 */
export async function seedDemoData(api: DemoApi, plan: DemoPlan, options: SeedOptions = {}): Promise<SeedResult> {
  return new Seeding(api, plan, options).run();
}

class Seeding {
  private readonly requirements = new Map<string, readonly string[]>();
  private readonly ids = new Map<number, string>();
  private done = 0;
  private readonly total: number;
  private clockAt = '';

  constructor(
    private readonly api: DemoApi,
    private readonly plan: DemoPlan,
    private readonly options: SeedOptions,
  ) {
    this.total = plan.contracts.length + 1 + ERAS.reduce((sum, era) => sum + era.advanceDaysAfter, 0);
  }

  async run(): Promise<SeedResult> {
    await this.requireSimulatedClock();
    for (const era of ERAS) {
      const contracts = contractsOfEra(this.plan, era);
      for (const contract of contracts) {
        await this.setUp(contract);
        this.progress(1);
      }
      await this.advance(era.advanceDaysAfter);
      for (const contract of contracts) await this.until(contract, `reach ${contract.state}`, (view) => reached(contract.state, view));
    }
    const contracts: SeededContract[] = [];
    for (const contract of this.plan.contracts) {
      const view = await this.view(this.idOf(contract));
      contracts.push({
        index: contract.index,
        state: contract.state,
        contractId: view.id,
        organizationName: contract.persona.applicant.organizationName,
        fqdn: contract.persona.fqdn,
        status: view.status,
      });
    }
    return { contracts, clockAt: this.clockAt };
  }

  /**
   * The seeding moves time, which only a service on the simulated clock allows (and nothing else should be seeded):
   * it starts by moving the clock one day, which a service on the system clock refuses before anything is written.
   */
  private async requireSimulatedClock(): Promise<void> {
    try {
      await this.advance(1);
    } catch (err) {
      if (err instanceof DemoApiError && err.code === 'CLOCK_NOT_SIMULATED') {
        throw new DemoSeedError('the service runs on the system clock: demo data needs CLOCK=simulated (start it with CLOCK=simulated npm start)');
      }
      throw err;
    }
  }

  private progress(units: number): void {
    this.done += units;
    this.options.onProgress?.(this.done, this.total);
  }

  private idOf(contract: PlannedContract): string {
    const id = this.ids.get(contract.index);
    if (id === undefined) throw new DemoSeedError(`contract #${contract.index + 1} was never submitted`);
    return id;
  }

  private async view(id: string): Promise<DemoContractView> {
    const { contract } = await this.api.graphql<{ contract: DemoContractView | null }>(`query($id: ID!) { contract(id: $id) { ${VIEW} } }`, { id });
    if (!contract) throw new DemoSeedError(`contract ${id} is not in the read model`);
    return contract;
  }

  private async mutate(contract: PlannedContract, name: string, input: Record<string, unknown>): Promise<DemoContractView> {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const data = await this.api.graphql<Record<string, { contract: DemoContractView }>>(
      `mutation($i: ${type}!) { ${name}(input: $i) { contract { ${VIEW} } } }`,
      { i: { ...input, clientMutationId: `${contract.idempotencyPrefix}/${name}` } },
    );
    return data[name]!.contract;
  }

  /** suspendService / resumeService (Art. 6), with a clientMutationId of the contract that needed it. */
  private async service(contract: PlannedContract, name: 'suspendService' | 'resumeService', reason: string): Promise<void> {
    const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    await this.api.graphql(`mutation($i: ${type}!) { ${name}(input: $i) { serviceStatus { suspended } } }`, {
      i: { reason, clientMutationId: `${contract.idempotencyPrefix}/${name}` },
    });
  }

  /** Polls the contract until `ok`, while the sagas and the CA work (they run in real time between clock moves). */
  private async until(contract: PlannedContract, what: string, ok: (view: DemoContractView) => boolean): Promise<DemoContractView> {
    const id = this.idOf(contract);
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 60_000);
    for (;;) {
      const view = await this.view(id);
      if (ok(view)) return view;
      if (Date.now() > deadline) {
        throw new DemoSeedError(
          `contract #${contract.index + 1} (${contract.state}) did not ${what}: it stands at ${view.status}` +
            `${view.invoice ? `, invoice ${view.invoice.status}` : ''}${view.revocation ? `, revocation ${view.revocation.reason} ${view.revocation.status}` : ''}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async requiredKinds(organizationType: string): Promise<readonly string[]> {
    let kinds = this.requirements.get(organizationType);
    if (!kinds) {
      const data = await this.api.graphql<{ documentRequirements: string[] }>('query($t: OrganizationType!) { documentRequirements(organizationType: $t) }', { t: organizationType });
      kinds = data.documentRequirements;
      this.requirements.set(organizationType, kinds);
    }
    return kinds;
  }

  private async submit(contract: PlannedContract, leaveOut: string | null = null): Promise<DemoContractView> {
    const { applicant, fqdn } = contract.persona;
    const kinds = (await this.requiredKinds(applicant.organizationType)).filter((kind) => kind !== leaveOut);
    const documentIds: string[] = [];
    for (const kind of kinds) documentIds.push(await this.api.upload(kind, documentBytes(contract, kind), `${kind.toLowerCase()}.pdf`));
    const view = await this.mutate(contract, 'submitApplication', {
      applicant: { ...applicant, ...(applicant.corporateNumber === null ? { corporateNumber: undefined } : {}) },
      webServerFqdn: fqdn,
      planMonths: contract.planMonths,
      stickerRequested: contract.stickerRequested,
      certificateDeliveryMethod: contract.certificateDeliveryMethod,
      csrPem: await makeCsrPem(fqdn),
      documentIds,
    });
    this.ids.set(contract.index, view.id);
    return view;
  }

  private pass(contract: PlannedContract): Promise<DemoContractView> {
    return this.mutate(contract, 'passScreening', {
      contractId: this.idOf(contract),
      checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true },
    });
  }

  /** Screened, invoiced, paid on the day, issued and delivered by e-mail: ACTIVE. */
  private async activate(contract: PlannedContract, today: string, pay = true): Promise<DemoContractView> {
    await this.pass(contract);
    const invoiced = await this.until(contract, 'get its invoice', (view) => view.invoice !== null);
    if (pay) {
      await this.mutate(contract, 'recordPayment', {
        contractId: this.idOf(contract),
        amountJpy: invoiced.invoice!.amountJpy,
        paidOn: today,
        bankReference: `FURIKOMI-${String(contract.index + 1).padStart(5, '0')}`,
      });
    }
    // The sagas' notices too, so the next step of the staff follows them as it would in an office.
    return this.until(contract, 'become ACTIVE', (view) => view.status === 'ACTIVE' && hasNotices(view, ['SCREENING_RESULT', 'INVOICE', 'CERTIFICATE_DELIVERY']));
  }

  private async shipSticker(contract: PlannedContract, today: string): Promise<void> {
    await this.mutate(contract, 'recordStickerShipped', {
      contractId: this.idOf(contract),
      stickerSerial: `PFW-S${String(this.plan.seed % 10_000).padStart(4, '0')}-${String(contract.index + 1).padStart(5, '0')}`,
      shippedOn: today,
    });
  }

  private async setUp(contract: PlannedContract): Promise<void> {
    const id = () => this.idOf(contract);
    const state = contract.state;
    const submitted = await this.submit(contract, state === 'WAITING_FOR_DOCUMENTS' ? 'COVER_LETTER' : null);
    const today = japanDate(submitted.submittedAt);
    switch (state) {
      case 'IN_SCREENING':
        return;
      case 'WAITING_FOR_DOCUMENTS':
        await this.mutate(contract, 'requestAdditionalDocuments', { contractId: id(), kinds: ['COVER_LETTER'], note: '送付状をお送りください。' });
        return;
      case 'REJECTED':
        await this.mutate(contract, 'failScreening', { contractId: id(), reasons: ['NO_JAPAN_BASE'], note: '国内の事業拠点が確認できませんでした。' });
        return;
      case 'WITHDRAWN':
        await this.mutate(contract, 'withdrawApplication', { contractId: id(), note: 'お客様のご都合により取り下げ' });
        return;
      case 'REVOKED_NON_PAYMENT':
      case 'OVERDUE_IN_GRACE':
        await this.activate(contract, today, false);
        return;
      case 'CANCELLED':
        // The customer cancels before the certificate is issued (Art. 7: after issuance it would be a revocation).
        // The service is suspended meanwhile (Art. 6: no request goes out to the CA), so the built-in CA cannot
        // issue first; on resume the withdrawn order stays withdrawn.
        await this.service(contract, 'suspendService', '定期保守（デモデータ作成）');
        try {
          await this.pass(contract);
          await this.until(contract, 'be invoiced', (view) => view.invoice !== null && hasNotices(view, ['SCREENING_RESULT', 'INVOICE']));
          await this.mutate(contract, 'cancelContract', { contractId: id(), reason: 'CUSTOMER_REQUEST', note: 'お客様のご都合による解約（証明書発行前）' });
        } finally {
          await this.service(contract, 'resumeService', '定期保守の終了');
        }
        return;
      default:
        break;
    }
    await this.activate(contract, today);
    if (contract.stickerRequested && state !== 'ACTIVE_STICKER_TO_SHIP') await this.shipSticker(contract, today);
    switch (state) {
      case 'TERMINATED':
        // Art. 14: at least three months' notice; a few days more keeps clear of month ends.
        await this.mutate(contract, 'noticeTermination', { contractId: id(), noticedOn: today, effectiveOn: addDays(addMonths(today, 3), 3), channel: 'DOCUMENT', reason: 'サービス提供体制の見直しに伴う解約' });
        return;
      case 'REVOKED_CUSTOMER_REQUEST':
        await this.mutate(contract, 'requestRevocation', { contractId: id(), reason: 'CUSTOMER_REQUEST', crlReason: 'CESSATION_OF_OPERATION', note: 'ウェブサイト閉鎖のため' });
        break;
      case 'REVOKED_PROHIBITED_ACT':
        await this.mutate(contract, 'requestRevocation', { contractId: id(), reason: 'PROHIBITED_ACT', note: '第3条ただし書に該当する行為を確認' });
        break;
      case 'REVOKED_BREACH':
        await this.mutate(contract, 'requestRevocation', { contractId: id(), reason: 'BREACH', note: '第10条違反：ステッカーの第三者への貸与を確認' });
        break;
      case 'REVOKED_KEY_COMPROMISE':
      case 'REVOKED_TRUST_IMPAIRED':
        await this.mutate(contract, 'reportTrustImpaired', {
          contractId: id(),
          cause: state === 'REVOKED_KEY_COMPROMISE' ? 'KEY_COMPROMISE' : 'OTHER',
          reportedAt: submitted.submittedAt,
          note: state === 'REVOKED_KEY_COMPROMISE' ? '秘密鍵の漏えいの報告' : '証明書の信頼性を損なう事由の報告',
        });
        break;
      default:
        return;
    }
    // The notice, the request and the CA's answer run on their own; wait so the next contract starts from a quiet log.
    await this.until(contract, 'be revoked', (view) => view.status === 'REVOKED');
  }

  /**
   * Moves the simulated clock by `days`. The service fires what falls due in due order, each due time's work (the
   * CA's answers included) run to completion before the clock moves on, so a long move is one call.
   */
  private async advance(days: number): Promise<void> {
    if (days === 0) return;
    const { advanceClock } = await this.api.graphql<{ advanceClock: { now: string } }>(
      'mutation($i: AdvanceClockInput!) { advanceClock(input: $i) { now } }',
      { i: { days } },
    );
    this.clockAt = advanceClock.now;
    this.progress(days);
  }
}

const hasNotices = (view: DemoContractView, kinds: readonly string[]): boolean => kinds.every((kind) => view.notifications.some((n) => n.kind === kind));

/** Whether a contract stands where its demo state says. */
export function reached(state: DemoState, view: DemoContractView): boolean {
  switch (state) {
    case 'EXPIRED':
    case 'TERMINATED':
    case 'REJECTED':
    case 'WITHDRAWN':
      return view.status === state;
    case 'CANCELLED':
      // Settled once the customer was told of the cancellation (the sagas send that notice after the command).
      return view.status === state && hasNotices(view, ['REVOCATION_NOTICE']);
    case 'REVOKED_CUSTOMER_REQUEST':
    case 'REVOKED_PROHIBITED_ACT':
    case 'REVOKED_KEY_COMPROMISE':
    case 'REVOKED_TRUST_IMPAIRED':
    case 'REVOKED_NON_PAYMENT':
    case 'REVOKED_BREACH':
      return view.status === 'REVOKED' && view.revocation?.reason === state.slice('REVOKED_'.length) && view.revocation.status === 'REVOKED';
    case 'OVERDUE_IN_GRACE':
      return view.status === 'ACTIVE' && view.invoice?.status === 'OVERDUE';
    case 'ACTIVE':
      return view.status === 'ACTIVE' && view.invoice?.status === 'SETTLED';
    case 'ACTIVE_STICKER_LENT':
      return view.status === 'ACTIVE' && view.sticker?.status === 'LENT';
    case 'ACTIVE_STICKER_TO_SHIP':
      return view.status === 'ACTIVE' && view.sticker?.status === 'REQUESTED';
    case 'IN_SCREENING':
      return view.status === 'SUBMITTED' && view.outstandingDocumentKinds.length === 0;
    case 'WAITING_FOR_DOCUMENTS':
      return view.status === 'SUBMITTED' && view.outstandingDocumentKinds.length > 0;
  }
}
