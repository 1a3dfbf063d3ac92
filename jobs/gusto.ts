import type { Agenda } from 'agenda';
import type { PracticeId } from '../domain/shared/ids.js';
import type { SyncRequest } from '../src/gusto/sync.js';
import { keepingLock, type ReleasedJob } from './scheduler.js';
import { scheduleDaily } from './daily.js';

export const GustoJob = { sync: 'gusto-sync', daily: 'gusto-daily-sync', webhookSetup: 'gusto-webhook-setup' } as const;

/** Job data: ids and plain JSON only, so a job survives a restart. */
type SyncJobData = { practiceId: string; trigger: SyncRequest['trigger']; externalId?: string; replyTo?: SyncRequest['replyTo']; bucket?: number };

export type GustoJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly sync: (practiceId: PracticeId, req: SyncRequest) => Promise<unknown>;
  /** The 06:00 run, which skips a second fire on the same local day. */
  readonly dailySync: (practiceId: PracticeId) => Promise<unknown>;
  /** Practices and their zones, for the per-practice daily schedule. */
  readonly practices: () => Promise<readonly { id: PracticeId; timeZone: string }[]>;
  /** Makes sure Gusto's webhook subscription exists and is verified; throws to report a failure. */
  readonly setUpWebhooks?: () => Promise<void>;
};

export const dailyAt = { hour: 6, minute: 0 };

/** Schedules (or moves) one practice's 06:00 local sync; safe to call again after a zone change. */
export const ensureDailyGustoSync = (agenda: Agenda, practice: { id: PracticeId; timeZone: string }) =>
  scheduleDaily(agenda, GustoJob.daily, { practiceId: practice.id }, { 'data.practiceId': practice.id }, { ...dailyAt, timeZone: practice.timeZone });

/** A sync right away (a button press, a fresh connection): runs as a job so chat gets its answer at once. */
export const queueGustoSync = async (agenda: Agenda, practiceId: PracticeId, req: SyncRequest): Promise<void> => {
  await agenda.now(GustoJob.sync, { practiceId, ...req } satisfies SyncJobData);
};

/**
 * A webhook-driven sync of one company within a minute. Events for the same company in the same
 * 30-second window share one job, so a burst of employee events makes one sync, not fifty.
 */
export const queueGustoCompanySync = async (agenda: Agenda, practiceId: PracticeId, externalId: string, nowMs = Date.now()): Promise<void> => {
  const bucket = Math.floor(nowMs / 30_000);
  await agenda.create(GustoJob.sync, { practiceId, trigger: 'webhook', externalId, bucket } satisfies SyncJobData)
    .unique({ 'data.practiceId': practiceId, 'data.externalId': externalId, 'data.bucket': bucket }, { insertOnly: true })
    .schedule(new Date((bucket + 1) * 30_000))
    .save();
};

/** Whether a practice's Gusto sync is among the jobs being taken over from a dead process. */
export const resumesGustoSync = (taken: readonly ReleasedJob[], practiceId: PracticeId): boolean =>
  taken.some((j) => (j.name === GustoJob.sync || j.name === GustoJob.daily) && (j.data as { practiceId?: string } | null)?.practiceId === practiceId);

export async function registerGustoJobs(agenda: Agenda, d: GustoJobDeps): Promise<void> {
  agenda.define<SyncJobData>(GustoJob.sync, async (job) => {
    const { practiceId, trigger, externalId, replyTo } = job.attrs.data;
    await keepingLock(job, () => d.inScope(() => d.sync(practiceId as PracticeId, { trigger, ...(externalId ? { externalId } : {}), ...(replyTo ? { replyTo } : {}) })));
  });
  agenda.define<{ practiceId: string }>(GustoJob.daily, async (job) => {
    await keepingLock(job, () => d.inScope(() => d.dailySync(job.attrs.data.practiceId as PracticeId)));
  });
  for (const practice of await d.inScope(() => d.practices())) await ensureDailyGustoSync(agenda, practice);
  const setUp = d.setUpWebhooks;
  if (!setUp) return;
  agenda.define(GustoJob.webhookSetup, async () => { await d.inScope(setUp); });
  // Runs once the scheduler starts, so after the server listens (the sandbox's handshake comes to us).
  // One job row for every process sharing the database; a second start just moves it to now.
  await agenda.create(GustoJob.webhookSetup, { scope: 'install' }).unique({ 'data.scope': 'install' }).schedule(new Date()).save();
}
