import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { normaliseName, type BusinessStructure, type Client, type NameTaken } from '../../domain/practice/client.js';
import type { ClientStore, Page } from '../../domain/practice/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { ClientRow } from './entities/client.entity.js';

/** Drops nulls so optional domain fields stay absent rather than null. */
const present = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

const toDomain = (r: ClientRow): Client =>
  present({
    id: r.id as ClientId,
    practiceId: r.practiceId as PracticeId,
    status: r.status as Client['status'],
    name: r.name,
    tradeName: r.tradeName,
    email: r.email,
    phone: r.phone,
    fax: r.fax,
    website: r.website,
    streetAddress: r.streetAddress,
    postalAddress: r.postalAddress,
    contacts: r.contacts,
    partner: r.partner,
    manager: r.manager,
    groups: r.groups,
    taxRegistered: r.taxRegistered,
    vatNumber: r.vatNumber,
    companyNumber: r.companyNumber,
    businessStructure: r.businessStructure as BusinessStructure | null,
    activeEmployees: r.activeEmployees,
    contractors: r.contractors,
    headcountAt: r.headcountAt,
    createInvoices: r.createInvoices,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }) as Client;

export const clientToRow = (c: Client): ClientRow => ({
  id: c.id,
  practiceId: c.practiceId,
  status: c.status,
  name: c.name,
  nameKey: normaliseName(c.name),
  tradeName: c.tradeName ?? null,
  email: c.email ?? null,
  phone: c.phone ?? null,
  fax: c.fax ?? null,
  website: c.website ?? null,
  streetAddress: c.streetAddress ?? null,
  postalAddress: c.postalAddress ?? null,
  contacts: c.contacts ? [...c.contacts] : null,
  partner: c.partner ?? null,
  manager: c.manager ?? null,
  groups: c.groups ? [...c.groups] : null,
  taxRegistered: c.taxRegistered ?? null,
  vatNumber: c.vatNumber ?? null,
  companyNumber: c.companyNumber ?? null,
  businessStructure: c.businessStructure ?? null,
  activeEmployees: c.activeEmployees ?? null,
  contractors: c.contractors ?? null,
  headcountAt: c.headcountAt ?? null,
  createInvoices: c.createInvoices ?? null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/** The unique index that keeps one client per name in a practice (migration unique_client_names). */
const nameIndex = 'client_practice_id_name_key_unique';
export const isNameClash = (e: unknown): boolean =>
  e instanceof UniqueConstraintViolationException && String(e.message).includes(nameIndex);

/** A LIKE pattern for `query` anywhere in the text, its own % _ and \ taken literally. */
export const likePattern = (query: string): string => `%${query.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export class MikroOrmClientStore implements ClientStore {
  constructor(private readonly em: EntityManager) {}

  async get(practiceId: PracticeId, id: ClientId): Promise<Client | null> {
    const row = await this.em.findOne(ClientRow, { id, practiceId });
    return row ? toDomain(row) : null;
  }

  async findByName(practiceId: PracticeId, name: string): Promise<Client[]> {
    return (await this.em.find(ClientRow, { practiceId, nameKey: normaliseName(name) })).map(toDomain);
  }

  async search(practiceId: PracticeId, query: string, page: { limit: number; offset: number }): Promise<Page<Client>> {
    const q = query.trim();
    const where = q
      ? { practiceId, $or: [{ name: { $ilike: likePattern(q) } }, { tradeName: { $ilike: likePattern(q) } }, { email: { $ilike: likePattern(q) } }] }
      : { practiceId };
    const [rows, total] = await this.em.findAndCount(ClientRow, where, {
      orderBy: { nameKey: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset,
    });
    return { items: rows.map(toDomain), total };
  }

  /**
   * The unique index on (practice_id, name_key) decides: a racing add of the same name waits for ours
   * to commit, then inserts nothing, and reads ours.
   */
  async add(client: Client): Promise<Result<Client, NameTaken>> {
    const row = clientToRow(client);
    const qb = this.em.createQueryBuilder(ClientRow).insert(row).onConflict(['practiceId', 'nameKey']).ignore().returning('id');
    const inserted = await qb.execute('all');
    return inserted.length === 1 ? ok(client) : this.taken(client);
  }

  async save(client: Client): Promise<Result<Client, NameTaken>> {
    try {
      await this.em.upsert(ClientRow, clientToRow(client));
      return ok(client);
    } catch (e) {
      if (isNameClash(e)) return this.taken(client);
      throw e;
    }
  }

  /** The other client holding a name that just clashed. */
  async taken(client: Client): Promise<Result<Client, NameTaken>> {
    const [existing] = (await this.findByName(client.practiceId, client.name)).filter((c) => c.id !== client.id);
    if (!existing) throw new Error(`client name "${client.name}" clashed, but no other client has it`);
    return err({ kind: 'name-taken', existing });
  }

  async saveMany(clients: readonly Client[]): Promise<void> {
    if (clients.length) await this.em.upsertMany(ClientRow, clients.map(clientToRow));
  }
}
