import type { ClientId, PracticeId } from '../shared/ids.js';
import type { ScheduleId } from '../billing/schedule.js';
import type { Invoice, InvoiceId, InvoiceStatus } from './invoice.js';

export interface InvoiceStore {
  get(practiceId: PracticeId, id: InvoiceId): Promise<Invoice | null>;
  findByNumber(practiceId: PracticeId, number: number): Promise<Invoice | null>;
  /** Newest first. */
  list(practiceId: PracticeId, opts?: { clientId?: ClientId; status?: InvoiceStatus; limit?: number }): Promise<Invoice[]>;
  /** The (schedule, period) pairs already on an invoice, among these schedules: what the reconciler must not bill again. */
  billedCharges(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]): Promise<Set<string>>;
  /**
   * Inserts a new invoice. False, and nothing written, when any of its (schedule, period) pairs is
   * already on another invoice: the unique key settles two runs racing for the same charge.
   */
  insert(invoice: Invoice): Promise<boolean>;
  /** Replaces a stored invoice (approving, skipping, recording where the ledger put it). */
  update(invoice: Invoice): Promise<void>;
  /** The practice's next invoice number; held under a row lock until the transaction ends, so numbers have no gaps. */
  nextNumber(practiceId: PracticeId): Promise<number>;
}

/** The key billedCharges returns for a (schedule, period) pair. */
export const chargeKey = (scheduleId: string, period: string): string => `${scheduleId}@${period}`;
