import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProposalStore } from '../../domain/proposals/ports.js';
import type { Proposal, ProposalId, ProposalStatus } from '../../domain/proposals/proposal.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { ProposalLinkRow, ProposalRow } from './entities/proposal.entity.js';
import { proposalToDomain, proposalToRow } from './proposal-rows.js';

/** Reads skip the identity map: a proposal changes under optimistic versions, so every read must be fresh. */
const fresh = { disableIdentityMap: true } as const;

export class MikroOrmProposalStore implements ProposalStore {
  constructor(private readonly em: EntityManager) {}

  private async withLinks(rows: readonly ProposalRow[]): Promise<Proposal[]> {
    if (!rows.length) return [];
    if (rows.every((r) => r.status === 'draft')) return rows.map((r) => proposalToDomain(r, []));
    const links = await this.em.find(ProposalLinkRow, { proposalId: { $in: rows.map((r) => r.id) } }, fresh);
    return rows.map((r) => proposalToDomain(r, links.filter((l) => l.proposalId === r.id && l.practiceId === r.practiceId).map((l) => l.hash)));
  }

  private async one(row: ProposalRow | null): Promise<Proposal | null> {
    return row ? (await this.withLinks([row]))[0]! : null;
  }

  async get(practiceId: PracticeId, id: ProposalId) {
    return this.one(await this.em.findOne(ProposalRow, { practiceId, id }, fresh));
  }

  async findByNumber(practiceId: PracticeId, number: number) {
    return this.one(await this.em.findOne(ProposalRow, { practiceId, number }, fresh));
  }

  async findByLinkHash(hash: string) {
    const link = await this.em.findOne(ProposalLinkRow, { hash }, fresh);
    return link ? this.get(link.practiceId as PracticeId, link.proposalId as ProposalId) : null;
  }

  async list(practiceId: PracticeId, o: { status?: ProposalStatus; createdBy?: string; limit?: number } = {}) {
    const rows = await this.em.find(ProposalRow, {
      practiceId, ...(o.status ? { status: o.status } : {}), ...(o.createdBy ? { createdBy: o.createdBy } : {}),
    }, { ...fresh, orderBy: { updatedAt: 'desc', number: 'desc' }, limit: o.limit ?? 100 });
    return this.withLinks(rows);
  }

  async listOpen() {
    return this.withLinks(await this.em.find(ProposalRow, { status: { $in: ['sent', 'viewed'] } }, { ...fresh, orderBy: { expiresAt: 'asc' } }));
  }

  async nextNumber(practiceId: PracticeId) {
    const [row] = await this.em.getConnection().execute<{ next: number }[]>(
      'select coalesce(max("number"), 0) + 1 as "next" from "proposal" where "practice_id" = ?', [practiceId]);
    return Number(row?.next ?? 1);
  }

  /**
   * Compare-and-set on `version`. Link hashes go in first (idempotently): if the version check then
   * fails, an unused hash pointing at the proposal is harmless, and no transaction is needed.
   */
  async save(p: Proposal): Promise<boolean> {
    const row = proposalToRow(p);
    if (p.status !== 'draft' && p.linkHashes.length) {
      await this.em.createQueryBuilder(ProposalLinkRow)
        .insert(p.linkHashes.map((hash) => ({ hash, practiceId: p.practiceId, proposalId: p.id }))).onConflict().ignore().execute('run');
    }
    if (p.version === 1) {
      const inserted = await this.em.createQueryBuilder(ProposalRow).insert(row).onConflict().ignore().execute('run');
      return inserted.affectedRows > 0;
    }
    const { id: _id, practiceId: _p, ...changes } = row;
    return (await this.em.nativeUpdate(ProposalRow, { id: p.id, practiceId: p.practiceId, version: p.version - 1 }, changes)) > 0;
  }
}
