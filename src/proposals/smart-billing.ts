import { chosenCompanyOf, lastBilledOf, withSmartBilling } from '../../domain/billing/carry-smart-billing.js';
import type { EnabledScheduleSmartBilling, LastBilled } from '../../domain/billing/smart-billing.js';
import { reference, type Proposal } from '../../domain/proposals/proposal.js';
import {
  billableLines, chooseSmartBilling, companyOptions, eligibleLines, pickCompany,
  type SmartBillingChoice, type SmartBillingSetting,
} from '../../domain/proposals/smart-billing.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { errorCard, type Card, type Row } from '../cards.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import { explain } from './errors.js';
import { findProposal } from './lookup.js';
import { chosenCard, labsOffCard, nothingEligibleCard, panelCard, reofferCard, smartBillingErrorCard, summaryRow } from './smart-billing-cards.js';

/** Lines of one service by name: exact (case-insensitive), else a unique prefix. */
const linesNamed = (p: Proposal, name: string) => {
  const wanted = name.trim().toLowerCase();
  const all = billableLines(p);
  const exact = all.filter((l) => l.name.toLowerCase() === wanted);
  if (exact.length) return exact;
  const prefixed = all.filter((l) => l.name.toLowerCase().startsWith(wanted));
  return new Set(prefixed.map((l) => l.name)).size === 1 ? prefixed : [];
};

/** Smart Billing on proposal lines: the choices, keeping them in step with billing schedules, and the re-offer. */
export function createSmartBillingUseCases(d: ProposalDeps) {
  /** An accepted proposal's schedules follow its choices, so billing reads them from the schedule. */
  const syncSchedules = async (p: Proposal, lineIds: readonly string[]) => {
    if (p.status !== 'accepted') return;
    const settings = await d.smartBillings.listForProposal(p.practiceId, p.id);
    const affected = (await d.schedules.listForProposal(p.practiceId, p.id)).filter((s) => lineIds.includes(s.line.id));
    await d.schedules.saveMany(withSmartBilling(affected, settings));
  };

  return {
    /** The proposal card's Smart Billing row, or null when the Labs switch is off or no line could use it. */
    async summary(p: Proposal): Promise<Row | null> {
      const lines = eligibleLines(p);
      if (!lines.length || !(await d.gusto.smartBillingOn(p.practiceId))) return null;
      return summaryRow(p, lines, await d.smartBillings.listForProposal(p.practiceId, p.id));
    },

    /** `proposal smart-billing P-12`: each per-unit service with its state and the choices. */
    async panel(actor: Actor, ref: string): Promise<Card> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return errorCard('Not found', explain(found.error));
      const p = found.value;
      if (!(await d.gusto.smartBillingOn(p.practiceId))) return labsOffCard();
      const lines = eligibleLines(p);
      if (!lines.length) return nothingEligibleCard(p);
      const { linked, connected, disconnected } = await d.gusto.forClient(p.practiceId, p.clientId);
      return panelCard(p, lines, await d.smartBillings.listForProposal(p.practiceId, p.id), linked, companyOptions(linked, connected), disconnected);
    },

    /** `proposal smart-billing P-12 SERVICE company=NAME|later|off`. */
    async choose(actor: Actor, ref: string, service: string, value: string): Promise<Card> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return errorCard('Not found', explain(found.error));
      const p = found.value;
      if (!(await d.gusto.smartBillingOn(p.practiceId))) return labsOffCard();
      const lines = linesNamed(p, service);
      if (!lines.length) {
        const names = [...new Set(eligibleLines(p).map((l) => l.name))];
        return errorCard(`No service "${service}" on ${reference(p)}`, names.length ? `Services that can use Smart Billing: ${names.join(', ')}.` : 'Nothing on it is priced per unit.');
      }
      const { linked, connected } = await d.gusto.forClient(p.practiceId, p.clientId);
      let choice: SmartBillingChoice;
      if (value === 'later' || value === 'off') choice = { kind: value };
      else {
        const company = pickCompany(value, companyOptions(linked, connected));
        if (!company.ok) return smartBillingErrorCard(company.error, p);
        choice = { kind: 'company', company: company.value };
      }
      const change = chooseSmartBilling(p, lines, choice, actor.user.displayName, d.clock.now());
      if (!change.ok) return smartBillingErrorCard(change.error, p);
      await d.smartBillings.remove(p.practiceId, p.id, change.value.removeLineIds);
      await d.smartBillings.save(change.value.save);
      await syncSchedules(p, lines.map((l) => l.id));
      await d.audit.record({
        practiceId: p.practiceId, at: d.clock.now(), actor: actor.user.displayName, chat: actor.user.identities[0]?.platform ?? 'system',
        action: 'proposal.smart_billing', subject: reference(p),
        detail: { service: lines[0]!.name, lines: lines.map((l) => l.id), choice: choice.kind, ...(choice.kind === 'company' ? { company: choice.company.externalId } : {}) },
      });
      return chosenCard(p, lines[0]!, change.value.save[0] ?? null, linked);
    },

    /**
     * Gusto's hook when a client is first tied to a company: every proposal with services kept
     * "for later" gets a card offering to turn Smart Billing on with that company.
     */
    async reoffer(practiceId: PracticeId, clientId: ClientId): Promise<number> {
      if (!(await d.gusto.smartBillingOn(practiceId))) return 0;
      const { linked } = await d.gusto.forClient(practiceId, clientId);
      const pending = await d.smartBillings.listPendingForClient(practiceId, clientId);
      if (!linked || !pending.length) return 0;
      let offered = 0;
      for (const proposalId of new Set(pending.map((s) => s.proposalId))) {
        const p = await d.proposals.get(practiceId, proposalId);
        // Only services still on the proposal (a draft line may have been removed since).
        const onIt = new Set(p ? eligibleLines(p).map((l) => l.id) : []);
        const mine = pending.filter((s) => s.proposalId === proposalId && onIt.has(s.lineId));
        if (!p || !mine.length || !['draft', 'sent', 'viewed', 'accepted'].includes(p.status)) continue;
        await d.notifier.notify(practiceId, 'sync.finished', reofferCard(p, [...new Set(mine.map((s) => s.serviceName))], linked));
        await d.smartBillings.save(mine.map((s): SmartBillingSetting => ({ ...s, status: 'pending', offeredAt: d.clock.now() })));
        offered++;
      }
      return offered;
    },

    /** The Gusto company chosen on the client's Smart Billing schedules (Gusto's `chosenCompany` hook, for the preview). */
    async chosenCompany(practiceId: PracticeId, clientId: ClientId): Promise<EnabledScheduleSmartBilling | undefined> {
      return chosenCompanyOf(await d.schedules.listForClient(practiceId, clientId));
    },

    /** What was last billed for the client's Smart Billing services (Gusto's `lastBilled` hook). */
    async lastBilled(practiceId: PracticeId, clientId: ClientId): Promise<LastBilled | undefined> {
      return lastBilledOf(await d.schedules.listForClient(practiceId, clientId));
    },
  };
}
export type SmartBillingUseCases = ReturnType<typeof createSmartBillingUseCases>;
