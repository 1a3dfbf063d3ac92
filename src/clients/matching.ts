import { normaliseName, type Client } from '../../domain/practice/client.js';
import { matchQuery } from '../../domain/sync/matching.js';
import type { AppLinkStore, ClientStore, ConnectionStore } from '../../domain/practice/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';

export type MatchDeps = { readonly clients: ClientStore; readonly links: AppLinkStore; readonly connections: ConnectionStore };

/** One client a typed name may mean, and what matched: its name, trade name, email, or an app's name for it. */
export type ClientMatch = { readonly client: Client; readonly by: 'id' | 'name' | 'trade name' | 'email' | 'app'; readonly why: string };

/**
 * What a typed client name matches. `exact`: the id, or the name, trade name or a connected app's name
 * for the client, ignoring case and spacing. `near`: clients whose name, trade name, email or app name
 * contains it. A client is in at most one of the two.
 */
export type ClientMatches = { readonly exact: readonly ClientMatch[]; readonly near: readonly ClientMatch[] };


/** A client the store's search found, as exact or near under the matching rules (domain/sync/matching.ts). */
const searchMatch = (c: Client, query: string): { exact: boolean; match: ClientMatch } => {
  const m = matchQuery(c, query);
  return { exact: m?.exact ?? false, match: { client: c, by: m?.by ?? 'name', why: m?.why ?? 'name' } };
};

/**
 * The one way a typed name is turned into clients, for every verb that takes a client. Callers decide
 * what to do with more than one: use a single exact match, otherwise let the person choose.
 */
export async function matchClients(d: MatchDeps, practiceId: PracticeId, query: string, limit = 6): Promise<ClientMatches> {
  const q = query.trim();
  if (!q) return { exact: [], near: [] };
  const key = normaliseName(q);
  const exact = new Map<ClientId, ClientMatch>();
  const near = new Map<ClientId, ClientMatch>();
  const add = (to: Map<ClientId, ClientMatch>, m: ClientMatch) => { if (!exact.has(m.client.id) && !to.has(m.client.id)) to.set(m.client.id, m); };

  const byId = await d.clients.get(practiceId, q as ClientId);
  if (byId) add(exact, { client: byId, by: 'id', why: 'client id' });
  for (const c of await d.clients.findByName(practiceId, q)) add(exact, { client: c, by: 'name', why: 'name' });
  const found = (await d.clients.search(practiceId, q, { limit, offset: 0 })).items;
  const searched = found.map((c) => searchMatch(c, q));
  for (const m of searched) if (m.exact) add(exact, m.match);

  // The name a connected app knows the client by (a trade or legal name, say) may differ from ours.
  for (const conn of await d.connections.list(practiceId)) {
    const label = normaliseName(conn.label);
    if (!label.includes(key)) continue;
    const link = await d.links.find(practiceId, conn.provider, conn.externalId);
    const client = link && (await d.clients.get(practiceId, link.clientId));
    if (client) add(label === key ? exact : near, { client, by: 'app', why: `the name a connected app knows it by, ${conn.label}` });
  }
  for (const m of searched) add(near, m.match);
  for (const id of exact.keys()) near.delete(id);
  return { exact: [...exact.values()], near: [...near.values()].slice(0, limit) };
}
