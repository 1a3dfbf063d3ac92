import { confirmHeld, heldLines, skipHeld, type Approval } from '../../domain/invoicing/approval.js';
import { isHeld, issueHeld } from '../../domain/invoicing/build.js';
import type { Invoice, InvoiceId, InvoiceLine } from '../../domain/invoicing/invoice.js';
import type { PricedLine } from '../../domain/proposals/pricing.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { InvoiceRunDeps } from './deps.js';
import type { InvoiceError } from './errors.js';
import { auditInvoice, byActor, queueDeployments, recordCounts, supersede, unlessSuperseded } from './issuing.js';

/** Approving or skipping an invoice that waits for a person. */
export function createHeldInvoices(d: InvoiceRunDeps) {
  const find = async (actor: Actor, id: InvoiceId): Promise<Result<Invoice, InvoiceError>> => {
    const inv = await d.invoices.get(actor.practice.id, id);
    return inv ? ok(inv) : err({ kind: 'not-found', what: 'invoice', ref: id });
  };

  /** Each held line's offering: the accepted line of its schedule, which the person's figure reprices. */
  const offeringsOf = async (inv: Invoice): Promise<(line: InvoiceLine) => PricedLine> => {
    const ids = [...new Set(inv.lines.flatMap((l) => (l.hold && l.scheduleId ? [l.scheduleId] : [])))];
    const schedules = await Promise.all(ids.map((id) => d.schedules.get(inv.practiceId, id)));
    return (line) => {
      const s = schedules.find((x) => x?.id === line.scheduleId);
      if (!s) throw new Error(`held invoice ${inv.id} bills schedule ${line.scheduleId}, which is missing`);
      return s.line;
    };
  };

  /** What is stored now, if someone else settled it meanwhile: the refusal to give instead. */
  const settledMeanwhile = async (inv: Invoice): Promise<InvoiceError> => {
    const now = await d.invoices.get(inv.practiceId, inv.id);
    return { kind: 'not-held', status: now?.status ?? inv.status, number: now?.number ?? null };
  };

  return {
    /**
     * Confirms a held invoice's waiting lines (see confirmHeld for what a figure applies to); their
     * Smart Billing schedules record the quantity confirmed. With none left waiting it is numbered now
     * and its deployments queued; otherwise it stays held with the lines confirmed so far.
     */
    async approve(actor: Actor, id: InvoiceId, approval: Approval = {}): Promise<Result<Invoice, InvoiceError>> {
      const found = await find(actor, id);
      if (!found.ok) return found;
      const held = found.value;
      if (held.status !== 'held') return err({ kind: 'not-held', status: held.status, number: held.number });
      const confirmed = confirmHeld(held, approval, await offeringsOf(held));
      if (!confirmed.ok) return confirmed;
      const now = d.clock.now();
      const done = await unlessSuperseded(() => d.transaction.run(async (tx) => {
        // Numbering first: the number's lock makes a second approval wait, then see this one's result.
        const next = isHeld(confirmed.value.lines) ? confirmed.value : issueHeld(confirmed.value, await tx.invoices.nextNumber(held.practiceId), now);
        const current = await tx.invoices.get(held.practiceId, id);
        if (current?.status !== 'held' || heldLines(current).length !== heldLines(held).length) supersede();
        await tx.invoices.update(next);
        // A count a person confirmed is recorded at once, so a later step on another line can't lose it.
        await recordCounts(tx, next, held.lines, now);
        if (next.status === 'issued') await queueDeployments(d, tx, next, now);
        await auditInvoice(tx, byActor(actor), next.status === 'issued' ? 'invoice.approved' : 'invoice.line_approved', next, now, {
          ...approval, lines: held.lines.filter((l, i) => l.hold && !next.lines[i]!.hold).map((l) => l.name),
        });
        return next;
      }));
      if (done === 'superseded') return err(await settledMeanwhile(held));
      if (done.status === 'issued') await d.wakeOutbox();
      return ok(done);
    },

    /** Bills nothing for a held invoice's period; the invoice is kept, skipped, so the period is never billed again. */
    async skipPeriod(actor: Actor, id: InvoiceId): Promise<Result<Invoice, InvoiceError>> {
      const found = await find(actor, id);
      if (!found.ok) return found;
      const skipped = skipHeld(found.value);
      if (!skipped.ok) return skipped;
      const now = d.clock.now();
      const done = await unlessSuperseded(() => d.transaction.run(async (tx) => {
        if ((await tx.invoices.get(found.value.practiceId, id))?.status !== 'held') supersede();
        await tx.invoices.update(skipped.value);
        await auditInvoice(tx, byActor(actor), 'invoice.skipped', skipped.value, now, { lines: skipped.value.lines.map((l) => `${l.name} ${l.period}`) });
        return skipped.value;
      }));
      return done === 'superseded' ? err(await settledMeanwhile(found.value)) : ok(done);
    },
  };
}
