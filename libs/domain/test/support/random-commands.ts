import fc from 'fast-check';
import {
  contractDecider, CRL_REASONS, isContract, REVOCATION_TABLE, NOTIFICATION_KINDS, type Actor, type ContractCommand, type ContractEvent, type ContractState,
} from '@pfw/domain';
import { admin, after, billing, cmd, CONTRACT_ID, csrFacts, hours, operator, saga, screener, sha, T0 } from './fixtures';

/**
 * Random command sequences against the contract decider. Each step is an intent (a command kind with
 * random parameters and a random time step); the interpreter turns it into a command, filling ids the
 * stream already holds (the pending CA order, the invoice id, a certificate serial) so that commands have a
 * fair chance to be accepted. Refused commands write nothing and the sequence goes on.
 */
export const INTENTS = [
  'submit', 'pass', 'fail', 'withdraw', 'invoice', 'pay', 'overdue', 'requestCertificate', 'issued', 'delivered', 'reissue',
  'lendSticker', 'stickerReturn', 'stickerReturned', 'notify', 'initiate', 'send', 'report', 'revoked', 'rejected', 'cancel',
  'expire', 'noticeTermination', 'terminate', 'compensation', 'revocationNotice',
] as const;
export type IntentKind = (typeof INTENTS)[number];

export interface Intent {
  readonly kind: IntentKind;
  /** Hours to advance the clock before this step. */
  readonly dtHours: number;
  /** A random choice among the command's options. */
  readonly pick: number;
  readonly flag: boolean;
}

const heavy = (kind: IntentKind, weight: number) => ({ arbitrary: fc.constant(kind), weight });

export const intentArb: fc.Arbitrary<Intent> = fc.record({
  kind: fc.oneof(
    heavy('submit', 3), heavy('pass', 4), heavy('fail', 1), heavy('withdraw', 1), heavy('invoice', 3), heavy('pay', 2), heavy('overdue', 2),
    heavy('requestCertificate', 4), heavy('issued', 4), heavy('delivered', 4), heavy('reissue', 2), heavy('lendSticker', 1),
    heavy('stickerReturn', 1), heavy('stickerReturned', 1), heavy('notify', 6), heavy('initiate', 8), heavy('send', 10), heavy('report', 2),
    heavy('revoked', 2), heavy('rejected', 2), heavy('cancel', 1), heavy('expire', 1), heavy('noticeTermination', 2), heavy('terminate', 2),
    heavy('compensation', 1), heavy('revocationNotice', 8),
  ),
  dtHours: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 24 }), weight: 12 }, { arbitrary: fc.integer({ min: 0, max: 24 * 60 }), weight: 1 }),
  pick: fc.nat({ max: 999 }),
  flag: fc.boolean(),
});

const HAPPY_PATH: readonly IntentKind[] = ['submit', 'pass', 'invoice', 'requestCertificate', 'issued', 'delivered'];

/**
 * A random prefix of the usual path (so that most sequences reach a live certificate), then random
 * intents in any order. Every step's parameters and time step stay random.
 */
export const intentsArb: fc.Arbitrary<Intent[]> = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constant(HAPPY_PATH.length), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: HAPPY_PATH.length - 1 }), weight: 1 }),
    fc.array(fc.record({ dtHours: fc.integer({ min: 0, max: 48 }), pick: fc.nat({ max: 999 }), flag: fc.boolean() }), { minLength: HAPPY_PATH.length, maxLength: HAPPY_PATH.length }),
    fc.array(intentArb, { minLength: 20, maxLength: 100 }),
  )
  .map(([n, params, rest]) => [...HAPPY_PATH.slice(0, n).map((kind, k) => ({ kind, ...params[k], pick: kind === 'issued' ? 2 + (params[k].pick % 2) : params[k].pick })), ...rest]);

const base = (at: Date, actor: Actor) => ({ contractId: CONTRACT_ID, at, actor });
const choose = <T>(xs: readonly T[], pick: number): T => xs[pick % xs.length];
const japanDay = (at: Date) => new Date(at.getTime() + hours(9)).toISOString().slice(0, 10);

