import type { EntityManager } from '@mikro-orm/postgresql';
import type { SmartBillingStore } from '../../domain/proposals/ports.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { SmartBillingSetting } from '../../domain/proposals/smart-billing.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { SmartBillingRow } from './entities/smart-billing.entity.js';

const toRow = (s: SmartBillingSetting): SmartBillingRow => ({
  practiceId: s.practiceId, proposalId: s.proposalId, lineId: s.lineId, clientId: s.clientId, serviceName: s.serviceName,
  status: s.status, chosenBy: s.chosenBy, chosenAt: s.chosenAt,
  companyId: s.status === 'enabled' ? s.company.externalId : null,
  companyName: s.status === 'enabled' ? s.company.name : null,
  offeredAt: s.status === 'pending' ? s.offeredAt ?? null : null,
});

const toDomain = (r: SmartBillingRow): SmartBillingSetting => {
  const base = {
    practiceId: r.practiceId as PracticeId, proposalId: r.proposalId as ProposalId, lineId: r.lineId, clientId: r.clientId as ClientId,
    serviceName: r.serviceName, chosenBy: r.chosenBy, chosenAt: r.chosenAt,
  };
  if (r.status === 'enabled') return { ...base, status: 'enabled', company: { externalId: r.companyId ?? '', name: r.companyName ?? '' } };
  return { ...base, status: 'pending', ...(r.offeredAt ? { offeredAt: r.offeredAt } : {}) };
};

const fresh = { disableIdentityMap: true, orderBy: { chosenAt: 'asc', lineId: 'asc' } } as const;

export class MikroOrmSmartBillingStore implements SmartBillingStore {
  constructor(private readonly em: EntityManager) {}

  async listForProposal(practiceId: PracticeId, proposalId: ProposalId) {
    return (await this.em.find(SmartBillingRow, { practiceId, proposalId }, fresh)).map(toDomain);
  }
  async listPendingForClient(practiceId: PracticeId, clientId: ClientId) {
    return (await this.em.find(SmartBillingRow, { practiceId, clientId, status: 'pending' }, fresh)).map(toDomain);
  }
  async save(settings: readonly SmartBillingSetting[]) {
    if (settings.length) await this.em.upsertMany(SmartBillingRow, settings.map(toRow));
  }
  async remove(practiceId: PracticeId, proposalId: ProposalId, lineIds: readonly string[]) {
    if (lineIds.length) await this.em.nativeDelete(SmartBillingRow, { practiceId, proposalId, lineId: { $in: [...lineIds] } });
  }
}
