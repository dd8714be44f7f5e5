import {
  addDays, closedAt, contractDecider, SERVICE_STREAM_ID, serviceDecider, type ServiceCommand, type ServiceEvent, type ServiceState, coverageEndInstant, DEFAULT_POLICY, ENDED_STATUSES, FINAL_STATUSES, isContract, lifetimeCapOn, nonPaymentProblem, periodEnd,
  toJapanDate, type Actor, type Contract, type ContractCommand, type ContractEvent, type ContractState,
} from '@pfw/domain';
import { allSagas, buildNotice, type DeadlineSpec, type Json, type SagaDefinition, type SagaEvent } from '@pfw/sagas';
import { cmd, CONTRACT_ID, submitCommand, T0 } from '../../../domain/test/support/fixtures';

/**
 * A whole contract lifecycle in memory: the real deciders (contract and service) and the real saga reactors, an in-memory
 * deadline store (a key scheduled once, ever; pending until run or cancelled), a poller that runs due
 * deadlines in due order, and a fake CA whose behaviour the test changes (answers at once, late, refuses,
 * never answers). Each deadline kind is interpreted the way its action in `src/actions/` decides it.
 */

export type CaMode = 'AT_ONCE' | 'LATE' | 'REFUSES' | 'NEVER';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy = DEFAULT_POLICY;
const decider = contractDecider(policy);
const serviceDeciderBound = serviceDecider(policy);
const sys = (name: string): Actor => ({ id: `saga:${name}`, role: 'SYSTEM' });
const operator: Actor = { id: 'op-1', role: 'OPERATOR' };

interface Pending {
  readonly id: string;
  readonly saga: string;
  readonly spec: DeadlineSpec;
  dueAt: Date;
  readonly seq: number;
}

export class LifecycleWorld {
  now = new Date(T0.getTime());
  state: ContractState = decider.initialState;
  readonly events: { event: ContractEvent; at: Date }[] = [];
  caMode: CaMode;
  /** The service stream (Art. 6), through the real service decider: suspension is a fact of the stream, not a flag. */
  private service: ServiceState = serviceDeciderBound.initialState;
  /** Deadline ids ever scheduled (the store ignores a second schedule of the same id). */
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly sagas: SagaDefinition<Json>[] = allSagas(policy);
  private readonly sagaStates = new Map<string, Json>(this.sagas.map((s) => [s.name, s.initialState]));
  private seq = 0;
  private position = 0n;
  /** Notices that went out, by deadline id: nothing may go out twice. */
  readonly sent: string[] = [];
  /** Art. 13: revisions announced, and whether the contract was running then (so it must be told). */
  readonly revisions: { version: string; at: Date; runningThen: boolean }[] = [];
  /** Steps that went to stuckProcesses (escalations and refusals staff must see). */
  readonly stuck: string[] = [];
  /** CA answers still to come (LATE): [due, command]. */
  private readonly caLater: { at: Date; command: () => ContractCommand | null }[] = [];

  /** `firstCaMode`: how the CA treats the first order (it may refuse it or never answer). */
  constructor(firstCaMode: CaMode = 'AT_ONCE') {
    this.caMode = firstCaMode;
    this.decide(submitCommand({ at: T0 }));
    this.decide(cmd.pass(new Date(T0.getTime() + HOUR)));
    this.settle();
  }

  get suspended(): boolean {
    return this.service.suspended;
  }

  /** Suspends or resumes the service as an admin would (a refused command — already so — changes nothing). */
  setSuspended(suspended: boolean): void {
    this.decideService(
      suspended ? { type: 'SuspendService', actor: staff.admin, at: this.now, reason: 'model' } : { type: 'ResumeService', actor: staff.admin, at: this.now, reason: 'model' },
    );
  }

