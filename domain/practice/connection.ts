import type { AppId } from '../apps/app-id.js';
import type { ClientId, ConnectionId, PracticeId, SyncRunId } from '../shared/ids.js';
import type { SyncLevel } from '../sync/field-policy.js';
import type { FieldConflict, PendingWrites } from '../sync/link-state.js';
import type { FieldValues } from '../sync/values.js';

export type { SyncLevel } from '../sync/field-policy.js';

/** `choosing`: granted, but the person has yet to pick which of the grant's accounts to connect (a Sage business). */
export type ConnectionStatus = 'active' | 'needs-reconnect' | 'disconnected' | 'choosing';

/** An OAuth token set. Stored encrypted by the db adapter; never logged. */
export type TokenSet = {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
  readonly scope?: string;
};

/** A connected account in an outside app: per client company for some apps, one per practice for others. */
export type AppConnection = {
  readonly id: ConnectionId;
  readonly practiceId: PracticeId;
  readonly provider: AppId;
  /** The app's id for what was connected: a company, a business or a tenant, as the app names it. */
  readonly externalId: string;
  readonly label: string;
  readonly status: ConnectionStatus;
  readonly tokens: TokenSet;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly connectedAt: Date;
  readonly lastSyncAt?: Date;
};

/** Ties a provider record to one of our clients. */
export type AppLink = {
  readonly practiceId: PracticeId;
  readonly provider: AppId;
  readonly externalId: string;
  readonly clientId: ClientId;
  readonly syncLevel: SyncLevel;
  /** The values both sides agreed on at the last sync (see domain/sync/engine.ts); absent before the first. */
  readonly baseline?: FieldValues;
  /** Our values the app still has to receive. */
  readonly pending?: PendingWrites;
  /** Fields both sides changed differently, kept until a person picks a side. */
  readonly conflicts?: readonly FieldConflict[];
};

export type SyncTrigger = 'manual' | 'schedule' | 'connect' | 'webhook';

export type SyncCounts = {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly failed: number;
};

export type SyncRun = {
  readonly id: SyncRunId;
  readonly practiceId: PracticeId;
  readonly provider: AppId;
  readonly trigger: SyncTrigger;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly counts: SyncCounts;
  readonly errors: readonly string[];
  /** The process running it stopped before it finished (a crash, a kill); finishedAt is when that was noticed. */
  readonly interrupted?: boolean;
};

export const noCounts: SyncCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
