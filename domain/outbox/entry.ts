import type { PracticeId } from '../shared/ids.js';

/** What a write makes in an app. 'notification' is a chat post, which goes through the same outbox. */
export type WriteKind = 'invoice' | 'job' | 'client' | 'contact' | 'notification';

export type OutboxStatus = 'pending' | 'sending' | 'done' | 'failed';

/** Plain JSON: what the writer needs to make the record, stored as it will be sent. */
export type Payload = Readonly<Record<string, unknown>>;

/**
 * One write that must reach an app, recorded in the same transaction as the change that causes it.
 * `idempotencyKey` is derived from (app, kind, sourceId, period), so recording the same write twice
 * (a retried request, a re-run use case) keeps one row.
 */
export type OutboxEntry = {
  readonly id: string;
  readonly practiceId: PracticeId;
  /** The app's id in the registry ('sage', 'xpm', 'chat', …). */
  readonly app: string;
  readonly kind: WriteKind;
  /** Our id for what is written (a schedule, a proposal, a client): the reference the app is searched by. */
  readonly sourceId: string;
  /** The billing period or other slice of the source, when one source makes one write per period. */
  readonly period: string | null;
  readonly idempotencyKey: string;
  readonly payload: Payload;
  readonly status: OutboxStatus;
  /** Tries started: counted when a row is claimed, so a send that kills the process still counts. */
  readonly attempts: number;
  /** When it is next due; while 'sending', when the claim lapses and another drain may take it. */
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  /** The app's id for what was written, once it is. */
  readonly externalId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/** What a use case asks to write; the rest is derived. */
export type WriteRequest = Pick<OutboxEntry, 'practiceId' | 'app' | 'kind' | 'sourceId' | 'payload'> & { readonly period?: string | null };

/** The same (app, kind, source, period) always gives the same key; parts are escaped so no two tuples collide. */
export const idempotencyKey = (app: string, kind: WriteKind, sourceId: string, period: string | null = null): string =>
  [app, kind, sourceId, period ?? ''].map(encodeURIComponent).join(':');

export const newOutboxEntry = (request: WriteRequest, id: string, now: Date): OutboxEntry => {
  const period = request.period ?? null;
  return {
    id, practiceId: request.practiceId, app: request.app, kind: request.kind, sourceId: request.sourceId, period,
    idempotencyKey: idempotencyKey(request.app, request.kind, request.sourceId, period), payload: request.payload,
    status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, externalId: null, createdAt: now, updatedAt: now,
  };
};
