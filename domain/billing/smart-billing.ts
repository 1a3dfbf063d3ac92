import type { PracticeId } from '../shared/ids.js';

/**
 * Smart Billing: a per-unit service priced on a client's active employees bills the count Gusto
 * reports at invoice time. The answer is either a quantity with its evidence, or "hold for approval"
 * when the count cannot be trusted without a person looking at it.
 */
export type HeadcountEvidence = { readonly count: number; readonly at: Date; readonly source: 'gusto' };

export type HeadcountReading =
  | { readonly ok: true; readonly count: number; readonly at: Date }
  /** `disconnected`: the client was linked to a Gusto company whose connection has since been removed. */
  | { readonly ok: false; readonly reason: 'unreachable' | 'needs-reconnect' | 'not-linked' | 'disconnected' };

export type LastBilled = { readonly quantity: number; readonly at: Date };

export type HoldReason = 'gusto-unreachable' | 'needs-reconnect' | 'not-linked' | 'disconnected' | 'moved-too-much';

export type SmartBillingAnswer =
  | { readonly kind: 'bill'; readonly quantity: number; readonly evidence: HeadcountEvidence }
  | {
      readonly kind: 'hold';
      readonly reason: HoldReason;
      /** The count Gusto gave, when it gave one: what the approver is asked to confirm. */
      readonly suggested?: number;
      readonly evidence?: HeadcountEvidence;
      readonly lastBilled?: LastBilled;
    };

/**
 * Smart Billing as a billing schedule carries it: pending until a Gusto company is chosen, then the
 * company whose count is billed and (once billing has billed) what was billed last.
 */
export type EnabledScheduleSmartBilling = {
  readonly status: 'enabled'; readonly companyId: string; readonly companyName: string; readonly lastBilled?: LastBilled;
};
export type ScheduleSmartBilling = { readonly status: 'pending' } | EnabledScheduleSmartBilling;

/** Whole percent, so the rule needs no floating point: 20 means "more than 20 % up or down". */
export type SmartBillingPolicy = { readonly maxShiftPercent: number };
export const defaultSmartBillingPolicy: SmartBillingPolicy = { maxShiftPercent: 20 };

/** True when the count moved more than the policy allows since the last bill (any move from zero does). */
export const movedTooMuch = (count: number, last: number, policy: SmartBillingPolicy): boolean => {
  if (last === 0) return count !== 0;
  return Math.abs(count - last) * 100 > policy.maxShiftPercent * last;
};

export const quantityToBill = (
  reading: HeadcountReading,
  lastBilled: LastBilled | undefined,
  policy: SmartBillingPolicy = defaultSmartBillingPolicy,
): SmartBillingAnswer => {
  if (!reading.ok) {
    const reason: HoldReason = reading.reason === 'unreachable' ? 'gusto-unreachable' : reading.reason;
    return { kind: 'hold', reason, ...(lastBilled ? { lastBilled } : {}) };
  }
  const evidence: HeadcountEvidence = { count: reading.count, at: reading.at, source: 'gusto' };
  if (lastBilled && movedTooMuch(reading.count, lastBilled.quantity, policy)) {
    return { kind: 'hold', reason: 'moved-too-much', suggested: reading.count, evidence, lastBilled };
  }
  return { kind: 'bill', quantity: reading.count, evidence };
};

/** The port billing calls at invoice time: "how many units of this per-employee service do I bill now?" */
export interface SmartBillingQuantities {
  /**
   * Counts the company chosen on the schedule (`choice.companyId`), whichever company the client is
   * linked to, and compares it with the schedule's own last bill.
   */
  quantityToBill(practiceId: PracticeId, choice: EnabledScheduleSmartBilling): Promise<SmartBillingAnswer>;
}
