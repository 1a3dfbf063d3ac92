import type { ClientId, PracticeId } from '../shared/ids.js';
import type { Proposal, ProposalId, ProposalStatus } from './proposal.js';
import type { Service, ServiceId } from './service.js';
import type { GustoCompany, SmartBillingSetting } from './smart-billing.js';
import type { ProposalTemplate } from './templates.js';

export interface ServiceStore {
  get(practiceId: PracticeId, id: ServiceId): Promise<Service | null>;
  /** Active services by name; archived ones too when asked. */
  list(practiceId: PracticeId, opts?: { includeArchived?: boolean }): Promise<Service[]>;
  save(service: Service): Promise<void>;
}

export interface ProposalStore {
  get(practiceId: PracticeId, id: ProposalId): Promise<Proposal | null>;
  findByNumber(practiceId: PracticeId, number: number): Promise<Proposal | null>;
  /**
   * The proposal a public link points at. The only lookup without a practice: the link is all a
   * client has, and the hash is unique across practices.
   */
  findByLinkHash(linkHash: string): Promise<Proposal | null>;
  /** Newest first. */
  list(practiceId: PracticeId, opts?: { status?: ProposalStatus; createdBy?: string; limit?: number }): Promise<Proposal[]>;
  /** Open proposals (sent or viewed) across all practices, for the reminder and expiry jobs. */
  listOpen(): Promise<Proposal[]>;
  nextNumber(practiceId: PracticeId): Promise<number>;
  /**
   * Saves only if the stored version is `p.version - 1` (or, for version 1, nothing is stored yet).
   * Returns false when someone else saved first; the caller re-reads and decides again.
   */
  save(p: Proposal): Promise<boolean>;
}

export interface TemplateStore {
  list(practiceId: PracticeId): Promise<ProposalTemplate[]>;
  findByKey(practiceId: PracticeId, key: string): Promise<ProposalTemplate | null>;
  save(practiceId: PracticeId, template: ProposalTemplate): Promise<void>;
}

/** Unguessable proposal links: at least 128 random bits, stored only as a hash. */
export interface LinkTokens {
  issue(): { readonly token: string; readonly hash: string };
  hashOf(token: string): string;
}

export interface ContentHasher {
  /** Hex SHA-256 of the UTF-8 text. */
  sha256(text: string): string;
}

export type MailMessage = { readonly to: string; readonly subject: string; readonly text: string; readonly html?: string };

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Smart Billing choices, one per proposal line. */
export interface SmartBillingStore {
  listForProposal(practiceId: PracticeId, proposalId: ProposalId): Promise<SmartBillingSetting[]>;
  /** Choices kept "for later" on any of the client's proposals: what to offer again once Gusto is linked. */
  listPendingForClient(practiceId: PracticeId, clientId: ClientId): Promise<SmartBillingSetting[]>;
  /** Inserts or replaces by proposal and line. */
  save(settings: readonly SmartBillingSetting[]): Promise<void>;
  remove(practiceId: PracticeId, proposalId: ProposalId, lineIds: readonly string[]): Promise<void>;
}

/** What proposals need to know of Gusto for Smart Billing. */
export interface GustoCompanies {
  /** The admin's Labs switch. */
  smartBillingOn(practiceId: PracticeId): Promise<boolean>;
  /**
   * The Gusto company tied to the client (null when none) and every connected company. `disconnected`
   * is true when the client was tied to a company whose connection has since been removed.
   */
  forClient(practiceId: PracticeId, clientId: ClientId): Promise<{ linked: GustoCompany | null; connected: GustoCompany[]; disconnected: boolean }>;
}
