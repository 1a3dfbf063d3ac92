import { describe, expect, it } from 'vitest';
import { jobWrite } from '../../../domain/jobs/ports.js';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import { asId } from '../../../domain/shared/ids.js';
import { jobCreatedCard, jobDeploymentFailedCard } from '../../../src/job-deployment/cards.js';
import type { JobWritePayload } from '../../../src/job-deployment/reconcile.js';

const request = {
  practiceId: asId<'Practice'>('pr1'), scheduleId: asId<'BillingSchedule'>('p7:m1'), period: '2026-04-01', proposalId: asId<'Proposal'>('p7'), clientId: asId<'Client'>('c1'),
  name: 'Bookkeeping', description: 'Monthly books', startDate: '2026-04-01', dueDate: '2026-04-30', templateId: 'tpl-1', marker: 'P-7-m1-20260401',
} as const;
const payload: JobWritePayload = { ...request, clientName: 'Acme Ltd', proposal: 'P-7' };
const entry = (): OutboxEntry => {
  const w = jobWrite('xpm', request);
  return { ...newOutboxEntry({ ...w, payload: { ...w.payload, clientName: 'Acme Ltd', proposal: 'P-7' } }, 'ob-9', new Date('2026-04-01T06:00:00Z')), attempts: 4, status: 'failed' };
};

describe('job cards', () => {
  it('job.created names the job, client, period and proposal, links to the job in XPM, in the proposal\'s thread', () => {
    const c = jobCreatedCard(payload, 'Xero Practice Manager', { app: 'xpm', id: 'uuid-1', number: 'J000309', url: 'https://xpm.example/job/J000309' });

    expect(c.title).toBe('Job J000309 created in Xero Practice Manager');
    expect(c.text).toBe('*Bookkeeping* for *Acme Ltd* for the period from 1 Apr 2026 to 30 Apr 2026, from the accepted proposal P-7.');
    expect(c.links).toEqual([{ label: 'Open J000309 in Xero Practice Manager', url: 'https://xpm.example/job/J000309' }]);
    expect(c.thread).toBe('proposal:p7');
    expect(c.visibility).toBe('channel');
  });

  it('job.deployment_failed says which job, client and proposal, what XPM said, what to fix, with Retry of the same row', () => {
    const c = jobDeploymentFailedCard(entry(), 'Xero Practice Manager', { kind: 'rejected', message: 'refused', reason: 'Template not found' });

    expect(c.title).toBe('The Bookkeeping job for Acme Ltd didn\'t reach Xero Practice Manager');
    expect(c.text).toContain('Xero Practice Manager said: Template not found.');
    expect(c.text).toContain('Link the service to another');
    expect(c.buttons).toEqual([{ label: 'Retry', command: 'retry-write ob-9', style: 'primary' }, { label: 'View proposal', command: 'proposal show P-7' }]);
    expect(c.fields).toEqual([
      { label: 'Client', value: 'Acme Ltd' }, { label: 'Job', value: 'Bookkeeping, for the period from 1 Apr 2026 to 30 Apr 2026' },
      { label: 'Proposal', value: 'P-7' }, { label: 'Tries', value: '4 tries' },
    ]);
    expect(c.thread).toBe('proposal:p7');
  });

  it('asks for a reconnect when the connection is gone, and says a retry still makes one job when XPM was down', () => {
    expect(jobDeploymentFailedCard(entry(), 'Xero Practice Manager', { kind: 'reconnect-needed', message: 'Xero Practice Manager: no practice is connected' }).text)
      .toContain('Reconnect Xero Practice Manager (`connect xpm`), then press Retry.');
    expect(jobDeploymentFailedCard(entry(), 'Xero Practice Manager', { kind: 'app-down', message: 'timed out' }).text)
      .toContain('the job is still made only once');
  });
});
