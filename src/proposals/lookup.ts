import type { Client } from '../../domain/practice/client.js';
import { editable, type Draft, type Proposal, type ProposalId } from '../../domain/proposals/proposal.js';
import { asId } from '../../domain/shared/ids.js';
import { matchClients } from '../clients/matching.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';

/** Reads "P-12", "p12", "12" or a raw id. */
export const findProposal = async (d: Pick<ProposalDeps, 'proposals'>, actor: Actor, ref: string): Promise<Result<Proposal, ProposalError>> => {
  const number = /^(?:p-?)?(\d{1,9})$/i.exec(ref.trim());
  const found = number
    ? await d.proposals.findByNumber(actor.practice.id, Number(number[1]))
    : await d.proposals.get(actor.practice.id, ref.trim() as ProposalId);
  return found ? ok(found) : err({ kind: 'not-found', what: 'proposal', ref, hint: 'List them with `proposals`.' });
};

/**
 * The draft a drafting verb works on: the one named, or the person's most recent draft. A named
 * proposal that is no longer a draft (sent, accepted and frozen…) is refused here, before anything
 * else about the command is checked.
 */
export const draftFor = async (d: Pick<ProposalDeps, 'proposals'>, actor: Actor, ref?: string): Promise<Result<Draft, ProposalError>> => {
  if (ref) {
    const found = await findProposal(d, actor, ref);
    return found.ok ? editable(found.value) : found;
  }
  const [latest] = await d.proposals.list(actor.practice.id, { status: 'draft', createdBy: actor.user.displayName, limit: 1 });
  return latest ? editable(latest) : err({ kind: 'no-draft', reason: 'You have no draft proposal. Start one with `proposal new CLIENT`, or name one with proposal=P-12.' });
};

/** What the person said beyond the name: they mean a new client, or an app's client to import (`sage:ID`). */
export type ClientChoice = { readonly createNew?: boolean; readonly from?: string };

/** The client a proposal is for, and how it came to be: added as a lead, or imported from an app (`adopted`). */
export type ProposalClient = { readonly client: Client; readonly created: boolean; readonly adopted?: { readonly app: string; readonly created: boolean } };

type LookupDeps = Pick<ProposalDeps, 'clients' | 'appLinks' | 'connections' | 'clock' | 'ids' | 'offeredClients' | 'adoptAppClient'>;

/** An app's client the person picked (`from=sage:ID`): made a client here, saved and linked, or tied to the exact duplicate it has. */
const adopted = async (d: LookupDeps, actor: Actor, from: string): Promise<Result<ProposalClient, ProposalError>> => {
  const [, provider, externalId] = /^([a-z0-9_-]+):(.+)$/i.exec(from.trim()) ?? [];
  const app = provider && d.offeredClients?.appName(provider.toLowerCase());
  if (!provider || !externalId || !app || !d.adoptAppClient) {
    return err({ kind: 'invalid-field', field: 'from', reason: 'name a client a connected app offers, as APP:ID (the chooser\'s buttons give it)' });
  }
  const done = await d.adoptAppClient(actor, provider.toLowerCase(), externalId);
  if (!done.ok) {
    const e = done.error;
    return err({ kind: 'not-imported', app, name: e.name, reason: e.reason, ...(e.kind === 'linked-elsewhere' ? { client: e.client } : {}), ...(e.kind === 'may-be-here' ? { decide: e.decide } : {}) });
  }
  return ok({ client: done.value.client, created: false, adopted: { app, created: done.value.created } });
};

/**
 * The client a proposal is for: the one client the name matches exactly (id, name, trade name or an
 * app's name for it). A name that matches several clients, only part of some, or any client a
 * connected app offers for import (a Sage customer) is a choice for the person (`choose-client`);
 * picking an app's client imports it. A new lead is created when nothing matches anywhere, or when
 * they said `createNew`.
 */
export const clientFor = async (d: LookupDeps, actor: Actor, name: string, choice: ClientChoice = {}): Promise<Result<ProposalClient, ProposalError>> => {
  if (choice.from) return adopted(d, actor, choice.from);
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200) return err({ kind: 'invalid-field', field: 'client', reason: 'a client name is 1 to 200 characters' });
  const { exact, near } = await matchClients({ clients: d.clients, links: d.appLinks, connections: d.connections }, actor.practice.id, trimmed);
  // A second client with exactly the same name is never made, even on request: that is a duplicate.
  const canCreate = !exact.some((m) => m.by === 'name' || m.by === 'id');
  if (!choice.createNew || !canCreate) {
    if (exact.length === 1) return ok({ client: exact[0]!.client, created: false });
    const offered = (await d.offeredClients?.search(actor.practice.id, trimmed)) ?? [];
    const matches = exact.length ? exact : near;
    if (matches.length || offered.length) return err({ kind: 'choose-client', name: trimmed, matches, offered, canCreate });
  }
  const now = d.clock.now();
  const client: Client = { id: asId(d.ids.next()), practiceId: actor.practice.id, status: 'lead', name: trimmed, createdAt: now, updatedAt: now };
  // Someone may add the same name between the look-up and here: then this proposal is for their client.
  const added = await d.clients.add(client);
  return added.ok ? ok({ client, created: true }) : ok({ client: added.error.existing, created: false });
};

/** Saves over the version read; a lost race becomes a `conflict` value rather than a silent overwrite. */
export const saveOver = async <P extends Proposal>(d: Pick<ProposalDeps, 'proposals'>, p: P): Promise<Result<P, ProposalError>> =>
  (await d.proposals.save(p)) ? ok(p) : err({ kind: 'conflict' });
