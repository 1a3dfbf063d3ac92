import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client, NameTaken } from '../../domain/practice/client.js';
import type { AppLink, SyncLevel } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { AppLinkStore, LinkRefused } from '../../domain/practice/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { clientToRow, isNameClash, MikroOrmClientStore } from './client-store.js';
import { ClientRow } from './entities/client.entity.js';
import { AppLinkRow } from './entities/connection.entity.js';

const toDomain = (r: AppLinkRow): AppLink => ({
  practiceId: r.practiceId as PracticeId,
  provider: r.provider as AppId,
  externalId: r.externalId,
  clientId: r.clientId as ClientId,
  syncLevel: r.syncLevel as SyncLevel,
  ...(r.baseline ? { baseline: r.baseline } : {}),
  ...(r.pending && Object.keys(r.pending).length ? { pending: r.pending } : {}),
  ...(r.conflicts?.length ? { conflicts: r.conflicts } : {}),
});

const toRow = (l: AppLink): AppLinkRow => ({
  practiceId: l.practiceId, provider: l.provider, externalId: l.externalId, clientId: l.clientId, syncLevel: l.syncLevel,
  baseline: l.baseline ? { ...l.baseline } : null,
  pending: l.pending && Object.keys(l.pending).length ? { ...l.pending } : null,
  conflicts: l.conflicts?.length ? [...l.conflicts] : null,
});

/** Thrown inside the transaction to roll it back when the client's name clashes; never leaves this file. */
class NameClash extends Error {}

export class MikroOrmAppLinkStore implements AppLinkStore {
  constructor(private readonly em: EntityManager) {}

  async find(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppLink | null> {
    const row = await this.em.findOne(AppLinkRow, { practiceId, provider, externalId }, { refresh: true });
    return row ? toDomain(row) : null;
  }

  async forClient(practiceId: PracticeId, clientId: ClientId): Promise<AppLink[]> {
    return (await this.em.find(AppLinkRow, { practiceId, clientId }, { refresh: true })).map(toDomain);
  }

  async list(practiceId: PracticeId, provider: AppId): Promise<AppLink[]> {
    return (await this.em.find(AppLinkRow, { practiceId, provider }, { refresh: true })).map(toDomain);
  }

  async changedSince(practiceId: PracticeId, provider: AppId, since: Date): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ external_id: string }[]>(
      'select l.external_id from app_link l join client c on c.id = l.client_id and c.practice_id = l.practice_id ' +
      'where l.practice_id = ? and l.provider = ? and c.updated_at >= ? order by l.external_id',
      [practiceId, provider, since], 'all');
    return rows.map((r) => r.external_id);
  }

  async withConflicts(practiceId: PracticeId): Promise<AppLink[]> {
    const rows = await this.em.find(AppLinkRow, { practiceId, conflicts: { $ne: null } }, { refresh: true, orderBy: { provider: 'asc', externalId: 'asc' } });
    return rows.map(toDomain).filter((l) => l.conflicts?.length);
  }

  async save(link: AppLink): Promise<void> {
    await this.em.upsert(AppLinkRow, toRow(link));
  }

  /**
   * In one transaction that first takes a lock on the client's links to this app, then one on the
   * record (always in that order, so two links never wait on each other): two choices touching one
   * client or one record run in turn, and each sees what the other decided.
   */
  async link(link: AppLink, o: { readonly replace?: boolean } = {}): Promise<Result<{ replaced: AppLink | null }, LinkRefused>> {
    return this.em.transactional(async (em) => {
      const lock = (key: string) => em.execute('select pg_advisory_xact_lock(hashtext(?))', [key]);
      await lock(`app-link:${link.practiceId}:${link.provider}:client:${link.clientId}`);
      await lock(`app-link:${link.practiceId}:${link.provider}:record:${link.externalId}`);
      const holder = await em.findOne(AppLinkRow, { practiceId: link.practiceId, provider: link.provider, externalId: link.externalId }, { refresh: true });
      if (holder && holder.clientId !== link.clientId) return err<LinkRefused>({ kind: 'linked-elsewhere', clientId: holder.clientId as ClientId });
      if (holder) return ok({ replaced: null });
      const earlier = await em.findOne(AppLinkRow, { practiceId: link.practiceId, provider: link.provider, clientId: link.clientId }, { refresh: true });
      if (earlier && !o.replace) return err<LinkRefused>({ kind: 'client-linked', externalId: earlier.externalId });
      if (earlier) await em.nativeDelete(AppLinkRow, { practiceId: earlier.practiceId, provider: earlier.provider, externalId: earlier.externalId });
      await em.insert(AppLinkRow, toRow(link));
      return ok({ replaced: earlier ? toDomain(earlier) : null });
    });
  }

  /** One transaction: a crash or a name clash between the two writes leaves neither. */
  async saveSyncOutcome(link: AppLink, client: Client | null): Promise<Result<void, NameTaken>> {
    if (client && (client.practiceId !== link.practiceId || client.id !== link.clientId)) {
      throw new Error(`a link's sync outcome names client ${client.id} of its own practice, not another`);
    }
    try {
      await this.em.transactional(async (em) => {
        if (client) {
          try {
            await em.upsert(ClientRow, clientToRow(client));
          } catch (e) {
            throw isNameClash(e) ? new NameClash() : e;
          }
        }
        await em.upsert(AppLinkRow, toRow(link));
      });
      return ok(undefined);
    } catch (e) {
      if (e instanceof NameClash && client) {
        const taken = await new MikroOrmClientStore(this.em).taken(client);
        if (!taken.ok) return taken;
      }
      throw e;
    }
  }
}
