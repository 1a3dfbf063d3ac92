import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule, ScheduleId } from '../../domain/billing/schedule.js';
import type { MailMessage, Mailer, ProposalStore, ServiceStore, SmartBillingStore, TemplateStore } from '../../domain/proposals/ports.js';
import { isOpen, type Proposal, type ProposalId, type ProposalStatus } from '../../domain/proposals/proposal.js';
import type { Service, ServiceId } from '../../domain/proposals/service.js';
import type { SmartBillingSetting } from '../../domain/proposals/smart-billing.js';
import type { ProposalTemplate } from '../../domain/proposals/templates.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';

export class InMemoryServiceStore implements ServiceStore {
  private readonly rows = new Map<string, Service>();
  async get(practiceId: PracticeId, id: ServiceId) { const s = this.rows.get(id); return s?.practiceId === practiceId ? s : null; }
  async list(practiceId: PracticeId, opts: { includeArchived?: boolean } = {}) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && (opts.includeArchived || !s.archived))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  async save(service: Service) { this.rows.set(service.id, service); }
}

/** Keeps versions like the real store: a save over a stale version is refused. */
export class InMemoryProposalStore implements ProposalStore {
  private readonly rows = new Map<string, Proposal>();
  async get(practiceId: PracticeId, id: ProposalId) { const p = this.rows.get(id); return p?.practiceId === practiceId ? p : null; }
  async findByNumber(practiceId: PracticeId, number: number) {
    return [...this.rows.values()].find((p) => p.practiceId === practiceId && p.number === number) ?? null;
  }
  async findByLinkHash(hash: string) {
    return [...this.rows.values()].find((p) => p.status !== 'draft' && p.linkHashes.includes(hash)) ?? null;
  }
  async list(practiceId: PracticeId, o: { status?: ProposalStatus; createdBy?: string; limit?: number } = {}) {
    return [...this.rows.values()]
      .filter((p) => p.practiceId === practiceId && (!o.status || p.status === o.status) && (!o.createdBy || p.createdBy === o.createdBy))
      .sort((a, b) => +b.updatedAt - +a.updatedAt || b.number - a.number).slice(0, o.limit ?? 100);
  }
  async listOpen() { return [...this.rows.values()].filter(isOpen); }
  async nextNumber(practiceId: PracticeId) {
    return Math.max(0, ...[...this.rows.values()].filter((p) => p.practiceId === practiceId).map((p) => p.number)) + 1;
  }
  async save(p: Proposal) {
    const stored = this.rows.get(p.id);
    if (stored ? stored.version !== p.version - 1 : p.version !== 1) return false;
    if (!stored && (await this.findByNumber(p.practiceId, p.number))) return false;
    this.rows.set(p.id, p);
    return true;
  }
}

export class InMemoryTemplateStore implements TemplateStore {
  private readonly rows = new Map<string, ProposalTemplate>();
  async list(practiceId: PracticeId) { return [...this.rows.values()].filter((t) => t.practiceId === practiceId); }
  async findByKey(practiceId: PracticeId, key: string) { return this.rows.get(`${practiceId}:${key}`) ?? null; }
  async save(practiceId: PracticeId, t: ProposalTemplate) { this.rows.set(`${practiceId}:${t.key}`, { ...t, practiceId }); }
}

const billable: readonly BillingSchedule['status'][] = ['due', 'active'];

export class InMemoryBillingScheduleStore implements BillingScheduleStore {
  private readonly rows = new Map<string, BillingSchedule>();
  async get(practiceId: PracticeId, id: ScheduleId) { const s = this.rows.get(id); return s?.practiceId === practiceId ? s : null; }
  async listForProposal(practiceId: PracticeId, proposalId: ProposalId) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && s.proposalId === proposalId);
  }
  async listForClient(practiceId: PracticeId, clientId: ClientId) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && s.clientId === clientId);
  }
  async listBillable(practiceId: PracticeId) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && billable.includes(s.status));
  }
  async saveMany(schedules: readonly BillingSchedule[]) { for (const s of schedules) this.rows.set(s.id, s); }
}

export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = false;
  async send(message: MailMessage) {
    if (this.failNext) { this.failNext = false; throw new Error('smtp down'); }
    this.sent.push(message);
  }
}

export class InMemorySmartBillingStore implements SmartBillingStore {
  private readonly rows = new Map<string, SmartBillingSetting>();
  private key = (practiceId: string, proposalId: string, lineId: string) => `${practiceId}:${proposalId}:${lineId}`;
  async listForProposal(practiceId: PracticeId, proposalId: ProposalId) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && s.proposalId === proposalId);
  }
  async listPendingForClient(practiceId: PracticeId, clientId: ClientId) {
    return [...this.rows.values()].filter((s) => s.practiceId === practiceId && s.clientId === clientId && s.status === 'pending');
  }
  async save(settings: readonly SmartBillingSetting[]) { for (const s of settings) this.rows.set(this.key(s.practiceId, s.proposalId, s.lineId), s); }
  async remove(practiceId: PracticeId, proposalId: ProposalId, lineIds: readonly string[]) {
    for (const id of lineIds) this.rows.delete(this.key(practiceId, proposalId, id));
  }
}
