import { placeLine, removeLine, unknownMergeFieldsIn, type ProposalContent, type ProposalLine } from '../../domain/proposals/content.js';
import { newDraft, cloneAsDraft } from '../../domain/proposals/draft.js';
import { editDraft, reference, type Draft, type Proposal, type ProposalId, type ProposalStatus } from '../../domain/proposals/proposal.js';
import { parseOffering, parseQuantity } from '../../domain/proposals/service-input.js';
import { unpriceable } from '../../domain/proposals/pricing.js';
import { defaultTaxRate } from '../../domain/proposals/tax.js';
import { instantiate, peopleAdvisoryTemplate, templateKey, withHeadcount, type ProposalTemplate, type TemplateId } from '../../domain/proposals/templates.js';
import { defaultTerms, mergeFields } from '../../domain/proposals/terms.js';
import type { Client } from '../../domain/practice/client.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';
import { clientFor, draftFor, findProposal, saveOver, type ClientChoice } from './lookup.js';
import { findService } from './services.js';

type Pairs = Readonly<Record<string, string>>;
export type NewProposal = {
  proposal: Draft; client: Client; clientCreated: boolean; template?: ProposalTemplate; payrollLinked: boolean;
  /** The client was an app's (a Sage customer) picked in the chooser: `created` when it became a new client, else linked to the one here. */
  adopted?: { readonly app: string; readonly created: boolean };
};
export type AddLine = { proposal: Proposal; line: ProposalLine; placedIn: string };

const priceKey = { fixed: 'price', 'per-unit': 'unit-price', hourly: 'hourly', range: 'range' } as const;

