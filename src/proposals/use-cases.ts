import { acceptInternally } from './accepting.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import { createDraftingUseCases } from './drafting.js';
import { createScheduleUseCases } from './schedules.js';
import { createSendingUseCases } from './sending.js';
import { createSmartBillingUseCases } from './smart-billing.js';
import { createServiceUseCases } from './services.js';
import { createWebUseCases } from './web.js';
import type { NotificationEvent } from '../notify.js';

/** The events proposals post to the firm's channels (the Smart Billing re-offer rides on Gusto's sync.finished). */
export const proposalEvents = ['proposal.viewed', 'proposal.accepted', 'proposal.declined'] as const satisfies readonly NotificationEvent[];

/** Every proposal use case, built from one set of ports. compose.ts calls this once. */
export function createProposalUseCases(d: ProposalDeps) {
  return {
    services: createServiceUseCases(d),
    drafting: createDraftingUseCases(d),
    sending: createSendingUseCases(d),
    schedules: createScheduleUseCases(d),
    web: createWebUseCases(d),
    smartBilling: createSmartBillingUseCases(d),
    acceptInternally: (actor: Actor, ref: string, pairs: Readonly<Record<string, string>>) => acceptInternally(d, actor, ref, pairs),
  };
}
export type ProposalUseCases = ReturnType<typeof createProposalUseCases>;
