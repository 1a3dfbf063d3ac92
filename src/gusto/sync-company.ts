import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore } from '../../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import { applySnapshot, clientFromSnapshot, diffSnapshot, type FieldChange } from '../../domain/sync/apply-snapshot.js';
import type { CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import type { CompanyResult } from './cards.js';

type Deps = {
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Told when a client is first tied to a Gusto company, e.g. to re-offer Smart Billing left "for later". */
  readonly onClientLinked?: (practiceId: PracticeId, clientId: ClientId) => Promise<void>;
};

const actor = 'gusto sync';

/** The client a company syncs into: its linked client, else one unlinked client with exactly the same name. */
const findClient = async (d: Deps, practiceId: PracticeId, s: CompanySnapshot): Promise<{ client: Client | null; link: AppLink | null }> => {
  const link = await d.links.find(practiceId, 'gusto', s.externalId);
  if (link) return { client: await d.clients.get(practiceId, link.clientId), link };
  const sameName = await d.clients.findByName(practiceId, s.name);
  if (sameName.length !== 1) return { client: null, link: null };
  const linked = await d.links.forClient(practiceId, sameName[0]!.id);
  return { client: linked.some((l) => l.provider === 'gusto') ? null : sameName[0]!, link: null };
};

const auditChanges = async (d: Deps, client: Client, s: CompanySnapshot, changes: readonly FieldChange[]) => {
  for (const c of changes) {
    await d.audit.record({
      practiceId: client.practiceId, at: d.clock.now(), actor, chat: 'system', action: 'client.overwritten', subject: client.name,
      detail: { clientId: client.id, field: c.field, from: c.from ?? null, to: c.to ?? null, source: 'gusto', company: s.externalId },
    });
  }
};

/** Brings one company into its client. Gusto wins every synced field the client's level lets through. */
export async function syncCompany(d: Deps, practiceId: PracticeId, s: CompanySnapshot): Promise<CompanyResult> {
  const now = d.clock.now();
  const found = await findClient(d, practiceId, s);
  if (!found.client) {
    const client = clientFromSnapshot(asId(d.ids.next()), practiceId, s, now);
    await d.clients.save(client);
    await d.links.save({ practiceId, provider: 'gusto', externalId: s.externalId, clientId: client.id, syncLevel: found.link?.syncLevel ?? 'all' });
    await d.audit.record({ practiceId, at: now, actor, chat: 'system', action: 'client.created', subject: client.name, detail: { clientId: client.id, source: 'gusto', company: s.externalId } });
    if (!found.link) await d.onClientLinked?.(practiceId, client.id);
    return { kind: 'created', company: s.name, client: client.name };
  }
  const link = found.link ?? { practiceId, provider: 'gusto' as const, externalId: s.externalId, clientId: found.client.id, syncLevel: 'all' as const };
  if (!found.link) {
    await d.links.save(link);
    await d.onClientLinked?.(practiceId, found.client.id);
  }
  const outcome = applySnapshot(found.client, s, link.syncLevel, now);
  if (outcome.kind === 'unchanged') return { kind: 'unchanged', company: s.name, client: found.client.name };
  // What Gusto has that the client's sync level kept out, so the result can say what was not applied.
  const ignored = diffSnapshot(found.client, s).filter((c) => outcome.ignored.includes(c.field));
  if (outcome.kind === 'skipped') return { kind: 'skipped', company: s.name, client: found.client.name, level: link.syncLevel, ignored };
  await d.clients.save(outcome.client);
  await auditChanges(d, found.client, s, outcome.changes);
  return { kind: 'updated', company: s.name, client: outcome.client.name, changes: outcome.changes, level: link.syncLevel, ignored };
}
