import type { ClientId, Id, PracticeId } from '../shared/ids.js';
import type { CalendarDate } from '../shared/calendar.js';
import type { Amounts } from '../proposals/pricing.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { TaxRate } from '../proposals/tax.js';
import type { ScheduleId } from '../billing/schedule.js';
import type { HeadcountEvidence, HoldReason, LastBilled } from '../billing/smart-billing.js';

export type InvoiceId = Id<'Invoice'>;

/**
 * One charge of a billing schedule: its (schedule, period) pair is what an invoice line bills at most
 * once. `period` is 'once' for upfront and on-completion schedules, the period's date for recurring ones.
 */
export type Charge = {
  readonly scheduleId: ScheduleId;
  readonly period: CalendarDate | 'once';
  /** The day it is invoiced on (the acceptance day, the completion day, the period's invoice day). */
  readonly invoiceDate: CalendarDate;
};

/** Why an invoice waits for a person: an estimate to confirm, or a Smart Billing count to approve. */
export type LineHold =
  | { readonly kind: 'confirm-amount'; readonly low: number; readonly high: number }
  | { readonly kind: 'headcount'; readonly reason: HoldReason; readonly suggested?: number; readonly lastBilled?: LastBilled; readonly evidence?: HeadcountEvidence };

export type InvoiceLine = {
  /** Null for an instant bill's line, which no schedule made. */
  readonly scheduleId: ScheduleId | null;
  readonly period: CalendarDate | 'once';
  readonly name: string;
  /** Plain text, already cleaned for a ledger (empty when the practice leaves descriptions out). */
  readonly description: string;
  readonly quantity: number;
  /** Minor units, before tax when the line's prices exclude tax. */
  readonly unitPrice: number;
  /** Minor units, per THE ROUNDING RULE in domain/proposals/pricing.ts. */
  readonly amounts: Amounts;
  readonly taxRate: TaxRate;
  /** The service's own sales account in the ledger, when it names one; else the practice's default. */
  readonly ledgerAccount?: string;
  /** Smart Billing's count and when it was read: the evidence for the quantity billed. */
  readonly headcount?: HeadcountEvidence;
  readonly hold?: LineHold;
};

export type InvoiceKind = 'upfront' | 'on-completion' | 'recurring' | 'instant';

/**
 * `held`: waiting for a person (an estimate to confirm, a headcount to approve); it has no number yet,
 * so skipping it leaves no gap. `issued`: numbered and, where the client's ledger is on, deploying.
 * `skipped`: a person chose not to bill this period; kept so the reconciler never bills it again.
 */
export type InvoiceStatus = 'held' | 'issued' | 'skipped';

export type Invoice = {
  readonly id: InvoiceId;
  readonly practiceId: PracticeId;
  readonly clientId: ClientId;
  /** From the practice's sequence once issued ("INV-0042" as people read it). */
  readonly number: number | null;
  readonly status: InvoiceStatus;
  readonly kind: InvoiceKind;
  readonly proposal: { readonly id: ProposalId; readonly number: number } | null;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly currency: string;
  readonly lines: readonly InvoiceLine[];
  readonly totals: Amounts;
  readonly createdAt: Date;
  readonly issuedAt: Date | null;
  /** Where it lives in the ledger once deployed: the ledger's id, its own number and a link a person can open. */
  readonly ledger: { readonly app: string; readonly id: string; readonly number: string; readonly url: string | null } | null;
};

/** "INV-0042". */
export const invoiceNumberText = (n: number): string => `INV-${String(n).padStart(4, '0')}`;
