import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleId } from '../../domain/billing/schedule.js';
import { jobKey } from '../../domain/jobs/job.js';
import type { CreatedJob, JobDeployment, JobStore } from '../../domain/jobs/ports.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import { asId } from '../../domain/shared/ids.js';

const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const s1 = 'schedule-1' as ScheduleId;
const s2 = 'schedule-2' as ScheduleId;
const s3 = 'schedule-3' as ScheduleId;
const p1 = 'proposal-1' as ProposalId;
const p2 = 'proposal-2' as ProposalId;
const requestedAt = new Date('2026-03-02T10:15:30.123Z');

/** Practice A's monthly bookkeeping job for March 2026 on proposal 1, unless told otherwise. */
export const jobDeployment = (over: Partial<JobDeployment> = {}): JobDeployment => ({
  practiceId: A, scheduleId: s1, period: '2026-03-01', proposalId: p1, clientId: asId<'Client'>('client-a'),
  name: 'Bookkeeping', description: 'Monthly bookkeeping, VAT return included', startDate: '2026-03-01', dueDate: '2026-03-31',
  templateId: 'template-uuid-1', marker: 'P-1-line1-20260301', requestedAt, created: null, ...over,
});

const inXpm = (n: number, over: Partial<CreatedJob> = {}): CreatedJob =>
  ({ app: 'xpm', id: `job-uuid-${n}`, number: `J00030${n}`, url: `https://practicemanager.example/job/J00030${n}`, ...over });

