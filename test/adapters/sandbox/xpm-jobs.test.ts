import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox lists and job.api', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });
  const jobBody = (over: Record<string, string> = {}) => {
    const fields = { Name: 'Annual Accounts 2026', Description: 'Year end 31 March', ClientUUID: h.sandbox.clients()[0]!.uuid, TemplateUUID: h.sandbox.templates()[0]!.uuid, StartDate: '20260701', DueDate: '20260930', ClientNumber: 'ign:P-1001:2026', ...over };
    return `<Job>${Object.entries(fields).filter(([, v]) => v !== '').map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</Job>`;
  };

  it('lists client groups with Taxable, staff and job templates', async () => {
    const groups = await h.api('GET', 'clientgroup.api/list', { token });
    const staff = await h.api('GET', 'staff.api/list', { token });
    const templates = await h.api('GET', 'template.api/list', { token });

    expect(groups.Groups.Group[0]).toEqual({ UUID: h.sandbox.groups()[0]!.uuid, Name: 'Hospitality', Taxable: 'Yes' });
    expect(staff.StaffList.Staff).toHaveLength(h.sandbox.staff().length);
    expect(staff.StaffList.Staff[0]).toMatchObject({ UUID: expect.any(String), Name: 'Priya Shah', Email: expect.stringContaining('@') });
    expect(templates.Templates.Template.map((t: { Name: string }) => t.Name)).toContain('VAT Return');
  });

  it('adds a job from a template: a job number, dates read as yyyy-MM-ddTHH:mm:ss, ClientNumber read back as ClientOrderNumber', async () => {
    const client = h.sandbox.clients()[0]!;

    const body = await h.api('POST', 'job.api/add', { token, body: jobBody() });

    expect(body).toMatchObject({ '@_api-method': 'Add', Status: 'OK' });
    expect(body.Job).toMatchObject({
      ID: 'J000001', Name: 'Annual Accounts 2026', Description: 'Year end 31 March', State: 'Planned', ClientOrderNumber: 'ign:P-1001:2026',
      StartDate: '2026-07-01T00:00:00', DueDate: '2026-09-30T00:00:00', Client: { UUID: client.uuid, Name: client.name }, WebUrl: expect.stringContaining('/job/J000001'),
    });
    expect(body.Job).not.toHaveProperty('ClientNumber');
    expect(h.sandbox.jobs()).toHaveLength(1);
  });

  it('gets a job by its number, and finds a client\'s jobs, so the bot can look its marker up before adding', async () => {
    const client = h.sandbox.clients()[0]!;
    await h.api('POST', 'job.api/add', { token, body: jobBody() });
    await h.api('POST', 'job.api/add', { token, body: jobBody({ Name: 'VAT Q3', ClientNumber: 'ign:P-1001:Q3' }) });
    await h.api('POST', 'job.api/add', { token, body: jobBody({ ClientUUID: h.sandbox.clients()[1]!.uuid }) });

    const one = await h.api('GET', 'job.api/get/J000002', { token });
    const mine = await h.api('GET', `job.api/client/${client.uuid}`, { token });
    const none = await h.api('GET', `job.api/client/${h.sandbox.clients()[5]!.uuid}`, { token });

    expect(one.Job).toMatchObject({ ID: 'J000002', Name: 'VAT Q3' });
    expect(mine.Jobs.Job.map((j: { ClientOrderNumber: string }) => j.ClientOrderNumber)).toEqual(['ign:P-1001:2026', 'ign:P-1001:Q3']);
    expect(none).toMatchObject({ Status: 'OK', Jobs: '' });
  });

  it('answers an unknown job number or client with HTTP 200 and Status ERROR', async () => {
    const job = await h.api('GET', 'job.api/get/J999999', { token });
    const client = await h.api('GET', 'job.api/client/00000000-0000-4000-8000-000000000000', { token });

    expect(job).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Job not found' });
    expect(client).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client not found' });
  });

  it('refuses a job without a name or client, with an unknown client or template, or with bad dates, and adds none', async () => {
    const answers = [];
    for (const body of [
      jobBody({ Name: '' }), jobBody({ ClientUUID: '' }), jobBody({ ClientUUID: 'nobody' }), jobBody({ TemplateUUID: 'none' }),
      jobBody({ StartDate: '2026-07-01' }), jobBody({ DueDate: '20260231' }), jobBody({ DueDate: '20260601' }),
    ]) answers.push(await h.api('POST', 'job.api/add', { token, body }));

    expect(answers.map((a) => a.Status)).toEqual(Array(7).fill('ERROR'));
    expect(answers.map((a) => a.ErrorDescription)).toEqual([
      'Name is required.', 'ClientUUID is required.', 'Client not found', 'Template not found',
      'StartDate is required as yyyyMMdd.', 'DueDate is required as yyyyMMdd.', 'DueDate cannot be before StartDate.',
    ]);
    expect(h.sandbox.jobs()).toEqual([]);
  });
});
