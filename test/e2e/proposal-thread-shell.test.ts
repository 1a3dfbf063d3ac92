import { describe, expect, it } from 'vitest';
import { approveSageConsent } from '../../adapters/sandbox/sage.js';
import { shellBotForFile } from '../support/shell-bot.js';

/**
 * Issue 13's proposal thread on the composed bot through the shell, with Sage's sandbox as the
 * ledger: a proposal sent from the terminal, opened by the client, accepted and invoiced into Sage
 * prints as one chain — the sent card under a "Thread:" heading, each later step an indented "↳"
 * reply to it, in order, the invoice's with its link in Sage.
 */
const printed: string[] = [];
const { bot, type, local, linkIn } = shellBotForFile('proposal-thread', { write: (t) => { printed.push(t); } });
const uk = () => bot().app.sage.sandbox!.businesses().find((b) => b.currency === 'GBP')!;
const linkOf = (reply: string): string => /Link:\s+(\S+)/.exec(reply)?.[1] ?? '';

describe("a proposal's thread in the shell", { timeout: 90_000 }, () => {
  it('prints sent → viewed → accepted → invoiced as one chain', async () => {
    const consent = linkIn(await type('connect sage'));
    await fetch(local((await approveSageConsent(local(consent))).headers.get('location') ?? ''));
    await type('connect sage');
    await type(`connect sage ${uk().id}`);
    await type('service add "Year-end accounts" price=1200 billing=upfront');
    expect(await type('sage settings sales-account=4000 tax-standard=GB_STANDARD manual-days=7 enable=yes')).toContain('Sage is enabled');
    await type('client add "Acme Ltd" email=accounts@acme.example');
    await type('proposal new "Acme Ltd"');
    await type('proposal add "Year-end accounts"');

    const sent = await type('proposal send P-1');
    await expect.poll(() => printed.join(''), { timeout: 20_000, interval: 200 }).toContain('Thread: P-1 went to Acme Ltd');
    expect((await fetch(local(linkOf(sent)))).status).toBe(200);
    await expect.poll(() => printed.join(''), { timeout: 20_000, interval: 200 }).toContain('↳ [proposal.viewed]');
    await type('proposal accept-internally P-1 signer="Jane Client"');
    await expect.poll(() => printed.join(''), { timeout: 30_000, interval: 200 }).toContain('↳ [invoice.deployed]');

    const out = printed.join('');
    const at = (s: string) => out.indexOf(s);
    expect(at('Thread: P-1 went to Acme Ltd')).toBeGreaterThanOrEqual(0);
    expect(at('Thread: P-1 went to Acme Ltd')).toBeLessThan(at('↳ [proposal.viewed] in the thread "P-1 went to Acme Ltd"'));
    expect(at('↳ [proposal.viewed]')).toBeLessThan(at('↳ [proposal.accepted] in the thread "P-1 went to Acme Ltd"'));
    expect(at('↳ [proposal.accepted]')).toBeLessThan(at('↳ [invoice.deployed] in the thread "P-1 went to Acme Ltd"'));
    const invoiced = out.slice(out.lastIndexOf('\n', at('↳ [invoice.deployed]')) + 1).split('\n\n')[0]!;
    expect(invoiced).toContain('INV-0001 for Acme Ltd is in Sage as SI-1');
    expect(invoiced).toMatch(/Open SI-1 in Sage: \S+\/sandbox\/sage\/app\/invoices\//);
    expect(invoiced.split('\n').every((line) => line.startsWith('    '))).toBe(true);
  });
});
