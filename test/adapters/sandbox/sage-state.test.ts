import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sageHarness, ukInvoice, type SageHarness } from './sage-harness.js';

const dirs: string[] = [];
const running: SageHarness[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const folder = () => { const d = mkdtempSync(join(tmpdir(), 'sage-sandbox-')); dirs.push(d); return d; };
const start = async (stateFile: string) => { const h = await sageHarness({ stateFile }); running.push(h); return h; };
const salesAccount = async (h: SageHarness, token: string) =>
  ((await h.call('GET', '/ledger_accounts?search=4000', { token })).body as { $items: { id: string }[] }).$items[0]!.id;

describe('the Sage sandbox across a restart', () => {
  it('still honours its tokens and keeps the contacts and invoices it made, numbering on from where it was', async () => {
    const stateFile = join(folder(), 'not-made-yet', 'sage-sandbox.json');
    const first = await start(stateFile);
    const tokens = await first.connect();
    const contact = await first.call('POST', '/contacts', { token: tokens.access_token, body: { contact: { name: 'Kept Ltd', contact_type_ids: ['CUSTOMER'], reference: 'KEP001' } } });
    const contactId = (contact.body as { id: string }).id;
    await first.call('POST', '/sales_invoices', { token: tokens.access_token, body: ukInvoice(contactId, await salesAccount(first, tokens.access_token)) });
    await first.close();

    const second = await start(stateFile);
    const kept = await second.call('GET', `/contacts/${contactId}`, { token: tokens.access_token });
    const next = await second.call('POST', '/sales_invoices', { token: tokens.access_token, body: ukInvoice(contactId, await salesAccount(second, tokens.access_token)) });
    const refreshed = await second.refresh(tokens.refresh_token);

    expect(kept.status).toBe(200);
    expect((next.body as { invoice_number: string }).invoice_number).toBe('SI-2');
    expect(second.sandbox.invoices(second.uk).map((i) => i.reference)).toEqual(['P-1001', 'P-1001']);
    expect(refreshed.status).toBe(200);
  });

  it('forgets a rotated refresh token across a restart too', async () => {
    const stateFile = join(folder(), 'sage-sandbox.json');
    const first = await start(stateFile);
    const tokens = await first.connect();
    await first.refresh(tokens.refresh_token);
    await first.close();

    const second = await start(stateFile);
    const reused = await second.refresh(tokens.refresh_token);

    expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers 500 and records nothing when it cannot save, rather than report an invoice it will lose', async () => {
    const dir = folder();
    const h = await start(join(dir, 'sub', 'sage-sandbox.json'));
    const { access_token } = await h.connect();
    const body = ukInvoice(h.sandbox.contacts(h.uk)[0]!.id, await salesAccount(h, access_token));
    rmSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub'), 'a file where the folder was');

    const failed = await h.call('POST', '/sales_invoices', { token: access_token, body });
    rmSync(join(dir, 'sub'));
    const retried = await h.call('POST', '/sales_invoices', { token: access_token, body });

    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject([{ $severity: 'error', $message: expect.stringContaining('could not save') }]);
    expect((retried.body as { invoice_number: string }).invoice_number).toBe('SI-1');
    expect(h.sandbox.invoices(h.uk)).toHaveLength(1);
  });

  it('reports a token it could not save as a server error, never as invalid_grant, and keeps the code usable', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a-file'), '');
    const h = await start(join(dir, 'a-file', 'sage-sandbox.json'));
    const code = (await h.consent()).back.searchParams.get('code') ?? '';

    const failed = await h.exchange(code);
    const again = await h.exchange(code);

    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error: 'server_error', error_description: expect.stringContaining('could not save') });
    expect(again.status).toBe(500);
  });

  it('goes back to its seeded books on reset, keeping the connection', async () => {
    const stateFile = join(folder(), 'sage-sandbox.json');
    const h = await start(stateFile);
    const { access_token } = await h.connect();
    const customer = h.sandbox.contacts(h.uk)[0]!.id;
    await h.call('POST', '/sales_invoices', { token: access_token, body: ukInvoice(customer, await salesAccount(h, access_token)) });

    h.sandbox.reset();
    const again = await h.call('POST', '/sales_invoices', { token: access_token, body: ukInvoice(customer, await salesAccount(h, access_token)) });

    expect((again.body as { invoice_number: string }).invoice_number).toBe('SI-1');
    expect(h.sandbox.invoices(h.uk)).toHaveLength(1);
  });
});
