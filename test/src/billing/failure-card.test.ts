import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../adapters/provider-error.js';
import { sageFailure } from '../../../adapters/sage/errors.js';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import { writeFailureOf, type WriteFailure } from '../../../domain/outbox/retry.js';
import { createInvoiceDeployment } from '../../../src/billing/deploy.js';
import { deploymentFailedCard } from '../../../src/billing/failure-card.js';
import { invoice, invoiceLine } from '../../builders/invoices.js';
import { ledgerWorld } from '../../builders/ledger-world.js';
import { InMemoryInvoiceStore } from '../../fakes/in-memory-invoices.js';

const issued = invoice({ status: 'issued', number: 3, issuedAt: new Date('2026-03-02T10:00:00Z'), lines: [invoiceLine({ name: 'Payroll', taxRate: { code: 'reduced', name: 'VAT 5%', basisPoints: 500 } })] });

/** The Sage write for INV-0003 of Acme Ltd, as the outbox hands it over after `attempts` tries. */
const entry = (attempts: number): OutboxEntry => ({
  ...newOutboxEntry({ practiceId: issued.practiceId, app: 'sage', kind: 'invoice', sourceId: issued.id, payload: { invoiceId: issued.id, reference: 'INV-0003', client: 'Acme Ltd' } }, 'ob-7', new Date('2026-03-02T10:00:00Z')),
  attempts, status: 'failed',
});

/** What Sage's client throws for a failed POST /sales_invoices, read as the outbox reads it. */
const sageSaid = (kind: ProviderError['kind'], status: number, items: { $dataCode: string; $message: string; $source: string }[]): WriteFailure =>
  writeFailureOf(sageFailure(new ProviderError('sage', kind, { status, method: 'POST', path: '/sales_invoices', body: items.map((i) => ({ $severity: 'error', ...i })) }), 'the invoice'));

/** What the bot's own check throws before sending an invoice whose tax rate is not mapped. */
const unmappedRate = async (): Promise<WriteFailure> => {
  const w = await ledgerWorld();
  const invoices = new InMemoryInvoiceStore();
  await invoices.insert(issued);
  const deployment = createInvoiceDeployment({ ledger: w.ledger, invoices, clients: w.clients, links: w.links });
  return writeFailureOf(await deployment.prepare(entry(1)).catch((e: unknown) => e));
};

const closedPeriod = () => sageSaid('rejected', 422, [{ $dataCode: 'RecordInvalid', $message: 'Date must be after the Year End Lockdown date (31/03/2026): no transactions can be entered on or before it.', $source: 'date' }]);
const lapsed = () => sageSaid('reconnect-needed', 401, [{ $dataCode: 'AuthorizationFailure', $message: 'No active subscription. (MSE)', $source: '' }]);
const reconnect = () => writeFailureOf(new ProviderError('sage', 'reconnect-needed', { status: 400, method: 'POST', path: '/token', oauthError: 'invalid_grant' }));
const down = () => writeFailureOf(new ProviderError('sage', 'app-down', { status: 503, method: 'POST', path: '/sales_invoices', body: 'Service Unavailable' }));

describe('the card for an invoice that did not reach Sage', () => {
  it('names the invoice and the client, and offers Retry on the same row, the Sage settings and the invoice', async () => {
    const card = deploymentFailedCard(entry(1), 'Sage', closedPeriod());

    expect(card).toMatchObject({ title: "Invoice INV-0003 for Acme Ltd didn't reach Sage", tone: 'error', visibility: 'channel' });
    expect(card.fields).toEqual([{ label: 'Client', value: 'Acme Ltd' }, { label: 'Invoice', value: 'INV-0003' }, { label: 'Tries', value: '1 try' }]);
    expect(card.buttons).toEqual([
      { label: 'Retry', command: 'retry-write ob-7', style: 'primary' }, { label: 'Open settings', command: 'sage settings' }, { label: 'View invoice', command: 'invoice show INV-0003' },
    ]);
  });

  it("quotes Sage's refusal of a closed period once, and says to reopen the period", () => {
    const card = deploymentFailedCard(entry(1), 'Sage', closedPeriod());

    expect(card.text).toBe('Sage refused the invoice: Date must be after the Year End Lockdown date (31/03/2026): no transactions can be entered on or before it. (date).\n' +
      '*What to fix:* The invoice date falls in a period closed in Sage. Reopen the period (or move the lock date) in Sage, then press Retry.');
  });

  it('says a tax rate is unmapped in the bot\'s own words, not as something Sage said, and points to the settings', async () => {
    const card = deploymentFailedCard(entry(1), 'Sage', await unmappedRate());

    expect(card.text).toBe('Not sent, because VAT 5% (on Payroll) is not mapped to a ledger tax rate.\n*What to fix:* Open the app settings, fix the mapping named above, then press Retry.');
  });

  it('asks for a reconnect when Sage no longer accepts the connection', () => {
    const card = deploymentFailedCard(entry(1), 'Sage', reconnect());

    expect(card.text).toBe('The last try failed: the app no longer accepts this connection.\n*What to fix:* Reconnect Sage (`connect sage`), then press Retry.');
  });

  it('says a lapsed subscription is renewed in Sage, not fixed by reconnecting', () => {
    const card = deploymentFailedCard(entry(1), 'Sage', lapsed());

    expect(card.text).toContain('Sage says this business has no active subscription');
    expect(card.text).toContain('*What to fix:* The Sage subscription has lapsed: renew it in Sage, then press Retry.');
    expect(card.text).not.toContain('connect sage');
  });

  it('says Sage was down for hours once the retries are spent, and that Retry still sends the invoice once', () => {
    const card = deploymentFailedCard(entry(8), 'Sage', down());

    expect(card.text).toBe('The last try failed: the app is not answering properly.\n*What to fix:* Sage did not answer for several hours. Press Retry once it is back: the invoice is still sent only once.');
    expect(card.fields).toContainEqual({ label: 'Tries', value: '8 tries' });
  });

  it("quotes a refusal in Sage's own words, which do not name Sage, after \"Sage said:\"", () => {
    const refused = writeFailureOf(new ProviderError('sage', 'rejected', { status: 422, method: 'POST', path: '/sales_invoices', reason: 'Contact is archived' }));

    const card = deploymentFailedCard(entry(1), 'Sage', refused);

    expect(card.text).toBe("Sage said: Contact is archived.\n*What to fix:* Check the client's contact in Sage (or map the client to the right one), then press Retry.");
  });

  it('puts "Sage said:" neither before words that are not Sage\'s nor before Sage\'s own that already name it', async () => {
    const failures = [closedPeriod(), await unmappedRate(), reconnect(), lapsed(), down()];

    const texts = failures.map((f) => deploymentFailedCard(entry(1), 'Sage', f).text ?? '');

    expect(texts.filter((t) => /Sage said/.test(t))).toEqual([]);
    expect(texts.map((t) => t.match(/Sage (refused|says)/g)?.length ?? 0)).toEqual([1, 0, 0, 1, 0]);
  });
});
