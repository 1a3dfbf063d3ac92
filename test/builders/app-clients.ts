import type { Client } from '../../domain/practice/client.js';
import { asId, type PracticeId } from '../../domain/shared/ids.js';
import type { AppClient } from '../../domain/sync/app-client.js';

const at = new Date('2026-11-02T09:00:00Z');
const practiceId = asId<'Practice'>('pr-1') as PracticeId;

/** A client here, by name; everything else as given. */
export const aClient = (name: string, o: Partial<Client> = {}): Client => ({
  id: asId(`c-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`), practiceId, status: 'client', name, createdAt: at, updatedAt: at, ...o,
});

/** One of an app's clients (a Sage customer) as the store keeps it. */
export const aRecord = (externalId: string, name: string, o: Partial<AppClient> = {}): AppClient => ({
  practiceId, provider: 'sage', externalId, name, updatedAt: at, firstSeenAt: at, ...o,
});
