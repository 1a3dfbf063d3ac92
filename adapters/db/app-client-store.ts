import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppId } from '../../domain/apps/app-id.js';
import { normaliseName } from '../../domain/practice/client.js';
import type { Page } from '../../domain/practice/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { AppClient, AppClientInput, AppClientView, RejectedMatch } from '../../domain/sync/app-client.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import { matchKey } from '../../domain/sync/matching.js';
import { likePattern } from './client-store.js';

/** Rows per statement: 500 records of 12 values keep each insert well inside one round trip. */
const batchSize = 500;

const columns = 'practice_id, provider, external_id, name, name_key, match_key, email, vat_number, company_number, reference, updated_at, first_seen_at';
const rowValues = `(${columns.split(', ').map(() => '?').join(', ')})`;

/**
 * One statement per batch. A record we have is brought up to date and, if it had gone, is live again;
 * its first sighting and "Don't import" stay. `xmax = 0` is how PostgreSQL tells an inserted row from
 * an updated one in RETURNING.
 */
const upsert = (rows: number) => `insert into app_client (${columns}) values ${Array(rows).fill(rowValues).join(', ')}
  on conflict (practice_id, provider, external_id) do update set
    name = excluded.name, name_key = excluded.name_key, match_key = excluded.match_key, email = excluded.email, vat_number = excluded.vat_number,
    company_number = excluded.company_number, reference = excluded.reference, updated_at = excluded.updated_at, deleted_at = null
  returning (xmax = 0) as added`;

/** What a linked record looks like from app_client: an app link names it. */
const linked = 'exists (select 1 from app_link l where l.practice_id = a.practice_id and l.provider = a.provider and l.external_id = a.external_id)';

type Raw = {
  practice_id: string; provider: string; external_id: string; name: string; email: string | null; vat_number: string | null;
  company_number: string | null; reference: string | null; updated_at: Date | string; first_seen_at: Date | string;
  deleted_at: Date | string | null; hidden_at: Date | string | null;
};

const toDomain = (r: Raw): AppClient => ({
  practiceId: r.practice_id as PracticeId,
  provider: r.provider,
  externalId: r.external_id,
  name: r.name,
  ...(r.email !== null ? { email: r.email } : {}),
  ...(r.vat_number !== null ? { vatNumber: r.vat_number } : {}),
  ...(r.company_number !== null ? { companyNumber: r.company_number } : {}),
  ...(r.reference !== null ? { reference: r.reference } : {}),
  updatedAt: new Date(r.updated_at),
  firstSeenAt: new Date(r.first_seen_at),
  ...(r.deleted_at !== null ? { deletedAt: new Date(r.deleted_at) } : {}),
  ...(r.hidden_at !== null ? { hiddenAt: new Date(r.hidden_at) } : {}),
});

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / batchSize) }, (_, i) => items.slice(i * batchSize, (i + 1) * batchSize));

/** An app sends a record once per read; should one come twice, the later one is the one kept (one upsert may not touch a row twice). */
const lastOfEach = (records: readonly AppClientInput[]): AppClientInput[] => [...new Map(records.map((r) => [r.externalId, r])).values()];

export class MikroOrmAppClientStore implements AppClientStore {
  constructor(private readonly em: EntityManager) {}

  async put(practiceId: PracticeId, provider: AppId, records: readonly AppClientInput[], seenAt: Date): Promise<{ readonly added: number }> {
    const batches = chunks(lastOfEach(records));
    if (!batches.length) return { added: 0 };
    return this.em.transactional(async (em) => {
      let added = 0;
      for (const batch of batches) {
        const params = batch.flatMap((r) => [
          practiceId, provider, r.externalId, r.name, normaliseName(r.name), matchKey(r.name), r.email ?? null, r.vatNumber ?? null,
          r.companyNumber ?? null, r.reference ?? null, r.updatedAt, seenAt,
        ]);
        const rows = await em.execute<{ added: boolean }[]>(upsert(batch.length), params, 'all');
        added += rows.filter((r) => r.added).length;
      }
      return { added };
    });
  }

  async markDeleted(practiceId: PracticeId, provider: AppId, externalIds: readonly string[], at: Date): Promise<void> {
    for (const ids of chunks([...new Set(externalIds)])) {
      await this.em.execute(
        'update app_client set deleted_at = ? where practice_id = ? and provider = ? and external_id in (?) and deleted_at is null',
        [at, practiceId, provider, ids], 'run');
    }
  }

  async get(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppClient | null> {
    const rows = await this.em.execute<Raw[]>(
      'select * from app_client where practice_id = ? and provider = ? and external_id = ?', [practiceId, provider, externalId], 'all');
    return rows[0] ? toDomain(rows[0]) : null;
  }

  async list(practiceId: PracticeId, provider: AppId, q: { view: AppClientView; search?: string; limit: number; offset: number }): Promise<Page<AppClient>> {
    const conditions = ['a.practice_id = ?', 'a.provider = ?', `not ${linked}`,
      q.view === 'hidden' ? 'a.hidden_at is not null' : 'a.hidden_at is null and a.deleted_at is null'];
    const params: unknown[] = [practiceId, provider];
    const search = q.search?.trim();
    if (search) {
      // The matching form of a query of punctuation alone is empty, and would find everything.
      const key = matchKey(search);
      conditions.push(`(a.name ilike ? or a.email ilike ? or a.reference ilike ?${key ? ' or a.match_key like ?' : ''})`);
      params.push(...Array(3).fill(likePattern(search)), ...(key ? [likePattern(key)] : []));
    }
    const where = conditions.join(' and ');
    const [counted] = await this.em.execute<{ total: string }[]>(`select count(*) as total from app_client a where ${where}`, params, 'all');
    const rows = await this.em.execute<Raw[]>(
      `select a.* from app_client a where ${where} order by a.name_key, a.external_id limit ? offset ?`, [...params, q.limit, q.offset], 'all');
    return { items: rows.map(toDomain), total: Number(counted?.total ?? 0) };
  }

  async setHidden(practiceId: PracticeId, provider: AppId, externalId: string, hiddenAt: Date | null): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      'update app_client set hidden_at = ? where practice_id = ? and provider = ? and external_id = ? returning external_id',
      [hiddenAt, practiceId, provider, externalId], 'all');
    return rows.length === 1;
  }

  /** The database's clock dates the answer: the port takes none, and the date is only for people reading the table. */
  async rejectMatch(practiceId: PracticeId, provider: AppId, rejected: RejectedMatch): Promise<void> {
    await this.em.execute(
      'insert into app_match_rejection (practice_id, provider, external_id, client_id, rejected_at) values (?, ?, ?, ?, now()) on conflict do nothing',
      [practiceId, provider, rejected.externalId, rejected.clientId], 'run');
  }

  async rejectedMatches(practiceId: PracticeId, provider: AppId, externalIds?: readonly string[]): Promise<RejectedMatch[]> {
    if (externalIds && !externalIds.length) return [];
    const only = externalIds ? ' and external_id in (?)' : '';
    const rows = await this.em.execute<{ external_id: string; client_id: string }[]>(
      `select external_id, client_id from app_match_rejection where practice_id = ? and provider = ?${only} order by external_id, client_id`,
      [practiceId, provider, ...(externalIds ? [[...externalIds]] : [])], 'all');
    return rows.map((r) => ({ externalId: r.external_id, clientId: r.client_id as ClientId }));
  }
}
