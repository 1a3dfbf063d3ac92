import type { ClientId, Id, PracticeId } from '../shared/ids.js';
import type { AcceptedSnapshot } from '../proposals/acceptance.js';
import type { ProposalLine } from '../proposals/content.js';
import { priceLine, type Span } from '../proposals/pricing.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { RecurringEnd } from '../proposals/service.js';
import type { CalendarDate, Frequency } from '../shared/calendar.js';
import type { ScheduleSmartBilling } from './smart-billing.js';

export type ScheduleId = Id<'BillingSchedule'>;

type Base = {
  readonly id: ScheduleId;
  readonly practiceId: PracticeId;
  readonly proposalId: ProposalId;
  readonly proposalNumber: number;
  readonly clientId: ClientId;
  /** The accepted line, copied: what is billed never depends on a later edit. */
  readonly line: ProposalLine;
  readonly amount: Span;
  /** Hourly and range lines need a confirmed figure before an invoice goes out. */
  readonly needsConfirmation: boolean;
  readonly createdAt: Date;
  /** Per-unit lines only: each bill asks Gusto for the quantity instead of using the line's. */
  readonly smartBilling?: ScheduleSmartBilling;
};

export type UpfrontSchedule = Base & { readonly kind: 'upfront'; readonly status: 'due' | 'invoiced'; readonly dueOn: CalendarDate };
export type CompletionSchedule = Base & {
  readonly kind: 'on-completion';
  readonly status: 'pending' | 'due' | 'invoiced';
  readonly completedOn?: CalendarDate;
  readonly completedBy?: string;
};
export type RecurringSchedule = Base & {
  readonly kind: 'recurring';
  readonly status: 'active' | 'ended';
  readonly frequency: Frequency;
  readonly startsOn: CalendarDate;
  readonly end: RecurringEnd;
};
export type BillingSchedule = UpfrontSchedule | CompletionSchedule | RecurringSchedule;

export type ScheduleSource = {
  readonly practiceId: PracticeId;
  readonly proposalId: ProposalId;
  readonly proposalNumber: number;
  readonly clientId: ClientId;
  readonly snapshot: AcceptedSnapshot;
  /** The local calendar day of acceptance. */
  readonly acceptedOn: CalendarDate;
  readonly acceptedAt: Date;
};

/**
 * One schedule per billable line of the accepted snapshot (included lines are never billed).
 * Upfront is due on acceptance, even when work starts later; on-completion waits for a person to
 * mark the service complete; recurring starts on acceptance or its own date and follows its end rule
 * (its period dates: domain/invoicing/charges.ts).
 */
export const schedulesFor = (s: ScheduleSource, idFor: (line: ProposalLine) => string): BillingSchedule[] =>
  [...s.snapshot.lines, ...s.snapshot.addOns].filter((l) => !l.included).map((line) => {
    const price = priceLine(line);
    const base: Base = {
      id: idFor(line) as ScheduleId, practiceId: s.practiceId, proposalId: s.proposalId, proposalNumber: s.proposalNumber,
      clientId: s.clientId, line, amount: { low: price.low, high: price.high }, needsConfirmation: price.estimate, createdAt: s.acceptedAt,
    };
    const b = line.billing;
    if (b.kind === 'upfront') return { ...base, kind: 'upfront', status: 'due', dueOn: s.acceptedOn };
    if (b.kind === 'on-completion') return { ...base, kind: 'on-completion', status: 'pending' };
    const startsOn = b.start.kind === 'on-date' && b.start.date > s.acceptedOn ? b.start.date : s.acceptedOn;
    return { ...base, kind: 'recurring', status: 'active', frequency: b.frequency, startsOn, end: b.end };
  });

export type CompleteError = { kind: 'not-on-completion'; scheduleKind: BillingSchedule['kind'] } | { kind: 'already-complete'; completedOn: CalendarDate };

/** Marking the service complete makes its bill due; doing it twice is refused, not repeated. */
export const markComplete = (s: BillingSchedule, on: CalendarDate, by: string):
  { ok: true; value: CompletionSchedule } | { ok: false; error: CompleteError } => {
  if (s.kind !== 'on-completion') return { ok: false, error: { kind: 'not-on-completion', scheduleKind: s.kind } };
  if (s.status !== 'pending') return { ok: false, error: { kind: 'already-complete', completedOn: s.completedOn ?? on } };
  return { ok: true, value: { ...s, status: 'due', completedOn: on, completedBy: by } };
};
