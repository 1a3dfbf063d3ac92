import type { Agenda } from 'agenda';
import type { PracticeId } from '../domain/shared/ids.js';
import type { WallClock } from '../domain/sync/daily-schedule.js';
import type { SyncRequest } from '../src/apps/sync.js';
import { keepingLock, type ReleasedJob } from './scheduler.js';
import { scheduleDaily } from './daily.js';

/** One sync job for every app: the app is in the job's data, never in its name. */
export const AppJob = { sync: 'app-sync', daily: 'app-daily-sync', start: 'app-start' } as const;

/** Job data: ids and plain JSON only, so a job survives a restart. */
type SyncJobData = { practiceId: string; app: string; trigger: SyncRequest['trigger']; externalId?: string; replyTo?: SyncRequest['replyTo']; bucket?: number };

/** What the jobs need from one registered app. */
export type AppJobs = {
  readonly id: string;
  /** Its declared daily time, in each practice's zone. */
  readonly dailyAt: WallClock;
  readonly sync: (practiceId: PracticeId, req: SyncRequest) => Promise<unknown>;
  /** The daily run, which skips a second fire on the same local day. */
  readonly dailySync: (practiceId: PracticeId) => Promise<unknown>;
  /** Run once the scheduler starts (e.g. the app's webhook subscription); throws to report a failure. */
  readonly onStart?: () => Promise<void>;
};

export type AppJobDeps = {
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly apps: readonly AppJobs[];
  /** Practices and their zones, for the per-practice daily schedule. */
  readonly practices: () => Promise<readonly { id: PracticeId; timeZone: string }[]>;
};

/** Schedules (or moves) one practice's daily sync of one app at its declared local time; safe to call again after a zone change. */
export const ensureDailySync = (agenda: Agenda, app: Pick<AppJobs, 'id' | 'dailyAt'>, practice: { id: PracticeId; timeZone: string }) =>
  scheduleDaily(agenda, AppJob.daily, { practiceId: practice.id, app: app.id }, { 'data.practiceId': practice.id, 'data.app': app.id },
    { ...app.dailyAt, timeZone: practice.timeZone });

/** A sync right away (a button press, a fresh connection): runs as a job so chat gets its answer at once. */
export const queueSync = async (agenda: Agenda, app: string, practiceId: PracticeId, req: SyncRequest): Promise<void> => {
  await agenda.now(AppJob.sync, { practiceId, app, ...req } satisfies SyncJobData);
};

/**
 * A webhook-driven sync of one account within a minute. Events for the same account in the same
 * 30-second window share one job, so a burst of events makes one sync, not fifty.
 */
export const queueAccountSync = async (agenda: Agenda, app: string, practiceId: PracticeId, externalId: string, nowMs = Date.now()): Promise<void> => {
  const bucket = Math.floor(nowMs / 30_000);
  await agenda.create(AppJob.sync, { practiceId, app, trigger: 'webhook', externalId, bucket } satisfies SyncJobData)
    .unique({ 'data.practiceId': practiceId, 'data.app': app, 'data.externalId': externalId, 'data.bucket': bucket }, { insertOnly: true })
    .schedule(new Date((bucket + 1) * 30_000))
    .save();
};

/** Whether a practice's sync of an app is among the jobs being taken over from a dead process. */
export const resumesSync = (taken: readonly ReleasedJob[], practiceId: PracticeId, app: string): boolean =>
  taken.some((j) => {
    const data = j.data as { practiceId?: string; app?: string } | null;
    return (j.name === AppJob.sync || j.name === AppJob.daily) && data?.practiceId === practiceId && data.app === app;
  });

export async function registerAppJobs(agenda: Agenda, d: AppJobDeps): Promise<void> {
  const byId = new Map(d.apps.map((a) => [a.id, a]));
  const appOf = (id: string) => {
    const app = byId.get(id);
    if (!app) throw new Error(`no app "${id}" is registered to run this job`);
    return app;
  };
  agenda.define<SyncJobData>(AppJob.sync, async (job) => {
    const { practiceId, app, trigger, externalId, replyTo } = job.attrs.data;
    await keepingLock(job, () => d.inScope(() => appOf(app).sync(practiceId as PracticeId, { trigger, ...(externalId ? { externalId } : {}), ...(replyTo ? { replyTo } : {}) })));
  });
  agenda.define<{ practiceId: string; app: string }>(AppJob.daily, async (job) => {
    await keepingLock(job, () => d.inScope(() => appOf(job.attrs.data.app).dailySync(job.attrs.data.practiceId as PracticeId)));
  });
  agenda.define<{ app: string }>(AppJob.start, async (job) => {
    const start = appOf(job.attrs.data.app).onStart;
    if (start) await d.inScope(start);
  });
  for (const practice of await d.inScope(() => d.practices())) for (const app of d.apps) await ensureDailySync(agenda, app, practice);
  for (const app of d.apps) {
    if (!app.onStart) continue;
    // Runs once the scheduler starts, so after the server listens (an app's handshake may come to us).
    // One job row for every process sharing the database; a second start just moves it to now.
    await agenda.create(AppJob.start, { app: app.id }).unique({ 'data.app': app.id }).schedule(new Date()).save();
  }
}