  /** Art. 13: an admin revises the terms, in force `inDays` days from today (refused when not after the last revision's date). */
  reviseTerms(inDays: number): void {
    const version = String(this.service.termsVersions.length + 1);
    if (this.decideService({ type: 'ReviseTerms', actor: staff.admin, at: this.now, version, effectiveFrom: addDays(toJapanDate(this.now), inDays), summary: 'model' })) {
      this.revisions.push({ version, at: this.now, runningThen: isContract(this.state) && this.state.acceptedAt !== null && closedAt(this.state) === null });
      this.settle();
    }
  }

  /** The terms versions of the service stream (for governingTermsVersion). */
  get terms(): ServiceState {
    return this.service;
  }

  private decideService(command: ServiceCommand): boolean {
    const decision = serviceDeciderBound.decide(command, this.service);
    if (!decision.ok) return false;
    for (const event of decision.events) {
      this.service = serviceDeciderBound.evolve(this.service, event);
      this.react(event, SERVICE_STREAM_ID);
    }
    return true;
  }

  get contract(): Contract {
    if (!isContract(this.state)) throw new Error('no contract');
    return this.state;
  }

  /** Decides a command at `now`; accepted events are folded and handed to every saga. True when accepted. */
  decide(command: ContractCommand): boolean {
    const decision = decider.decide({ ...command, at: this.now } as ContractCommand, this.state);
    if (!decision.ok) return false;
    for (const event of decision.events) {
      this.state = decider.evolve(this.state, event);
      this.events.push({ event, at: this.now });
      this.react(event);
    }
    return true;
  }

  private react(event: ContractEvent | ServiceEvent, stream: string = CONTRACT_ID): void {
    this.position += 1n;
    const service = stream === SERVICE_STREAM_ID;
    const se: SagaEvent = {
      event, streamId: service ? SERVICE_STREAM_ID : `contract-${CONTRACT_ID}`, contractId: service ? SERVICE_STREAM_ID : CONTRACT_ID, position: this.position,
      envelope: { eventId: `e-${this.position}`, actor: sys('model'), correlationId: 'c', causationId: null, commandName: 'Model', occurredAt: this.now, termsVersion: '1' },
    };
    for (const saga of this.sagas) {
      if (!saga.handles.includes(event.type)) continue;
      const reaction = saga.react(this.sagaStates.get(saga.name)!, se);
      this.sagaStates.set(saga.name, reaction.state);
      for (const key of reaction.cancel ?? []) this.pending.delete(`${saga.name}/${CONTRACT_ID}/${key}`);
      for (const spec of reaction.schedule ?? []) {
        const id = `${saga.name}/${spec.contractId ?? CONTRACT_ID}/${spec.key}`;
        if (this.used.has(id)) continue;
        this.used.add(id);
        this.pending.set(id, { id, saga: saga.name, spec, dueAt: spec.dueAt, seq: this.seq++ });
      }
    }
  }

  /** Moves the clock, running what falls due in due order with the clock at each due time. */
  advance(ms: number): void {
    const to = new Date(this.now.getTime() + ms);
    this.settle(to);
    this.now = to;
  }

