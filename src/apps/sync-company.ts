import type { Client } from '../../domain/practice/client.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore } from '../../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import { planSync, type SyncPlan } from '../../domain/sync/engine.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import { hasSynced, syncStateChanged, withSyncState } from '../../domain/sync/link-sync.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { FieldPolicies } from '../../domain/sync/field-policy.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';
import type { FieldValues } from '../../domain/sync/values.js';
import type { AccountResult } from './cards.js';
import { applyRecord, clientFromRecord, recordValues, ourValues } from './company-fields.js';
import { recordOwedWrite, type WriteQueue } from './owed-writes.js';

type Deps = {
  /** The app the company comes from, and how each of its fields syncs. */
  readonly app: AppId;
  readonly fields: FieldPolicies;
  /** What a client made from the app's record is: a client unless the app says lead. */
  readonly newClientsAs?: Client['status'];
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Told when a client is first tied to an app's company, e.g. to re-offer Smart Billing left "for later". */
  readonly onClientLinked?: (practiceId: PracticeId, clientId: ClientId) => Promise<void>;
  /** Where two-way changes of ours are recorded for the app (the outbox); an app that only reads needs none. */
  readonly writes?: WriteQueue;
};

const actor = (d: Deps) => `${d.app} sync`;

/** The client a company syncs into: its linked client, else one unlinked client with exactly the same name. */
const findClient = async (d: Deps, practiceId: PracticeId, s: SyncedRecord): Promise<{ client: Client | null; link: AppLink | null }> => {
  const link = await d.links.find(practiceId, d.app, s.externalId);
  if (link) return { client: await d.clients.get(practiceId, link.clientId), link };
  const [sameName] = await d.clients.findByName(practiceId, s.name);
  return { client: sameName && !(await linkedToApp(d, practiceId, sameName.id)) ? sameName : null, link: null };
};

const linkedToApp = async (d: Deps, practiceId: PracticeId, clientId: ClientId): Promise<boolean> =>
  (await d.links.forClient(practiceId, clientId)).some((l) => l.provider === d.app);

/**
 * A new client for a company. Client names are unique, so the name may be taken by then: by a client
 * without this app (someone added it a moment ago), which the company then links to; or by a client that
 * has another of the app's companies, and the new client is told apart by a number: "Acme LLC (2)".
 */
const newClient = async (d: Deps, practiceId: PracticeId, s: SyncedRecord, now: Date): Promise<{ client: Client; created: boolean }> => {
  for (let n = 1; n <= 100; n++) {
    const name = n === 1 ? s.name : `${s.name} (${n})`;
    const added = await d.clients.add(clientFromRecord(asId(d.ids.next()), practiceId, { ...s, name }, d.fields, now, d.newClientsAs));
    if (added.ok) return { client: added.value, created: true };
    if (n === 1 && !(await linkedToApp(d, practiceId, added.error.existing.id))) return { client: added.error.existing, created: false };
  }
  throw new Error(`no free client name for ${d.app} company ${s.externalId}`);
};

const auditChanges = async (d: Deps, client: Client, s: SyncedRecord, changes: readonly FieldChange[]) => {
  for (const c of changes) {
    await d.audit.record({
      practiceId: client.practiceId, at: d.clock.now(), actor: actor(d), chat: 'system', action: 'client.overwritten', subject: client.name,
      detail: { clientId: client.id, field: c.field, from: c.from ?? null, to: c.to ?? null, source: d.app, company: s.externalId },
    });
  }
};

/** Brings one company into its client, each field by the app's policy, as far as the client's level lets through. */
export async function syncCompany(d: Deps, practiceId: PracticeId, s: SyncedRecord): Promise<AccountResult> {
  const now = d.clock.now();
  const found = await findClient(d, practiceId, s);
  const made = found.client ? null : await newClient(d, practiceId, s, now);
  if (made?.created) {
    const client = made.client;
    const link: AppLink = { practiceId, provider: d.app, externalId: s.externalId, clientId: client.id, syncLevel: found.link?.syncLevel ?? 'all' };
    const linked = withSyncState(link, plan(d, client, s, link));
    await d.links.save(linked);
    await recordOwedWrite(d.writes, linked, client);
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
  return update(d, existing, s, link, now);
}

/**
 * Brings a record into the client it is linked to, and only that: a record nobody has linked (a
 * ledger customer offered for import) is never linked by name nor made a client. Null when unlinked.
 */
export async function syncLinkedRecord(d: Deps, practiceId: PracticeId, s: SyncedRecord): Promise<AccountResult | null> {
  const link = await d.links.find(practiceId, d.app, s.externalId);
  const client = link && (await d.clients.get(practiceId, link.clientId));
  return link && client ? update(d, client, s, link, d.clock.now()) : null;
}

/** A field the app withholds reads as the value both sides last agreed on: ours is left, and a change of ours still goes out. */
const withheldAsAgreed = (theirs: FieldValues, s: SyncedRecord, link: AppLink): FieldValues =>
  s.withheld?.length ? { ...theirs, ...Object.fromEntries(s.withheld.map((f) => [f, link.baseline?.[f]])) } : theirs;

/** The engine's decision for one company under its app's policies and the link's sync level. */
const plan = (d: Deps, client: Client, s: SyncedRecord, link: AppLink): SyncPlan => planSync({
  ours: ourValues(client, d.fields), theirs: withheldAsAgreed(recordValues(s, d.fields), s, link), baseline: link.baseline, pending: link.pending,
  policies: d.fields, level: link.syncLevel, firstSync: !hasSynced(link),
});

/** Applies the snapshot; an app's name another client already has is left out, and the client keeps its own. */
async function update(d: Deps, client: Client, s: SyncedRecord, link: AppLink, now: Date): Promise<AccountResult> {
  let decided = plan(d, client, s, link);
  let saved = await saveOutcome(d, client, s, link, decided, now);
  if (!saved) {
    decided = plan(d, client, { ...s, name: client.name }, link);
    saved = await saveOutcome(d, client, { ...s, name: client.name }, link, decided, now);
    if (!saved) throw new Error(`client ${client.id} clashed on its own name`);
  }
  // After the pending state is saved, and on every sync while it is owed: the same key keeps one row.
  await recordOwedWrite(d.writes, withSyncState(link, decided), saved);
  const level = link.syncLevel;
  if (decided.toOurs.length === 0) {
    return decided.ignored.length ? { kind: 'skipped', company: s.name, client: client.name, level, ignored: decided.ignored } : { kind: 'unchanged', company: s.name, client: client.name };
  }
  await auditChanges(d, client, s, decided.toOurs);
  return { kind: 'updated', company: s.name, client: saved.name, changes: decided.toOurs, level, ignored: decided.ignored };
}

/** Writes the client and the link's sync state together, and only what changed; null when the new name is taken. */
async function saveOutcome(d: Deps, client: Client, s: SyncedRecord, link: AppLink, decided: SyncPlan, now: Date): Promise<Client | null> {
  const changed = decided.toOurs.length ? applyRecord(client, decided.toOurs, s, now) : null;
  const state = { baseline: decided.baseline, pending: decided.pending, conflicts: decided.conflicts };
  if (!changed && !syncStateChanged(link, state)) return client;
  const saved = await d.links.saveSyncOutcome(withSyncState(link, state), changed);
  return saved.ok ? (changed ?? client) : null;
}
