import type { Client } from '../../domain/practice/client.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppLink } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Clock } from '../../domain/shared/clock.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { withChanges } from '../../domain/sync/client-values.js';
import { resolveConflict, type ConflictSide } from '../../domain/sync/conflicts.js';
import type { FieldChange, FieldConflict } from '../../domain/sync/link-state.js';
import { syncStateOf, withSyncState } from '../../domain/sync/link-sync.js';
import type { AuditedBy } from '../../domain/practice/audit.js';
import type { FindError } from '../clients/use-cases.js';
import { recordOwedWrite, type WriteQueue } from '../apps/owed-writes.js';

export type SyncDeps = {
  readonly clients: ClientStore;
  readonly links: AppLinkStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The one client a typed name means (the clients area's look-up). */
  readonly findClient: (practice: Practice, query: string) => Promise<Result<Client, FindError>>;
  /** Where a kept value of ours is recorded for the app: the outbox. */
  readonly writes?: WriteQueue;
};

/** One open conflict, with the client and link it belongs to. */
export type OpenConflict = { readonly client: Client; readonly link: AppLink; readonly conflict: FieldConflict };

export type ResolveError =
  | FindError
  | { readonly kind: 'no-conflict'; readonly client: Client; readonly field: string }
  | { readonly kind: 'which-app'; readonly client: Client; readonly field: string; readonly apps: readonly AppId[] }
  | { readonly kind: 'name-taken'; readonly client: Client; readonly name: string };

export type Resolved = OpenConflict & {
  readonly kept: ConflictSide;
  /** What the app must now receive (keeping ours); also owed on the link until the app shows it. */
  readonly outbound: FieldChange | null;
};

/** A field as a person may type it: "street address", "street-address" and "streetAddress" are one. */
const fieldKey = (field: string): string => field.toLowerCase().replace(/[^a-z0-9]/g, '');

export function createSyncUseCases(d: SyncDeps) {
  const openFor = async (practice: Practice, links: readonly AppLink[]): Promise<OpenConflict[]> => {
    const open: OpenConflict[] = [];
    for (const link of links) {
      const client = await d.clients.get(practice.id, link.clientId);
      if (client) for (const conflict of link.conflicts ?? []) open.push({ client, link, conflict });
    }
    return open;
  };

  return {
    /** Every open conflict in the practice, or one client's. */
    async conflicts(practice: Practice, clientQuery?: string): Promise<Result<OpenConflict[], FindError>> {
      if (!clientQuery?.trim()) return ok(await openFor(practice, await d.links.withConflicts(practice.id)));
      const found = await d.findClient(practice, clientQuery);
      if (!found.ok) return found;
      return ok(await openFor(practice, await d.links.forClient(practice.id, found.value.id)));
    },

    /**
     * Keeps one side of a conflict. Theirs: the app's value goes into our client, in the same
     * transaction as the link's new state. Ours: the link records the write the app is owed (see
     * owedChanges in domain/sync/link-sync.ts), then the outbox records it; were that lost, the next
     * sync records it again from the link.
     */
    async resolve(practice: Practice, by: AuditedBy, clientQuery: string, field: string, keep: ConflictSide, app?: AppId): Promise<Result<Resolved, ResolveError>> {
      const found = await d.findClient(practice, clientQuery);
      if (!found.ok) return found;
      const client = found.value;
      const candidates = (await d.links.forClient(practice.id, client.id))
        .flatMap((link) => (link.conflicts ?? []).filter((c) => fieldKey(c.field) === fieldKey(field)).map((conflict) => ({ link, conflict })))
        .filter((x) => !app || x.link.provider === app);
      if (!candidates.length) return err({ kind: 'no-conflict', client, field });
      if (candidates.length > 1) return err({ kind: 'which-app', client, field, apps: candidates.map((x) => x.link.provider) });
      const { link, conflict } = candidates[0]!;

      const settled = resolveConflict(syncStateOf(link), conflict.field, keep);
      if (!settled.ok) return err({ kind: 'no-conflict', client, field });
      const now = d.clock.now();
      const changed = settled.value.toOurs ? withChanges(client, [settled.value.toOurs], now) : null;
      const settledLink = withSyncState(link, settled.value.state);
      const saved = await d.links.saveSyncOutcome(settledLink, changed);
      if (!saved.ok) return err({ kind: 'name-taken', client, name: String(conflict.theirs) });
      if (settled.value.toTheirs && (await recordOwedWrite(d.writes, settledLink, client))) await d.writes?.wake();
      await d.audit.record({
        practiceId: practice.id, at: now, ...by, action: 'sync.conflict_resolved', subject: client.name,
        detail: { clientId: client.id, app: link.provider, field: conflict.field, kept: keep, ours: conflict.ours ?? null, theirs: conflict.theirs ?? null },
      });
      return ok({ client: changed ?? client, link, conflict, kept: keep, outbound: settled.value.toTheirs });
    },
  };
}

export type SyncUseCases = ReturnType<typeof createSyncUseCases>;