function toCommand(i: Intent, state: ContractState, at: Date): ContractCommand {
  const c = isContract(state) ? state : null;
  const anyActor = choose([operator, admin, saga('random'), screener, billing], Math.floor(i.pick / 10));
  switch (i.kind) {
    case 'submit': return cmd.submit({ at, stickerRequested: i.flag, planMonths: choose([12, 24], i.pick) });
    case 'pass': return cmd.pass(at);
    case 'fail': return cmd.fail(at);
    case 'withdraw': return { type: 'WithdrawApplication', ...base(at, screener) };
    case 'invoice': return { type: 'IssueInvoice', ...base(at, billing), invoiceId: 'INV-1', channel: i.flag ? 'EMAIL' : 'DOCUMENT', receivedOn: i.flag ? null : japanDay(at) };
    case 'pay': return cmd.pay(choose([1_000, 66_000, 121_000, 50_000], i.pick), japanDay(at), at, `BANK-${i.pick}-${at.getTime()}`);
    case 'overdue': return { type: 'MarkPaymentOverdue', ...base(at, saga('non-payment')), invoiceId: 'INV-1' };
    case 'requestCertificate': return { type: 'RequestCertificate', ...base(at, saga('issuance')), caOrderId: `ORDER-${i.pick}`, serviceSuspended: i.pick % 5 === 0 };
    case 'issued': {
      const days = choose([1, 30, 90, 199, 250], i.pick);
      return cmd.issued(at, { caOrderId: c?.pendingOrder?.caOrderId ?? 'ORDER-X', serial: `0${(i.pick % 9) + 1}${String(at.getTime() % 1e6).padStart(6, '0')}`.slice(0, 8), notAfter: new Date(at.getTime() + days * 24 * 3600 * 1000) });
    }
    case 'delivered': return cmd.delivered(at);
    case 'reissue': return {
      type: 'RequestReissue', ...base(at, operator), caOrderId: `ORDER-R-${i.pick}`, reason: i.flag ? 'REKEY' : 'COVERAGE_CONTINUES',
      csr: csrFacts({ publicKeySha256: sha(`key-${i.pick}`) }), serviceSuspended: i.pick % 5 === 0,
    };
    case 'lendSticker': return { type: 'LendSticker', ...base(at, operator), stickerSerial: `STK-${i.pick}`, shippedOn: japanDay(at) };
    case 'stickerReturn': return { type: 'RequestStickerReturn', ...base(at, saga('end-of-contract')) };
    case 'stickerReturned': return { type: 'RecordStickerReturned', ...base(at, operator), stickerSerial: c?.sticker.serial ?? 'STK-?', receivedOn: japanDay(at) };
    case 'revocationNotice':
      return { type: 'NotifyCustomer', ...base(at, saga('revocation')), kind: 'REVOCATION_NOTICE', channel: i.flag ? 'EMAIL' : 'DOCUMENT', recipient: 'hanako.sato@example.co.jp' };
    case 'notify': {
      const kind = choose(NOTIFICATION_KINDS, i.pick);
      return { type: 'NotifyCustomer', ...base(at, saga('notifications')), kind: kind as never, channel: i.flag ? 'EMAIL' : 'DOCUMENT', recipient: 'hanako.sato@example.co.jp', termsVersion: `v${i.pick}` };
    }
    case 'initiate': {
      const reason = choose(['CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'NON_PAYMENT', 'SUPERSEDED', 'TERMINATION'] as const, i.pick);
      // Mostly the actor the revocation table names, sometimes anyone (who must then be refused).
      const actor = i.pick < 800 ? (REVOCATION_TABLE[reason].initiator === 'SYSTEM' ? saga('random') : operator) : anyActor;
      return { type: 'InitiateRevocation', ...base(at, actor), reason, note: 'random', supersededBy: 'other-contract', crlReason: i.flag && i.pick % 3 === 0 ? choose(CRL_REASONS, i.pick) : null };
    }
    case 'send': return { type: 'SendRevocationRequest', ...base(at, saga('revocation')), caOrderId: `REV-${i.pick}`, serviceSuspended: i.pick % 7 === 0 };
    case 'report': return { type: 'ReportTrustImpaired', ...base(at, operator), cause: i.flag ? 'KEY_COMPROMISE' : 'OTHER', reportedAt: at, caOrderId: `REV-${i.pick}`, serviceSuspended: i.pick % 7 === 0 };
    case 'revoked': {
      const r = c?.revocation;
      const serial = r ? choose(r.serialNumbers, i.pick) : '0A1B2C3D';
      return { type: 'RecordCertificateRevoked', ...base(at, saga('revocation')), serialNumber: serial, revokedAt: at, crlReason: i.flag && r ? r.crlReason : choose(CRL_REASONS, i.pick), caReference: `CA-${i.pick}` };
    }
    case 'rejected': return { type: 'RecordRevocationRejected', ...base(at, saga('revocation')), serialNumber: c?.revocation ? choose(c.revocation.serialNumbers, i.pick) : '0A1B2C3D', error: 'CA error' };
    case 'cancel': return { type: 'CancelContract', ...base(at, anyActor), reason: choose(['CUSTOMER_REQUEST', 'NON_PAYMENT', 'PROHIBITED_ACT', 'SUPERSEDED'] as const, i.pick), note: 'random', serviceSuspended: i.pick % 5 === 0 };
    case 'expire': return { type: 'ExpireContract', ...base(at, saga('end-of-contract')) };
    case 'noticeTermination': {
      const noticedOn = japanDay(at);
      const [y, m, d] = noticedOn.split('-').map(Number);
      const months = choose([2, 3, 4], i.pick);
      const target = new Date(Date.UTC(y, m - 1 + months, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      const effectiveOn = `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
      return { type: 'NoticeTermination', ...base(at, admin), noticedOn, effectiveOn, channel: i.flag ? 'EMAIL' : 'DOCUMENT', reason: 'service ends', recipient: 'hanako.sato@example.co.jp' };
    }
    case 'terminate': return { type: 'TerminateContract', ...base(at, saga('termination')), serviceSuspended: i.pick % 5 === 0 };
    case 'compensation': return { type: 'AssessCompensation', ...base(at, admin), incidentOn: japanDay(new Date(at.getTime() - i.pick * hours(24))) };
  }
}

export interface Run {
  readonly events: ContractEvent[];
  readonly state: ContractState;
  readonly accepted: number;
}

/** Plays the intents through decide/evolve from an empty stream, starting on 2026-04-01. */
export function play(intents: readonly Intent[], start: Date = T0, log?: (line: string) => void): Run {
  const decider = contractDecider();
  let state = decider.initialState;
  let at = start;
  const events: ContractEvent[] = [];
  let accepted = 0;
  for (const i of intents) {
    at = after(at, hours(i.dtHours));
    const d = decider.decide(toCommand(i, state, at), state);
    log?.(`${at.toISOString()} ${i.kind}: ${d.ok ? d.events.map((e) => e.type).join(', ') : `refused (${d.error.message})`}`);
    if (!d.ok) continue;
    accepted++;
    for (const e of d.events) {
      events.push(e);
      state = decider.evolve(state, e);
    }
  }
  return { events, state, accepted };
}
