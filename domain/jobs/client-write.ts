import type { OutboxEntry } from '../outbox/entry.js';

/** The outbox period of the client write an acceptance records: one per client, whatever it accepts later. */
export const onAcceptance = 'on-acceptance';

/** The payload of that write: which client to find (exact name) or make in the practice app. */
export type ClientCreatePayload = { readonly clientId: string; readonly name: string; readonly create: true };

/** Whether an outbox 'client' write is the create an acceptance asked for (not a two-way field change). */
export const isClientCreate = (e: Pick<OutboxEntry, 'kind' | 'period'>): boolean => e.kind === 'client' && e.period === onAcceptance;
