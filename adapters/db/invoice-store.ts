import type { EntityManager } from '@mikro-orm/postgresql';
import type { ScheduleId } from '../../domain/billing/schedule.js';
import type { Invoice, InvoiceId, InvoiceStatus } from '../../domain/invoicing/invoice.js';
import { chargeKey, type InvoiceStore } from '../../domain/invoicing/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { InvoiceLineRow, InvoiceRow } from './entities/invoice.entity.js';
import { invoiceToDomain, invoiceToRow, lineToRow } from './invoice-rows.js';

/** Reads skip the identity map: another run or an approver may have changed the invoice since. */
const fresh = { disableIdentityMap: true } as const;

/** Thrown inside insert's savepoint to undo the invoice row when one of its charges is already billed. */
class ChargeAlreadyBilled extends Error {}

/**
 * Invoices on PostgreSQL. Built over a unit of work's entity manager, every method joins its
 * transaction; insert and update write in a savepoint of it (or a transaction of their own outside one).
 */
export class MikroOrmInvoiceStore implements InvoiceStore {
  constructor(private readonly em: EntityManager) {}

  private async withLines(rows: readonly InvoiceRow[]): Promise<Invoice[]> {
    if (!rows.length) return [];
    const lines = await this.em.find(InvoiceLineRow, { practiceId: rows[0]!.practiceId, invoiceId: { $in: rows.map((r) => r.id) } },
      { ...fresh, orderBy: { invoiceId: 'asc', position: 'asc' } });
    return rows.map((r) => invoiceToDomain(r, lines.filter((l) => l.invoiceId === r.id)));
  }

  private async one(row: InvoiceRow | null): Promise<Invoice | null> {
    return row ? (await this.withLines([row]))[0]! : null;
  }

  async get(practiceId: PracticeId, id: InvoiceId) {
    return this.one(await this.em.findOne(InvoiceRow, { practiceId, id }, fresh));
  }

  async findByNumber(practiceId: PracticeId, number: number) {
    return this.one(await this.em.findOne(InvoiceRow, { practiceId, number }, fresh));
  }

  async list(practiceId: PracticeId, o: { clientId?: ClientId; status?: InvoiceStatus; limit?: number } = {}) {
    const rows = await this.em.find(InvoiceRow, {
      practiceId, ...(o.clientId ? { clientId: o.clientId } : {}), ...(o.status ? { status: o.status } : {}),
    }, { ...fresh, orderBy: { createdAt: 'desc', id: 'desc' }, limit: o.limit ?? 100 });
    return this.withLines(rows);
  }

  async billedCharges(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]) {
    if (!scheduleIds.length) return new Set<string>();
    const lines = await this.em.find(InvoiceLineRow, { practiceId, scheduleId: { $in: [...scheduleIds] } }, { ...fresh, fields: ['scheduleId', 'period'] });
    return new Set(lines.map((l) => chargeKey(l.scheduleId!, l.period)));
  }

  /**
   * A charge another invoice holds is skipped by ON CONFLICT DO NOTHING (waiting, under a race, for
   * the other transaction to commit); one skipped line rolls the savepoint back, so nothing is written
   * and the caller's transaction carries on.
   */
  async insert(invoice: Invoice): Promise<boolean> {
    try {
      await this.em.transactional(async (tx) => {
        await tx.insert(InvoiceRow, invoiceToRow(invoice));
        if (!invoice.lines.length) return;
        const written = await tx.createQueryBuilder(InvoiceLineRow).insert(invoice.lines.map((l, i) => lineToRow(invoice, l, i)))
          .onConflict(['practiceId', 'scheduleId', 'period']).ignore().execute('run');
        if (written.affectedRows < invoice.lines.length) throw new ChargeAlreadyBilled();
      });
      return true;
    } catch (e) {
      if (e instanceof ChargeAlreadyBilled) return false;
      throw e;
    }
  }

  async update(invoice: Invoice): Promise<void> {
    const { id, practiceId, ...changes } = invoiceToRow(invoice);
    await this.em.transactional(async (tx) => {
      if (!(await tx.nativeUpdate(InvoiceRow, { id, practiceId }, changes))) return;
      await tx.nativeDelete(InvoiceLineRow, { practiceId, invoiceId: id });
      if (invoice.lines.length) await tx.insertMany(InvoiceLineRow, invoice.lines.map((l, i) => lineToRow(invoice, l, i)));
    });
  }

  /** The upsert takes the practice's counter row lock, which PostgreSQL holds until the caller's transaction ends. */
  async nextNumber(practiceId: PracticeId) {
    const [row] = await this.em.execute<{ last: number }[]>(
      `insert into "invoice_sequence" ("practice_id", "last") values (?, 1)
       on conflict ("practice_id") do update set "last" = "invoice_sequence"."last" + 1 returning "last"`, [practiceId]);
    if (!row) throw new Error(`invoice sequence of ${practiceId} returned no number`);
    return Number(row.last);
  }
}
