import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore } from '../../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import { applySnapshot, clientFromSnapshot, diffSnapshot, type FieldChange } from '../../domain/sync/apply-snapshot.js';
import type { CompanySnapshot } from '../../domain/sync/company-snapshot.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AccountResult } from './cards.js';

type Deps = {
  /** The app the company comes from. */
  readonly app: AppId;
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Told when a client is first tied to a Gusto company, e.g. to re-offer Smart Billing left "for later". */
  readonly onClientLinked?: (practiceId: PracticeId, clientId: ClientId) => Promise<void>;
};

const actor = (d: Deps) => `${d.app} sync`;

/** The client a company syncs into: its linked client, else one unlinked client with exactly the same name. */
const findClient = async (d: Deps, practiceId: PracticeId, s: CompanySnapshot): Promise<{ client: Client | null; link: AppLink | null }> => {
  const link = await d.links.find(practiceId, d.app, s.externalId);
  if (link) return { client: await d.clients.get(practiceId, link.clientId), link };
  const [sameName] = await d.clients.findByName(practiceId, s.name);
  return { client: sameName && !(await linkedToApp(d, practiceId, sameName.id)) ? sameName : null, link: null };
};

const linkedToApp = async (d: Deps, practiceId: PracticeId, clientId: ClientId): Promise<boolean> =>
  (await d.links.forClient(practiceId, clientId)).some((l) => l.provider === d.app);

/**
 * A new client for a company. Client names are unique, so the name may be taken by then: by a client
 * without Gusto (someone added it a moment ago), which the company then links to; or by a client that
 * has another Gusto company, and the new client is told apart by a number: "Acme LLC (2)".
 */
const newClient = async (d: Deps, practiceId: PracticeId, s: CompanySnapshot, now: Date): Promise<{ client: Client; created: boolean }> => {
  for (let n = 1; n <= 100; n++) {
    const name = n === 1 ? s.name : `${s.name} (${n})`;
    const added = await d.clients.add(clientFromSnapshot(asId(d.ids.next()), practiceId, { ...s, name }, now));
    if (added.ok) return { client: added.value, created: true };
    if (n === 1 && !(await linkedToApp(d, practiceId, added.error.existing.id))) return { client: added.error.existing, created: false };
  }
  throw new Error(`no free client name for ${d.app} company ${s.externalId}`);
};

const auditChanges = async (d: Deps, client: Client, s: CompanySnapshot, changes: readonly FieldChange[]) => {
  for (const c of changes) {
    await d.audit.record({
      practiceId: client.practiceId, at: d.clock.now(), actor: actor(d), chat: 'system', action: 'client.overwritten', subject: client.name,
      detail: { clientId: client.id, field: c.field, from: c.from ?? null, to: c.to ?? null, source: d.app, company: s.externalId },
    });
  }
};

/** Brings one company into its client. Gusto wins every synced field the client's level lets through. */
export async function syncCompany(d: Deps, practiceId: PracticeId, s: CompanySnapshot): Promise<AccountResult> {
  const now = d.clock.now();
  const found = await findClient(d, practiceId, s);
  const made = found.client ? null : await newClient(d, practiceId, s, now);
  if (made?.created) {
    const client = made.client;
    await d.links.save({ practiceId, provider: d.app, externalId: s.externalId, clientId: client.id, syncLevel: found.link?.syncLevel ?? 'all' });
    await d.audit.record({ practiceId, at: now, actor: actor(d), chat: 'system', action: 'client.created', subject: client.name, detail: { clientId: client.id, source: d.app, company: s.externalId } });
    if (!found.link) await d.onClientLinked?.(practiceId, client.id);
    return { kind: 'created', company: s.name, client: client.name };
  }
  const existing = found.client ?? made!.client;
  const link = found.link ?? { practiceId, provider: d.app, externalId: s.externalId, clientId: existing.id, syncLevel: 'all' as const };
  if (!found.link) {
    await d.links.save(link);
    await d.onClientLinked?.(practiceId, existing.id);
  }
  return update(d, existing, s, link.syncLevel, now);
}

/** Applies the snapshot; a Gusto name another client already has is left out, and the client keeps its own. */
async function update(d: Deps, client: Client, s: CompanySnapshot, level: AppLink['syncLevel'], now: Date): Promise<AccountResult> {
  let outcome = applySnapshot(client, s, level, now);
  if (outcome.kind === 'updated' && !(await d.clients.save(outcome.client)).ok) {
    outcome = applySnapshot(client, { ...s, name: client.name }, level, now);
    if (outcome.kind === 'updated') await d.clients.save(outcome.client);
  }
  if (outcome.kind === 'unchanged') return { kind: 'unchanged', company: s.name, client: client.name };
  // What Gusto has that the client's sync level kept out, so the result can say what was not applied.
  const ignoredFields = outcome.ignored;
  const ignored = diffSnapshot(client, s).filter((c) => ignoredFields.includes(c.field));
  if (outcome.kind === 'skipped') return { kind: 'skipped', company: s.name, client: client.name, level, ignored };
  await auditChanges(d, client, s, outcome.changes);
  return { kind: 'updated', company: s.name, client: outcome.client.name, changes: outcome.changes, level, ignored };
}