export function createDraftingUseCases(d: ProposalDeps) {
  const audit = (actor: Actor, action: string, p: Proposal, detail?: Record<string, unknown>) => d.audit.record({
    practiceId: actor.practice.id, at: d.clock.now(), actor: actor.user.displayName,
    chat: actor.user.identities[0]?.platform ?? 'system', action, subject: reference(p), detail: { proposalId: p.id, ...detail },
  });
  const builtIns = (actor: Actor) => [peopleAdvisoryTemplate(defaultTaxRate(actor.practice.country), () => d.ids.next())];

  const templates = async (actor: Actor): Promise<ProposalTemplate[]> => [...builtIns(actor), ...await d.templates.list(actor.practice.id)];

  /**
   * A new proposal takes the practice's next number. Two made at the same moment can read the same
   * one; the unique key lets one save, and the other takes the number after it.
   */
  const saveNumbered = async <P extends Proposal>(actor: Actor, make: (number: number) => P): Promise<P> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const proposal = make(await d.proposals.nextNumber(actor.practice.id));
      if (await d.proposals.save(proposal)) return proposal;
    }
    throw new Error('could not give a new proposal a number: too many made at once');
  };

  const create = (actor: Actor, client: Client, content: ProposalContent): Promise<Draft> => saveNumbered(actor, (number) => newDraft({
    id: d.ids.next() as ProposalId, practiceId: actor.practice.id, number,
    client: { id: client.id, name: client.name }, currency: actor.practice.currency, by: actor.user.displayName, content,
  }, d.clock.now()));

  return {
    templates,

    /**
     * A new draft for the client the name means; `choice` says a new client is meant even though the
     * name matches others, or which app's client to import (see clientFor).
     */
    async create(actor: Actor, clientName: string, templateRef?: string, choice: ClientChoice = {}): Promise<Result<NewProposal, ProposalError>> {
      const all = await templates(actor);
      const template = templateRef ? all.find((t) => t.key === templateKey(templateRef)) : undefined;
      if (templateRef && !template) return err({ kind: 'not-found', what: 'template', ref: templateRef, hint: `Templates: ${all.map((t) => t.key).join(', ')}.` });
      const found = await clientFor(d, actor, clientName, choice);
      if (!found.ok) return found;
      const { client, created, adopted } = found.value;
      const payrollLinked = (await d.appLinks.forClient(actor.practice.id, client.id)).some((l) => l.provider === 'gusto');
      let content: ProposalContent = { title: `Proposal for ${client.name}`, coverLetter: '', tiers: [], addOns: [], terms: defaultTerms, validDays: 30 };
      if (template) {
        const fresh = instantiate(template, () => d.ids.next());
        content = template.perEmployee ? withHeadcount(fresh, client.activeEmployees) : fresh;
      }
      const proposal = await create(actor, client, content);
      await audit(actor, 'proposal.created', proposal, { template: template?.key, clientCreated: created, ...(adopted ? { importedFrom: adopted.app } : {}) });
      return ok({ proposal, client, clientCreated: created, payrollLinked, ...(template ? { template } : {}), ...(adopted ? { adopted } : {}) });
    },

    async addService(actor: Actor, serviceRef: string, pairs: Pairs): Promise<Result<AddLine, ProposalError>> {
      const unknown = Object.keys(pairs).find((k) => !['qty', 'price', 'tier', 'addon', 'section', 'proposal'].includes(k));
      if (unknown) return err({ kind: 'invalid-field', field: unknown, reason: 'you can give qty, price, tier, addon, section and proposal' });
      const target = await draftFor(d, actor, pairs.proposal);
      if (!target.ok) return target;
      const service = await findService(d, actor, serviceRef);
      if (!service.ok) return service;
      const s = service.value;
      if (s.currency !== target.value.currency) {
        return err({ kind: 'invalid-field', field: 'service', reason: `${s.name} is priced in ${s.currency} but this proposal is in ${target.value.currency}; edit the service's price first` });
      }
      const override = pairs.price !== undefined ? parseOffering({ [priceKey[s.price.kind]]: pairs.price }, actor.practice, s) : ok(s);
      if (!override.ok) return err({ ...override.error, field: 'price' });
      const quantity = pairs.qty !== undefined ? parseQuantity(pairs.qty) : undefined;
      if (quantity && !quantity.ok) return quantity;
      const client = await d.clients.get(actor.practice.id, target.value.clientId);
      const perEmployee = s.price.kind === 'per-unit' && /employee/i.test(s.price.unitLabel) ? client?.activeEmployees : undefined;
      const { id: _id, practiceId: _p, currency: _c, archived: _a, createdAt: _ca, updatedAt: _u, ...offering } = { ...s, ...override.value };
      const line: ProposalLine = {
        ...offering, id: d.ids.next(), serviceId: s.id, section: pairs.section?.trim() || 'Services',
        quantity: quantity?.value ?? perEmployee ?? 1,
      };
      const problem = unpriceable(line);
      if (problem) return err({ kind: 'invalid-field', field: pairs.qty !== undefined ? 'qty' : 'price', reason: problem });
      const addOn = pairs.addon !== undefined && /^(yes|y|true)$/i.test(pairs.addon);
      const placed = placeLine(target.value.content, line, { ...(pairs.tier ? { tier: pairs.tier } : {}), addOn }, () => d.ids.next());
      if (!placed.ok) return placed;
      const edited = editDraft(target.value, placed.value, d.clock.now());
      if (!edited.ok) return edited;
      const saved = await saveOver(d, edited.value);
      if (!saved.ok) return saved;
      const placedIn = addOn ? 'add-ons' : pairs.tier ?? placed.value.tiers.find((t) => t.lines.some((l) => l.id === line.id))?.name ?? 'Standard';
      return ok({ proposal: saved.value, line, placedIn });
    },

    async removeLine(actor: Actor, ref: string | undefined, lineName: string): Promise<Result<Proposal, ProposalError>> {
      const target = await draftFor(d, actor, ref);
      if (!target.ok) return target;
      const c = target.value.content;
      const lines = [...c.tiers.flatMap((t) => t.lines), ...c.addOns].filter((l) => l.id === lineName || l.name.toLowerCase() === lineName.toLowerCase());
      if (!lines.length) return err({ kind: 'not-found', what: 'service', ref: lineName, hint: `Show the proposal with \`proposal show ${reference(target.value)}\`.` });
      const edited = editDraft(target.value, lines.reduce((acc, l) => removeLine(acc, l.id), c), d.clock.now());
      return edited.ok ? saveOver(d, edited.value) : edited;
    },

    /** Title, cover letter, terms and validity: the parts of a draft that are not services. */
    async edit(actor: Actor, ref: string | undefined, pairs: Pairs): Promise<Result<Proposal, ProposalError>> {
      const target = await draftFor(d, actor, ref);
      if (!target.ok) return target;
      const c = target.value.content;
      const unknown = Object.keys(pairs).find((k) => !['title', 'cover', 'terms', 'valid-days', 'proposal'].includes(k));
      if (unknown) return err({ kind: 'invalid-field', field: unknown, reason: 'you can set title, cover, terms and valid-days' });
      if (pairs.title !== undefined && (pairs.title.trim().length < 1 || pairs.title.length > 200)) return err({ kind: 'invalid-field', field: 'title', reason: 'a title is 1 to 200 characters' });
      if (pairs.cover !== undefined && pairs.cover.length > 10000) return err({ kind: 'invalid-field', field: 'cover', reason: 'a cover letter is at most 10,000 characters' });
      const bad = unknownMergeFieldsIn(pairs);
      if (bad) return err({ kind: 'invalid-field', field: bad.part, reason: `unknown merge fields {${bad.fields.join('}, {')}}; use ${mergeFields.map((f) => `{${f}}`).join(', ')}` });
      const days = pairs['valid-days'] !== undefined ? Number(pairs['valid-days']) : c.validDays;
      if (!Number.isInteger(days) || days < 1 || days > 365) return err({ kind: 'invalid-field', field: 'valid-days', reason: 'a whole number of days from 1 to 365' });
      const content: ProposalContent = {
        ...c, title: pairs.title?.trim() ?? c.title, coverLetter: pairs.cover ?? c.coverLetter, terms: pairs.terms ?? c.terms, validDays: days,
      };
      const edited = editDraft(target.value, content, d.clock.now());
      return edited.ok ? saveOver(d, edited.value) : edited;
    },

    show: (actor: Actor, ref: string) => findProposal(d, actor, ref),

    current: (actor: Actor, ref?: string) => draftFor(d, actor, ref),

    list: (actor: Actor, status?: ProposalStatus) => d.proposals.list(actor.practice.id, { ...(status ? { status } : {}), limit: 25 }),

    async clone(actor: Actor, ref: string): Promise<Result<Draft, ProposalError>> {
      const source = await findProposal(d, actor, ref);
      if (!source.ok) return source;
      const copy = await saveNumbered(actor, (number) => cloneAsDraft(source.value, {
        id: d.ids.next() as ProposalId, number, by: actor.user.displayName,
      }, d.clock.now()));
      await audit(actor, 'proposal.cloned', copy, { from: reference(source.value) });
      return ok(copy);
    },

    async saveAsTemplate(actor: Actor, ref: string, name: string): Promise<Result<ProposalTemplate, ProposalError>> {
      const source = await findProposal(d, actor, ref);
      if (!source.ok) return source;
      const key = templateKey(name);
      if (!key) return err({ kind: 'invalid-field', field: 'name', reason: 'give the template a name, e.g. name="Monthly bookkeeping"' });
      if (builtIns(actor).some((t) => t.key === key)) return err({ kind: 'invalid-field', field: 'name', reason: `"${key}" is a built-in template; pick another name` });
      const template: ProposalTemplate = {
        id: d.ids.next() as TemplateId, practiceId: actor.practice.id, key, name: name.trim(), content: source.value.content,
        perEmployee: source.value.content.tiers.some((t) => t.lines.some((l) => l.price.kind === 'per-unit' && /employee/i.test(l.price.unitLabel))),
      };
      await d.templates.save(actor.practice.id, template);
      await audit(actor, 'proposal.saved-as-template', source.value, { template: key });
      return ok(template);
    },
  };
}
export type DraftingUseCases = ReturnType<typeof createDraftingUseCases>;