/** One behaviour for every JobStore: the in-memory fake and MikroORM alike. */
export function jobStoreContract(name: string, open: () => Promise<JobStore>): void {
  describe(`${name} honours the job store contract`, () => {
    let store: JobStore;
    beforeEach(async () => { store = await open(); });

    it('keeps every field of a request, and finds it by its practice, schedule and period only', async () => {
      const once = jobDeployment({ scheduleId: s2, period: 'once', startDate: '2026-03-02', dueDate: '2026-03-16', marker: 'P-1-line2-once' });

      expect(await store.insert(jobDeployment())).toBe(true);
      expect(await store.insert(once)).toBe(true);

      expect(await store.get(A, s1, '2026-03-01')).toStrictEqual(jobDeployment());
      expect(await store.get(A, s2, 'once')).toStrictEqual(once);
      expect(await store.get(A, s1, '2026-04-01')).toBeNull();
      expect(await store.get(A, s1, 'once')).toBeNull();
      expect(await store.get(A, s3, '2026-03-01')).toBeNull();
    });

    it('keeps the first request for a (schedule, period) and writes nothing for the second', async () => {
      expect(await store.insert(jobDeployment())).toBe(true);
      expect(await store.insert(jobDeployment({ name: 'Asked again', requestedAt: new Date('2026-03-03T00:00:00Z') }))).toBe(false);

      expect(await store.get(A, s1, '2026-03-01')).toStrictEqual(jobDeployment());
      expect(await store.listForProposal(A, p1)).toHaveLength(1);
    });

    it('keeps a job the app already had when the request is stored', async () => {
      const made = jobDeployment({ created: inXpm(1, { url: null }) });

      await store.insert(made);

      expect(await store.get(A, s1, '2026-03-01')).toStrictEqual(made);
    });

    it('tells the keys already asked for among the given schedules of the practice, and no others', async () => {
      await store.insert(jobDeployment());
      await store.insert(jobDeployment({ period: '2026-04-01', startDate: '2026-04-01' }));
      await store.insert(jobDeployment({ scheduleId: s2, period: 'once' }));
      await store.insert(jobDeployment({ scheduleId: s3, period: '2026-03-01' }));
      await store.insert(jobDeployment({ practiceId: B, scheduleId: s1, period: '2026-05-01' }));

      expect(await store.requestedKeys(A, [s1, s2])).toEqual(new Set([jobKey(s1, '2026-03-01'), jobKey(s1, '2026-04-01'), jobKey(s2, 'once')]));
      expect(await store.requestedKeys(A, [s3, 'schedule-unknown' as ScheduleId])).toEqual(new Set([jobKey(s3, '2026-03-01')]));
      expect(await store.requestedKeys(A, [])).toEqual(new Set());
      expect(await store.requestedKeys(B, [s1])).toEqual(new Set([jobKey(s1, '2026-05-01')]));
    });

    it('lists a proposal\'s jobs by start date, then schedule, leaving out other proposals\' and practices\'', async () => {
      await store.insert(jobDeployment({ scheduleId: s2, period: '2026-04-01', startDate: '2026-04-01' }));
      await store.insert(jobDeployment({ scheduleId: s2, period: '2026-03-01', startDate: '2026-03-01' }));
      await store.insert(jobDeployment({ scheduleId: s3, period: 'once', startDate: '2026-02-20' }));
      await store.insert(jobDeployment({ scheduleId: s1, period: '2026-03-01', startDate: '2026-03-01' }));
      await store.insert(jobDeployment({ scheduleId: 'schedule-9' as ScheduleId, proposalId: p2, startDate: '2026-01-01' }));
      await store.insert(jobDeployment({ practiceId: B, scheduleId: 'schedule-0' as ScheduleId, startDate: '2026-01-01' }));

      const listed = await store.listForProposal(A, p1);

      expect(listed.map((j) => `${j.scheduleId} ${j.period}`)).toEqual([
        'schedule-3 once', 'schedule-1 2026-03-01', 'schedule-2 2026-03-01', 'schedule-2 2026-04-01',
      ]);
      expect(await store.listForProposal(A, 'proposal-none' as ProposalId)).toEqual([]);
    });

    it('records where the app put a job once, and refuses a second or an unknown one', async () => {
      await store.insert(jobDeployment());

      expect(await store.markCreated(A, s1, '2026-03-01', inXpm(1, { url: null }))).toBe(true);
      expect(await store.markCreated(A, s1, '2026-03-01', inXpm(2))).toBe(false);
      expect(await store.markCreated(A, s1, '2026-04-01', inXpm(3))).toBe(false);
      expect(await store.markCreated(A, s2, '2026-03-01', inXpm(4))).toBe(false);

      expect(await store.get(A, s1, '2026-03-01')).toStrictEqual(jobDeployment({ created: inXpm(1, { url: null }) }));
      expect(await store.get(A, s1, '2026-04-01')).toBeNull();
    });

    it('shows another practice nothing of a practice\'s jobs, and lets it change none of them', async () => {
      await store.insert(jobDeployment());

      expect(await store.get(B, s1, '2026-03-01')).toBeNull();
      expect(await store.requestedKeys(B, [s1])).toEqual(new Set());
      expect(await store.listForProposal(B, p1)).toEqual([]);
      expect(await store.markCreated(B, s1, '2026-03-01', inXpm(1))).toBe(false);
      // B's own job for the same (schedule, period) is its own row: stored, and A's untouched.
      expect(await store.insert(jobDeployment({ practiceId: B, name: 'B\'s job' }))).toBe(true);

      expect(await store.get(A, s1, '2026-03-01')).toStrictEqual(jobDeployment());
      expect(await store.get(B, s1, '2026-03-01')).toMatchObject({ practiceId: B, name: 'B\'s job', created: null });
    });

    it('lets exactly one of five runs racing for the same job ask for it, and one of two record it', async () => {
      const inserted = await Promise.all(Array.from({ length: 5 }, (_, i) => store.insert(jobDeployment({ name: `Run ${i}` }))));

      expect(inserted.filter(Boolean)).toHaveLength(1);
      expect(await store.listForProposal(A, p1)).toHaveLength(1);

      const marked = await Promise.all([store.markCreated(A, s1, '2026-03-01', inXpm(1)), store.markCreated(A, s1, '2026-03-01', inXpm(2))]);

      expect(marked.filter(Boolean)).toHaveLength(1);
      expect((await store.get(A, s1, '2026-03-01'))?.created).toStrictEqual(inXpm(marked[0] ? 1 : 2));
    });
  });
}
