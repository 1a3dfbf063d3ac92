import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { formState, pageApp, type PageApp } from '../../builders/proposal-page-app.js';
import { tokenOf } from '../../builders/proposal-world.js';

let ctx: PageApp;
afterEach(async () => { await ctx?.app.close(); });

const open = async () => {
  const res = await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}` });
  return { res, form: formState(res.body, res.headers['set-cookie']) };
};
const post = (path: string, cookie: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return ctx.app.inject({ method: 'POST', url: `/p/${ctx.token}/${path}`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TestBrowser/1.0' }, payload: body.toString() });
};

describe('the acceptance page', () => {
  it('shows the practice, client, cover letter, options, add-ons, totals with VAT and terms, with strict headers', async () => {
    ctx = await pageApp();

    const { res, form } = await open();

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Smith &amp; Co · Proposal P-1');
    expect(res.body).toContain('<p>Dear Acme Ltd,</p>');
    expect(res.body).toContain('Thank you for <em>choosing</em> Smith &amp; Co.');
    expect(form.tiers).toHaveLength(3);
    expect(form.addOns).toHaveLength(1);
    expect(res.body).toContain('<dt>Each month</dt><dd><strong>£595.20</strong> <span class="muted">(£496.00 + VAT £99.20)</span></dd>');
    expect(res.body).toContain('8 active employees × £12.00, minimum £60.00');
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!127)/);
  });

  it('escapes a script in the client name and a tag in a description', async () => {
    ctx = await pageApp({ clientName: "<script>alert('pwned')</script> Ltd" });

    const { res } = await open();

    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('Prepared for <strong>&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; Ltd</strong>');
    expect(res.body).toContain('<p>Dear &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; Ltd,</p>');
    expect(res.body).toContain('<strong>accounts</strong> &lt;img src=x onerror=alert(1)&gt;');
  });

  it('records one acceptance with evidence, and a second submission is told it is already accepted', async () => {
    ctx = await pageApp();
    const { form } = await open();
    const fields = { csrf: form.csrf, content: form.content, tier: form.tiers[2]!, addon: form.addOns, name: 'Jane Client', agree: 'yes' };

    const first = await post('accept', form.cookie, fields);
    const second = await post('accept', form.cookie, fields);

    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Thank you — your proposal is accepted');
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('This proposal has been accepted');
    const accepted = ctx.world.notifier.sent.filter((n) => n.event === 'proposal.accepted');
    expect(accepted).toHaveLength(1);
    const p = await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1);
    expect(p?.status === 'accepted' && p.acceptance.evidence).toMatchObject({ method: 'client', signerName: 'Jane Client', userAgent: 'TestBrowser/1.0', ip: '127.0.0.1', contentSha256: form.content });
  });

  it('refuses a post without the matching CSRF cookie and records nothing', async () => {
    ctx = await pageApp();
    const { form } = await open();

    const res = await post('accept', 'ignition_csrf=forged', { csrf: form.csrf, content: form.content, tier: form.tiers[0]!, name: 'Jane', agree: 'yes' });

    expect(res.statusCode).toBe(403);
    expect((await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1))?.status).toBe('viewed');
  });

  it('refuses a name that is not text, or carries a NUL, with a 400 naming the field, and records nothing', async () => {
    ctx = await pageApp();
    const { form } = await open();
    const fields = { csrf: form.csrf, content: form.content, tier: form.tiers[0]!, agree: 'yes' };
    const json = (body: object, path = 'accept') => ctx.app.inject({
      method: 'POST', url: `/p/${ctx.token}/${path}`, headers: { cookie: form.cookie, 'content-type': 'application/json' }, payload: JSON.stringify(body),
    });

    const responses = [
      await json({ ...fields, name: 42 }),
      await json({ ...fields, name: { first: 'Jane' } }),
      await post('accept', form.cookie, { ...fields, name: 'Jane\u0000Client' }),
      await json({ csrf: form.csrf, reason: ['too', 'dear'] }, 'decline'),
    ];

    expect(responses.map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
    expect(responses[0]!.body).toContain('The field &quot;name&quot; is not text.');
    expect(responses[2]!.body).toContain('contains a control character');
    expect(responses[3]!.body).toContain('&quot;reason&quot;');
    expect((await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1))?.status).toBe('viewed');
  });

  it('refuses a cookie and form token issued for another link, even with that link\'s own content', async () => {
    ctx = await pageApp();
    const { form: mine } = await open();
    await ctx.world.say('proposal clone P-1');
    const [sent] = await ctx.world.say('proposal send P-2');
    const other = tokenOf(sent!.fields!.find((f) => f.label === 'Link')!.value);
    const page = await ctx.app.inject({ method: 'GET', url: `/p/${other}` });
    const theirs = formState(page.body, page.headers['set-cookie']);

    const res = await ctx.app.inject({
      method: 'POST', url: `/p/${other}/accept`, headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: mine.csrf, content: theirs.content, tier: theirs.tiers[0]!, name: 'Jane Client', agree: 'yes' }).toString(),
    });

    expect(res.statusCode).toBe(403);
    expect((await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 2))?.status).toBe('viewed');
  });

  it('asks again when the agreement box is not ticked or the name is missing, keeping the choices', async () => {
    ctx = await pageApp();
    const { form } = await open();

    const unticked = await post('accept', form.cookie, { csrf: form.csrf, content: form.content, tier: form.tiers[1]!, name: 'Jane' });
    const unnamed = await post('accept', form.cookie, { csrf: form.csrf, content: form.content, tier: form.tiers[1]!, name: ' ', agree: 'yes' });

    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Tick the box to confirm');
    expect(unticked.body).toMatch(new RegExp(`value="${form.tiers[1]}" required aria-describedby="[^"]+" checked`));
    expect(unnamed.body).toContain('Type your full name to sign.');
  });

  it('refuses a signature over content other than what is now shown', async () => {
    ctx = await pageApp();
    const { form } = await open();

    const res = await post('accept', form.cookie, { csrf: form.csrf, content: '0'.repeat(64), tier: form.tiers[0]!, name: 'Jane', agree: 'yes' });

    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('changed after you opened it');
  });

  it('declines with a reason and then shows the declined page', async () => {
    ctx = await pageApp();
    const { form } = await open();

    const res = await post('decline', form.cookie, { csrf: form.csrf, reason: 'Too expensive <b>now</b>' });
    const after = await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}` });

    expect(res.body).toContain('Thank you for letting us know');
    expect(after.body).toContain('You declined this proposal');
    expect(ctx.world.notifier.sent.at(-1)?.event).toBe('proposal.declined');
  });

  it('shows clear pages for expired, revoked and unknown links', async () => {
    ctx = await pageApp();
    const unknown = await ctx.app.inject({ method: 'GET', url: `/p/${'x'.repeat(43)}` });
    await ctx.world.say('proposal revoke P-1');
    const revoked = await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}` });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This link is not valid');
    expect(revoked.statusCode).toBe(410);
    expect(revoked.body).toContain('This proposal has been withdrawn');
  });

  it('shows an expired page once the proposal is past its date', async () => {
    ctx = await pageApp();
    ctx.world.clock.advance(31 * 86_400_000);

    const res = await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}` });

    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('This proposal has expired');
  });

  it('rate limits repeated posts from one address', async () => {
    ctx = await pageApp({ rateLimit: { max: 10, timeWindowMs: 60_000 } });
    const { form } = await open();

    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await post('decline', form.cookie, { csrf: 'bad' })).statusCode);

    expect(codes).toEqual([403, 403, 429]);
  });
});

describe('acceptance evidence', () => {
  it('keeps the exact content shown, whose SHA-256 is the one recorded', async () => {
    ctx = await pageApp();
    const { form } = await open();

    await post('accept', form.cookie, { csrf: form.csrf, content: form.content, tier: form.tiers[0]!, name: 'Jane Client', agree: 'yes' });

    const p = await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1);
    const e = p?.status === 'accepted' ? p.acceptance.evidence : undefined;
    expect(e?.method === 'client' && e.shownContent).toContain('Prepared for <strong>Acme Ltd</strong>');
    expect(e?.method === 'client' && createHash('sha256').update(e.shownContent!, 'utf8').digest('hex')).toBe(e?.contentSha256);
  });
});

describe('link previews', () => {
  it('does not count a Slack unfurl or a HEAD request as the client opening the proposal', async () => {
    ctx = await pageApp();

    const unfurl = await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}`, headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' } });
    await ctx.app.inject({ method: 'HEAD', url: `/p/${ctx.token}` });
    const before = (await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1))?.status;
    await ctx.app.inject({ method: 'GET', url: `/p/${ctx.token}`, headers: { 'user-agent': 'Mozilla/5.0 Firefox/130' } });

    expect(unfurl.statusCode).toBe(200);
    expect(before).toBe('sent');
    expect((await ctx.world.deps.proposals.findByNumber(ctx.world.practice.id, 1))?.status).toBe('viewed');
    expect(ctx.world.notifier.sent.filter((n) => n.event === 'proposal.viewed')).toHaveLength(1);
  });
});
