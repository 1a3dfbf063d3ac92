import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox: client.api/search and job.api/assign', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });

  it('finds clients whose name contains the query, ignoring case, detailed when asked', async () => {
    const client = h.sandbox.clients()[0]!;

    const body = await h.api('GET', `client.api/search?query=${encodeURIComponent(client.name.toUpperCase())}&detailed=true`, { token });

    expect(body).toMatchObject({ '@_api-method': 'Search', Status: 'OK' });
    const found = [body.Clients.Client].flat() as { UUID: string; Name: string }[];
    expect(found.map((c) => c.UUID)).toContain(client.uuid);
    expect(found.every((c) => c.Name.toLowerCase().includes(client.name.toLowerCase()))).toBe(true);
  });

  it('refuses a search without a query, in a 200 with Status ERROR', async () => {
    expect(await h.api('GET', 'client.api/search', { token })).toMatchObject({ Status: 'ERROR', ErrorDescription: 'query is required.' });
  });

  it('assigns a job\'s partner and manager by staff UUID, read back on the job', async () => {
    const client = h.sandbox.clients()[0]!;
    const [partner, manager] = h.sandbox.staff();
    const added = await h.api('POST', 'job.api/add', { token, body: `<Job><Name>Payroll</Name><ClientUUID>${client.uuid}</ClientUUID><StartDate>20260701</StartDate><DueDate>20260731</DueDate></Job>` });

    const answer = await h.api('PUT', 'job.api/assign', { token, body: `<Job><ID>${added.Job.ID}</ID><add-partner uuid="${partner!.uuid}"/><add-manager uuid="${manager!.uuid}"/></Job>` });

    expect(answer).toMatchObject({ Status: 'OK' });
    const got = await h.api('GET', `job.api/get/${added.Job.ID}`, { token });
    expect(got.Job).toMatchObject({ Partner: { UUID: partner!.uuid, Name: partner!.name }, Manager: { UUID: manager!.uuid, Name: manager!.name } });
    expect(await h.api('PUT', 'job.api/assign', { token, body: `<Job><ID>${added.Job.ID}</ID><add-partner uuid="nobody"/></Job>` })).toMatchObject({ Status: 'ERROR' });
  });
});
