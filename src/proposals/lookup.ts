import type { Client } from '../../domain/practice/client.js';
import type { Proposal, ProposalId } from '../../domain/proposals/proposal.js';
import { asId, type ClientId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor, ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';

/** Reads "P-12", "p12", "12" or a raw id. */
export const findProposal = async (d: Pick<ProposalDeps, 'proposals'>, actor: Actor, ref: string): Promise<Result<Proposal, ProposalError>> => {
  const number = /^(?:p-?)?(\d{1,9})$/i.exec(ref.trim());
  const found = number
    ? await d.proposals.findByNumber(actor.practice.id, Number(number[1]))
    : await d.proposals.get(actor.practice.id, ref.trim() as ProposalId);
  return found ? ok(found) : err({ kind: 'not-found', what: 'proposal', ref, hint: 'List them with `proposals`.' });
};

/** The proposal a drafting verb works on: the one named, or the person's most recent draft. */
export const draftFor = async (d: Pick<ProposalDeps, 'proposals'>, actor: Actor, ref?: string): Promise<Result<Proposal, ProposalError>> => {
  if (ref) return findProposal(d, actor, ref);
  const [latest] = await d.proposals.list(actor.practice.id, { status: 'draft', createdBy: actor.user.displayName, limit: 1 });
  return latest ? ok(latest) : err({ kind: 'no-draft', reason: 'You have no draft proposal. Start one with `proposal new CLIENT`, or name one with proposal=P-12.' });
};

/** An existing client by name, or a new lead created on the spot when none matches. */
export const clientFor = async (
  d: Pick<ProposalDeps, 'clients' | 'clock' | 'ids'>, actor: Actor, name: string,
): Promise<Result<{ client: Client; created: boolean }, ProposalError>> => {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) return err({ kind: 'invalid-field', field: 'client', reason: 'a client name is 1 to 200 characters' });
  const byId = await d.clients.get(actor.practice.id, trimmed as ClientId);
  if (byId) return ok({ client: byId, created: false });
  const matches = await d.clients.findByName(actor.practice.id, trimmed);
  if (matches.length === 1) return ok({ client: matches[0]!, created: false });
  if (matches.length > 1) return err({ kind: 'ambiguous', what: 'client', ref: trimmed, matches: matches.map((c) => `${c.name} (${c.id})`) });
  const now = d.clock.now();
  const client: Client = { id: asId(d.ids.next()), practiceId: actor.practice.id, status: 'lead', name: trimmed, createdAt: now, updatedAt: now };
  // Someone may add the same name between the look-up and here: then this proposal is for their client.
  const added = await d.clients.add(client);
  return added.ok ? ok({ client, created: true }) : ok({ client: added.error.existing, created: false });
};

/** Saves over the version read; a lost race becomes a `conflict` value rather than a silent overwrite. */
export const saveOver = async <P extends Proposal>(d: Pick<ProposalDeps, 'proposals'>, p: P): Promise<Result<P, ProposalError>> =>
  (await d.proposals.save(p)) ? ok(p) : err({ kind: 'conflict' });
