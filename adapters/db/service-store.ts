import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceStore, TemplateStore } from '../../domain/proposals/ports.js';
import type { BillingType, PriceType, Service, ServiceId, TaxMode } from '../../domain/proposals/service.js';
import type { TaxRate } from '../../domain/proposals/tax.js';
import type { ProposalContent } from '../../domain/proposals/content.js';
import type { ProposalTemplate, TemplateId } from '../../domain/proposals/templates.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { ProposalTemplateRow, ServiceRow } from './entities/proposal.entity.js';

type Json = Record<string, unknown>;

const toDomain = (r: ServiceRow): Service => ({
  id: r.id as ServiceId, practiceId: r.practiceId as PracticeId, name: r.name, description: r.description, currency: r.currency,
  price: r.price as unknown as PriceType, billing: r.billing as unknown as BillingType, taxRate: r.taxRate as unknown as TaxRate,
  taxMode: r.taxMode as TaxMode, included: r.included, archived: r.archived, createdAt: r.createdAt, updatedAt: r.updatedAt,
  ...(r.ledgerAccount ? { ledgerAccount: r.ledgerAccount } : {}), ...(r.xpmJobTemplate ? { xpmJobTemplate: r.xpmJobTemplate } : {}),
});

const toRow = (s: Service): ServiceRow => ({
  id: s.id, practiceId: s.practiceId, name: s.name, description: s.description, currency: s.currency,
  price: structuredClone(s.price) as unknown as Json, billing: structuredClone(s.billing) as unknown as Json, taxRate: structuredClone(s.taxRate) as unknown as Json,
  taxMode: s.taxMode, included: s.included, ledgerAccount: s.ledgerAccount ?? null, xpmJobTemplate: s.xpmJobTemplate ?? null,
  archived: s.archived, createdAt: s.createdAt, updatedAt: s.updatedAt,
});

export class MikroOrmServiceStore implements ServiceStore {
  constructor(private readonly em: EntityManager) {}

  async get(practiceId: PracticeId, id: ServiceId) {
    const row = await this.em.findOne(ServiceRow, { practiceId, id }, { disableIdentityMap: true });
    return row ? toDomain(row) : null;
  }

  async list(practiceId: PracticeId, opts: { includeArchived?: boolean } = {}) {
    const rows = await this.em.find(ServiceRow, { practiceId, ...(opts.includeArchived ? {} : { archived: false }) },
      { orderBy: { name: 'asc' }, disableIdentityMap: true });
    return rows.map(toDomain);
  }

  async save(service: Service) {
    await this.em.upsert(ServiceRow, toRow(service));
  }
}

export class MikroOrmTemplateStore implements TemplateStore {
  constructor(private readonly em: EntityManager) {}

  private static toDomain(r: ProposalTemplateRow): ProposalTemplate {
    return { id: r.id as TemplateId, practiceId: r.practiceId as PracticeId, key: r.key, name: r.name, perEmployee: r.perEmployee, content: r.content as unknown as ProposalContent };
  }

  async list(practiceId: PracticeId) {
    return (await this.em.find(ProposalTemplateRow, { practiceId }, { orderBy: { name: 'asc' }, disableIdentityMap: true })).map(MikroOrmTemplateStore.toDomain);
  }

  async findByKey(practiceId: PracticeId, key: string) {
    const row = await this.em.findOne(ProposalTemplateRow, { practiceId, key }, { disableIdentityMap: true });
    return row ? MikroOrmTemplateStore.toDomain(row) : null;
  }

  async save(practiceId: PracticeId, t: ProposalTemplate) {
    await this.em.upsert(ProposalTemplateRow, { practiceId, key: t.key, id: t.id, name: t.name, perEmployee: t.perEmployee, content: structuredClone(t.content) as unknown as Json });
  }
}
