import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pageApp, type PageApp } from '../../builders/proposal-page-app.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Waits for the element like a person would, then reports whether it is on screen. */
const visible = async (locator: Locator): Promise<boolean> => {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
  return locator.isVisible();
};

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error('Debian chromium is missing: apt-get install -y chromium (.ci/run installs it)');
  browser = await chromium.launch({ executablePath, args });
});
afterAll(async () => { await browser?.close(); });

const running: PageApp[] = [];
afterEach(async () => { for (const ctx of running.splice(0)) await ctx.app.close(); });

/** Serves the page on a real loopback port and returns the client's link on it. */
const serve = async (ctx: PageApp) => {
  running.push(ctx);
  const address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  return `${address}/p/${ctx.token}`;
};

describe('the acceptance page in a real browser', () => {
  it('lets a client pick a tier, tick an add-on and sign, and the firm gets the acceptance card', async () => {
    const ctx = await pageApp();
    const url = await serve(ctx);
    const page = await (await browser.newContext()).newPage();

    await page.goto(url);
    await page.getByLabel('Gold').check();
    await page.getByLabel('Add Handbook').check();
    await page.getByLabel('Your full name').fill('Jane Client');
    await page.getByLabel(/I have read the terms/).check();
    await page.getByRole('button', { name: 'Accept and sign' }).click();

    expect(await visible(page.getByRole('heading', { name: 'Thank you — your proposal is accepted' }))).toBe(true);
    const cards = ctx.world.notifier.sent.filter((n) => n.event === 'proposal.accepted');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.card).toMatchObject({
      title: 'Acme Ltd accepted P-1: Gold',
      fields: expect.arrayContaining([{ label: 'Add-ons', value: 'Handbook' }, { label: 'Signed by', value: 'Jane Client' }, { label: 'Each month', value: '£595.20' }]),
    });
    const stored = await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1);
    expect(stored?.status === 'accepted' && stored.acceptance.evidence).toMatchObject({ ip: '127.0.0.1', userAgent: expect.stringContaining('Chrome') });
  });

  it('records one acceptance when the form is submitted from two tabs', async () => {
    const ctx = await pageApp();
    const url = await serve(ctx);
    const context = await browser.newContext();
    const [a, b] = [await context.newPage(), await context.newPage()];
    for (const tab of [a, b]) {
      await tab.goto(url);
      await tab.getByLabel('Silver').check();
      await tab.getByLabel('Your full name').fill('Jane Client');
      await tab.getByLabel(/I have read the terms/).check();
    }

    await Promise.all([a, b].map((tab) => tab.getByRole('button', { name: 'Accept and sign' }).click()));

    const headings = await Promise.all([a, b].map((tab) => tab.locator('h1').first().textContent()));
    expect(headings.sort()).toEqual(['Thank you — your proposal is accepted', 'This proposal has been accepted']);
    expect(ctx.world.notifier.sent.filter((n) => n.event === 'proposal.accepted')).toHaveLength(1);
  });

  it('shows the expired page for a link past its date', async () => {
    const ctx = await pageApp();
    const url = await serve(ctx);
    ctx.world.clock.advance(31 * 86_400_000);
    const page = await (await browser.newContext()).newPage();

    const response = await page.goto(url);

    expect(response?.status()).toBe(410);
    expect(await visible(page.getByRole('heading', { name: 'This proposal has expired' }))).toBe(true);
  });

  it('shows a script in the client name and a description as text and never runs it', async () => {
    const ctx = await pageApp({ clientName: "<script>alert('pwned')</script> Ltd" });
    const url = await serve(ctx);
    const page = await (await browser.newContext()).newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

    await page.goto(url);

    expect(await visible(page.getByText("Prepared for <script>alert('pwned')</script> Ltd"))).toBe(true);
    expect(await visible(page.getByText('<img src=x onerror=alert(1)>').first())).toBe(true);
    expect(await page.locator('script, img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
