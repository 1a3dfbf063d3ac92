import type { ScheduleId } from '../../domain/billing/schedule.js';
import type { Invoice, InvoiceId, InvoiceStatus } from '../../domain/invoicing/invoice.js';
import { chargeKey, type InvoiceStore } from '../../domain/invoicing/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

/** The records every view of one fake shares: the stored invoices, each practice's last number, and who holds numbering. */
type Book = { invoices: Map<string, Invoice>; last: Map<PracticeId, number>; numbering: Map<PracticeId, Promise<void>> };
/** What a transaction did: how to undo it, and the numbering locks it holds until it ends. */
type Journal = { undo: (() => void)[]; held: Map<PracticeId, () => void> };

const chargesOf = (i: Invoice) => i.lines.filter((l) => l.scheduleId !== null).map((l) => chargeKey(l.scheduleId!, l.period));

/**
 * Invoices in a map, passing the same contract as the PostgreSQL store. `transaction()` gives the
 * fake PostgreSQL's two promises that matter here: a transaction that throws leaves nothing behind,
 * and a number it draws stays locked to it until it ends, so numbers have no gaps. (Unlike PostgreSQL,
 * others see a transaction's writes before it ends.)
 */
export class InMemoryInvoiceStore implements InvoiceStore {
  constructor(
    private readonly book: Book = { invoices: new Map(), last: new Map(), numbering: new Map() },
    private readonly journal: Journal | null = null,
  ) {}

  transaction(): UnitOfWork<InvoiceStore> {
    return {
      run: async (work) => {
        const journal: Journal = { undo: [], held: new Map() };
        try {
          return await work(new InMemoryInvoiceStore(this.book, journal));
        } catch (e) {
          for (const undo of journal.undo.reverse()) undo();
          throw e;
        } finally {
          for (const release of journal.held.values()) release();
        }
      },
    };
  }

  private find(practiceId: PracticeId, id: string) {
    const stored = this.book.invoices.get(id);
    return stored?.practiceId === practiceId ? stored : null;
  }

  private put(invoice: Invoice) {
    const before = this.book.invoices.get(invoice.id);
    this.book.invoices.set(invoice.id, invoice);
    this.journal?.undo.push(() => (before ? this.book.invoices.set(before.id, before) : this.book.invoices.delete(invoice.id)));
  }

  private ofPractice(practiceId: PracticeId) {
    return [...this.book.invoices.values()].filter((i) => i.practiceId === practiceId);
  }

  async get(practiceId: PracticeId, id: InvoiceId) { return this.find(practiceId, id); }

  async findByNumber(practiceId: PracticeId, number: number) {
    return this.ofPractice(practiceId).find((i) => i.number === number) ?? null;
  }

  async list(practiceId: PracticeId, o: { clientId?: ClientId; status?: InvoiceStatus; limit?: number } = {}) {
    return this.ofPractice(practiceId).filter((i) => (!o.clientId || i.clientId === o.clientId) && (!o.status || i.status === o.status))
      .sort((a, b) => +b.createdAt - +a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, o.limit ?? 100);
  }

  async billedCharges(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]) {
    const wanted = new Set<string>(scheduleIds);
    return new Set(this.ofPractice(practiceId).flatMap((i) => i.lines.filter((l) => l.scheduleId !== null && wanted.has(l.scheduleId)))
      .map((l) => chargeKey(l.scheduleId!, l.period)));
  }

  async insert(invoice: Invoice) {
    if (this.book.invoices.has(invoice.id)) throw new Error(`invoice ${invoice.id} already exists`);
    const billed = new Set(this.ofPractice(invoice.practiceId).flatMap(chargesOf));
    const mine = chargesOf(invoice);
    if (new Set(mine).size < mine.length || mine.some((c) => billed.has(c))) return false;
    this.put(invoice);
    return true;
  }

  /** Throws, as the unique key does, when the new lines would bill a charge another invoice holds. */
  async update(invoice: Invoice) {
    if (!this.find(invoice.practiceId, invoice.id)) return;
    const others = new Set(this.ofPractice(invoice.practiceId).filter((i) => i.id !== invoice.id).flatMap(chargesOf));
    if (chargesOf(invoice).some((c) => others.has(c))) throw new Error(`invoice ${invoice.id} would bill a charge another invoice holds`);
    this.put(invoice);
  }

  async nextNumber(practiceId: PracticeId) {
    const release = this.journal?.held.get(practiceId) ?? (await this.lockNumbering(practiceId));
    if (this.journal) this.journal.held.set(practiceId, release);
    const before = this.book.last.get(practiceId);
    const next = (before ?? 0) + 1;
    this.book.last.set(practiceId, next);
    if (this.journal) this.journal.undo.push(() => (before ? this.book.last.set(practiceId, before) : this.book.last.delete(practiceId)));
    else release();
    return next;
  }

  /** Waits for whoever holds the practice's numbering, as a row lock would; resolves to the release. */
  private async lockNumbering(practiceId: PracticeId): Promise<() => void> {
    const previous = this.book.numbering.get(practiceId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    this.book.numbering.set(practiceId, previous.then(() => mine));
    await previous;
    return release;
  }
}
