import type { ClientId, PracticeId } from '../shared/ids.js';
import type { ProposalContent } from './content.js';
import type { Draft, Proposal, ProposalId } from './proposal.js';

export type NewDraft = {
  readonly id: ProposalId;
  readonly practiceId: PracticeId;
  readonly number: number;
  readonly client: { readonly id: ClientId; readonly name: string };
  readonly currency: string;
  readonly by: string;
  readonly content: ProposalContent;
};

export const newDraft = (d: NewDraft, now: Date): Draft => ({
  id: d.id, practiceId: d.practiceId, number: d.number, clientId: d.client.id, clientName: d.client.name,
  currency: d.currency, createdBy: d.by, createdAt: now, updatedAt: now, version: 1, content: d.content,
  history: [{ status: 'draft', at: now, by: d.by }], status: 'draft',
});

/**
 * A fresh draft with the same content, whatever state the original is in: the way to change an
 * accepted, expired or declined proposal, since those are never edited in place.
 */
export const cloneAsDraft = (p: Proposal, d: Omit<NewDraft, 'content' | 'currency' | 'client' | 'practiceId'>, now: Date): Draft => {
  const draft = newDraft({ ...d, practiceId: p.practiceId, client: { id: p.clientId, name: p.clientName }, currency: p.currency, content: p.content }, now);
  return { ...draft, history: [{ status: 'draft', at: now, by: d.by, note: `cloned from P-${p.number}` }] };
};
