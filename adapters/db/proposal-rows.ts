import type { Acceptance } from '../../domain/proposals/acceptance.js';
import { deepFreeze } from '../../domain/proposals/acceptance.js';
import type { ProposalContent } from '../../domain/proposals/content.js';
import type { Proposal, ProposalId, ProposalStatus, Transition } from '../../domain/proposals/proposal.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { ProposalRow } from './entities/proposal.entity.js';

/** JSON columns get copies: the ORM may touch what it is given, and accepted proposals are frozen. */
type Json = Record<string, unknown>;
const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);

const closed = (p: Proposal): { at: Date | null; by: string | null } => {
  switch (p.status) {
    case 'accepted': return { at: p.acceptedAt, by: null };
    case 'declined': return { at: p.declinedAt, by: null };
    case 'expired': return { at: p.expiredAt, by: null };
    case 'revoked': return { at: p.revokedAt, by: p.revokedBy };
    default: return { at: null, by: null };
  }
};

export const proposalToRow = (p: Proposal): ProposalRow => {
  const sent = p.status === 'draft' ? undefined : p;
  const end = closed(p);
  return {
    id: p.id, practiceId: p.practiceId, number: p.number, status: p.status, clientId: p.clientId, clientName: p.clientName,
    currency: p.currency, createdBy: p.createdBy, version: p.version, content: structuredClone(p.content) as unknown as Json,
    history: p.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    sentAt: sent?.sentAt ?? null, sentBy: sent?.sentBy ?? null, sentTo: sent?.sentTo ?? null, expiresAt: sent?.expiresAt ?? null,
    reminders: sent?.reminders ?? 0, lastReminderAt: sent?.lastReminderAt ?? null, viewedAt: sent?.viewedAt ?? null,
    closedAt: end.at, closedBy: end.by, declineReason: p.status === 'declined' ? p.declineReason : null,
    acceptance: p.status === 'accepted'
      ? structuredClone({ ...p.acceptance, evidence: { ...p.acceptance.evidence, signedAt: iso(p.acceptance.evidence.signedAt) } }) as unknown as Json
      : null,
    createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
};

const acceptanceOf = (json: Json): Acceptance => {
  const a = json as unknown as Acceptance;
  return deepFreeze({ ...a, evidence: { ...a.evidence, signedAt: new Date(a.evidence.signedAt) } });
};

/** Rebuilds the lifecycle state from the row; an accepted proposal comes back frozen, as it left. */
export const proposalToDomain = (r: ProposalRow, linkHashes: readonly string[]): Proposal => {
  const base = {
    id: r.id as ProposalId, practiceId: r.practiceId as PracticeId, number: r.number, clientId: r.clientId as ClientId,
    clientName: r.clientName, currency: r.currency, createdBy: r.createdBy, createdAt: r.createdAt, updatedAt: r.updatedAt,
    version: r.version, content: r.content as unknown as ProposalContent,
    history: (r.history as Json[]).map((h) => ({ ...h, at: new Date(h.at as string) }) as Transition),
  };
  const status = r.status as ProposalStatus;
  if (status === 'draft') return { ...base, status };
  const sent = {
    sentAt: r.sentAt!, sentBy: r.sentBy!, expiresAt: r.expiresAt!, linkHashes: [...linkHashes], reminders: r.reminders,
    ...(r.sentTo ? { sentTo: r.sentTo } : {}), ...(r.lastReminderAt ? { lastReminderAt: r.lastReminderAt } : {}),
    ...(r.viewedAt ? { viewedAt: r.viewedAt } : {}),
  };
  switch (status) {
    case 'sent': return { ...base, ...sent, status };
    case 'viewed': return { ...base, ...sent, status, viewedAt: r.viewedAt! };
    case 'accepted': return deepFreeze({ ...base, ...sent, status, acceptedAt: r.closedAt!, acceptance: acceptanceOf(r.acceptance!) });
    case 'declined': return { ...base, ...sent, status, declinedAt: r.closedAt!, declineReason: r.declineReason ?? '' };
    case 'expired': return { ...base, ...sent, status, expiredAt: r.closedAt! };
    case 'revoked': return { ...base, ...sent, status, revokedAt: r.closedAt!, revokedBy: r.closedBy ?? '' };
  }
};