  settle(until: Date = this.now): void {
    // A step deferred in this pass stays pending without holding back the ones behind it (the poller's `seen`).
    const deferred = new Set<string>();
    for (let guard = 0; guard < 500; guard++) {
      const ca = this.caLater.filter((x) => x.at.getTime() <= until.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime())[0];
      const next = [...this.pending.values()]
        .filter((p) => p.dueAt.getTime() <= until.getTime() && !deferred.has(p.id) && !(this.suspended && CA_BOUND.has(p.spec.kind)))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.seq - b.seq)[0];
      if (ca && (!next || ca.at.getTime() <= next.dueAt.getTime())) {
        this.caLater.splice(this.caLater.indexOf(ca), 1);
        if (ca.at.getTime() > this.now.getTime()) this.now = ca.at;
        const c = ca.command();
        if (c) this.decide(c);
        continue;
      }
      if (!next) return;
      if (next.dueAt.getTime() > this.now.getTime()) this.now = next.dueAt;
      const outcome = this.run(next);
      if (outcome === 'wait') next.dueAt = new Date(this.now.getTime() + HOUR);
      else if (outcome === 'deferred') deferred.add(next.id);
      else this.pending.delete(next.id);
    }
  }

  /** The deadline's action, deciding as `src/actions/` does (skipped when nothing is left to do). */
  private run(p: Pending): 'done' | 'wait' | 'deferred' {
    const c = this.contract;
    const s = p.spec;
    const as = sys(p.saga);
    const base = { contractId: CONTRACT_ID, actor: as, at: this.now };
    const revocationOpen = c.revocation !== null && (c.revocation.status === 'INITIATED' || c.revocation.status === 'REQUESTED');
    switch (s.kind) {
      case 'notice': {
        if (s.payload.kind === 'TERMINATION_NOTICE') return 'done';
        if (s.payload.kind === 'REVOCATION_NOTICE' && 'initiatedAt' in s.payload && c.revocation?.initiatedAt.toISOString() !== s.payload.initiatedAt) return 'done';
        if (s.payload.kind === 'STICKER_RETURN_REQUEST' && c.sticker.status !== 'RETURN_REQUESTED') return 'done';
        let termsVersion: string | null = null;
        if (s.payload.kind === 'TERMS_CHANGED') {
          if ('skip' in buildNotice(c, s.payload, this.now, { policy, stickerReturnAddress: null })) return 'done';
          termsVersion = s.payload.termsVersion;
        }
        if (this.decide({ ...base, type: 'NotifyCustomer', kind: s.payload.kind, channel: 'EMAIL', recipient: 'x@example.jp', termsVersion } as ContractCommand)) this.sent.push(p.id);
        return 'done';
      }
      case 'command.MarkPaymentOverdue':
        this.decide({ ...base, type: 'MarkPaymentOverdue', invoiceId: s.payload.invoiceId });
        return 'done';
      case 'nonPayment.graceEnded': {
        if (nonPaymentProblem(c, this.now, policy)) return 'done';
        if (revocationOpen) return 'wait';
        if (c.status === 'ISSUED' || c.status === 'ACTIVE') this.decide({ ...base, type: 'InitiateRevocation', reason: 'NON_PAYMENT', note: 'unpaid' });
        else if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
          if (this.decide({ ...base, type: 'NotifyCustomer', kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: 'x@example.jp' })) this.sent.push(p.id);
        }
        return 'done';
      }
      case 'nonPayment.cancel':
        if (nonPaymentProblem(c, this.now, policy)) return 'done';
        if (c.status === 'ISSUED' || c.status === 'ACTIVE') this.decide({ ...base, type: 'InitiateRevocation', reason: 'NON_PAYMENT', note: 'unpaid' });
        else if (c.pendingOrder && this.suspended) return 'deferred';
        else this.decide({ ...base, type: 'CancelContract', reason: 'NON_PAYMENT', note: 'unpaid', serviceSuspended: false });
        return 'done';
      case 'command.IssueInvoice':
        this.decide({ ...base, type: 'IssueInvoice', invoiceId: s.payload.invoiceId, channel: 'EMAIL' });
        return 'done';
      case 'command.RequestCertificate':
        if (this.suspended) return 'deferred';
        this.decide({ ...base, type: 'RequestCertificate', caOrderId: s.payload.caOrderId, serviceSuspended: false });
        return 'done';
      case 'ca.submitIssuance':
        if (c.pendingOrder?.caOrderId !== s.payload.orderId) return 'done';
        this.caIssue(s.payload.orderId);
        return 'done';
      case 'command.RecordCertificateDelivered':
        this.decide({ ...base, type: 'RecordCertificateDelivered', serialNumber: s.payload.serialNumber, deliveredAt: this.now });
        return 'done';
      case 'revocation.send':
        this.decide({ ...base, type: 'SendRevocationRequest', caOrderId: `REV-${p.seq}`, serviceSuspended: false });
        return 'done';
      case 'revocation.escalate':
        if (c.revocation?.initiatedAt.toISOString() !== s.payload.initiatedAt) return 'done';
        if (revocationOpen || (c.revocation.status === 'REJECTED' && c.revocation.reason === 'TERMINATION')) this.stuck.push(p.id);
        return 'done';
      case 'ca.submitRevocation':
        if (c.revocation?.status !== 'REQUESTED' || c.revocation.caOrderId !== s.payload.caOrderId) return 'done';
        this.caRevoke(s.payload.serialNumber, s.payload.caOrderId);
        return 'done';
      case 'ca.cancelOrder':
        return 'done';
      case 'ca.orderUnanswered':
        if (c.pendingOrder?.caOrderId === s.payload.orderId) this.stuck.push(p.id);
        return 'done';
      case 'command.RequestStickerReturn':
        this.decide({ ...base, type: 'RequestStickerReturn' });
        return 'done';
      case 'command.ExpireContract':
        if (c.status === 'REVOCATION_REQUESTED') return 'wait';
        this.decide({ ...base, type: 'ExpireContract' });
        return 'done';
      case 'termination.terminate':
        if (!c.termination) return 'done';
        if (c.status === 'REVOCATION_REQUESTED') return 'wait';
        if (c.pendingOrder && this.suspended) return 'deferred';
        this.decide({ ...base, type: 'TerminateContract', serviceSuspended: false });
        return 'done';
      default:
        return 'done';
    }
  }

  private caIssue(orderId: string): void {
    const issue = (): ContractCommand | null => {
      const c = this.contract;
      if (c.pendingOrder?.caOrderId !== orderId) return null;
      const cap = lifetimeCapOn(policy, toJapanDate(this.now));
      const notAfter = new Date(Math.min(this.now.getTime() + cap * DAY - 1000, coverageEndInstant(c.coverageEndsOn!).getTime() - 1000));
      if (notAfter.getTime() <= this.now.getTime()) return null;
      return {
        type: 'RecordCertificateIssued', contractId: CONTRACT_ID, actor: sys('issuance'), at: this.now, caOrderId: orderId, serialNumber: (0x1000 + this.seq++).toString(16).toUpperCase(),
        notBefore: this.now, notAfter, subject: 'CN=x', issuer: 'CN=CA', fingerprintSha256: 'ab'.repeat(32), pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      };
    };
    if (this.caMode === 'AT_ONCE') {
      const c = issue();
      if (c) this.decide(c);
    } else if (this.caMode === 'LATE') this.caLater.push({ at: new Date(this.now.getTime() + 2 * DAY), command: issue });
    else if (this.caMode === 'REFUSES') {
      const c = this.contract;
      if (c.pendingOrder?.kind === 'INITIAL' && c.status === 'CERTIFICATE_REQUESTED') {
        this.decide({ type: 'CancelContract', contractId: CONTRACT_ID, actor: sys('issuance'), at: this.now, reason: 'CA_REFUSED', note: 'refused', serviceSuspended: false });
      } else this.stuck.push(`ca refused ${orderId}`);
    }
  }

  private caRevoke(serialNumber: string, caOrderId: string): void {
    const revoke = (): ContractCommand | null => {
      const r = this.contract.revocation;
      if (r?.status !== 'REQUESTED' || r.caOrderId !== caOrderId) return null;
      return { type: 'RecordCertificateRevoked', contractId: CONTRACT_ID, actor: sys('revocation'), at: this.now, serialNumber, revokedAt: this.now, crlReason: r.crlReason, caReference: 'CA' };
    };
    if (this.caMode === 'AT_ONCE') {
      const c = revoke();
      if (c) this.decide(c);
    } else if (this.caMode === 'LATE') this.caLater.push({ at: new Date(this.now.getTime() + 2 * DAY), command: revoke });
    else if (this.caMode === 'REFUSES') this.decide({ type: 'RecordRevocationRejected', contractId: CONTRACT_ID, actor: sys('revocation'), at: this.now, serialNumber, error: 'refused' });
  }

  // ------------------------------------------------------------------ invariants

  /** Every invariant of the issue, at this instant; a list of what is violated. */
  violations(): string[] {
    const c = this.contract;
    const out: string[] = [];
    // Nothing is sent twice.
    if (new Set(this.sent).size !== this.sent.length) out.push('a notice went out twice');
    // No SECOM-initiated revocation request without its notice first.
    let initiated: ContractEvent | null = null;
    let noticed = false;
    for (const { event } of this.events) {
      if (event.type === 'RevocationInitiated') [initiated, noticed] = [event, false];
      if (event.type === 'CustomerNotified' && event.data.kind === 'REVOCATION_NOTICE') noticed = true;
      if (event.type === 'RevocationRequested' && initiated?.type === 'RevocationInitiated' && initiated.data.noticeRule === 'REVOCATION_NOTICE' && !noticed) {
        out.push(`RevocationRequested (${event.data.reason}) without a REVOCATION_NOTICE first`);
      }
    }
    // Art. 13: a revision announced while the contract ran was told to it exactly once (the notice is due at once).
    for (const r of this.revisions) {
      const told = c.notifications.filter((n) => n.kind === 'TERMS_CHANGED' && n.termsVersion === r.version).length;
      if (told > 1 || (r.runningThen && told === 0)) out.push(`terms version ${r.version} was told ${told} times`);
    }
    // Compensation total ≤ fee received.
    const assessed = c.compensations.reduce((sum, a) => sum + a.amountJpy, 0);
    if (assessed > (c.invoice ? Math.min(c.invoice.paidJpy, c.invoice.totalJpy) : 0)) out.push(`compensation ${assessed} exceeds the fee received`);
    // A lent sticker is asked back whenever the contract ends (once what fell due has run).
    if (ENDED_STATUSES.includes(c.status) && c.sticker.status === 'LENT') out.push(`the contract is ${c.status} and its sticker was never asked back`);
    // No certificate stays live after the contract ended beyond the BR deadline (5 days), unless escalated.
    if (c.endedAt && this.now.getTime() > c.endedAt.getTime() + 5 * DAY + HOUR && this.stuck.length === 0) {
      const live = c.certificates.filter((x) => x.revokedAt === null && x.notAfter.getTime() > this.now.getTime());
      if (live.length > 0) out.push(`certificate ${live[0]!.serialNumber} is live ${Math.round((this.now.getTime() - c.endedAt.getTime()) / DAY)} days after the contract ended (${c.status})`);
    }
    // Past the coverage end plus the longest deadline and escalation: final, or visibly escalated.
    const limit = coverageEndInstant(c.coverageEndsOn!).getTime() + 5 * DAY + policy.nonPaymentGraceDays * DAY + 31 * DAY;
    if (this.now.getTime() > limit && !FINAL_STATUSES.includes(c.status) && this.stuck.length === 0) {
      out.push(`still ${c.status} on ${toJapanDate(this.now)}, past coverage end ${c.coverageEndsOn} and every deadline, and nothing escalated`);
    }
    return out;
  }

  /** The day a termination noticed today may take effect at the earliest (Art. 14). */
  earliestTermination(): string {
    return addDays(periodEnd(toJapanDate(this.now), policy.terminationNoticeMonths), 1);
  }
}

const CA_BOUND = new Set<string>(['ca.submitIssuance', 'ca.submitRevocation', 'ca.cancelOrder', 'command.RequestCertificate', 'revocation.send']);

export const staff = { operator, billing: { id: 'billing-1', role: 'BILLING' } as Actor, admin: { id: 'admin-1', role: 'ADMIN' } as Actor };
export { DAY, HOUR };
