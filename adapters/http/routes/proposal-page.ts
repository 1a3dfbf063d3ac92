/**
 * The client's acceptance page at /p/{token}: server-rendered HTML, CSRF-protected and rate-limited
 * forms, acceptance evidence with the SHA-256 of the exact content shown.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Open } from '../../../domain/proposals/proposal.js';
import type { Practice } from '../../../domain/practice/practice.js';
import type { WebUseCases } from '../../../src/proposals/web.js';
import { clientMessage } from '../pages/messages.js';
import { closedPage, declinedThanksPage, notFoundPage, openPage, problemPage } from '../pages/proposal-pages.js';
import { proposalContent } from '../pages/proposal-content.js';

export type ProposalPageDeps = {
  readonly web: WebUseCases;
  /** Server secret for CSRF tokens (32+ random bytes); a restart with a new one only asks open pages to reload. */
  readonly csrfSecret: string | Buffer;
  /** Per client IP; accept/decline posts get a fifth of it. Defaults suit people, not benchmarks. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
};

type TokenParams = { Params: { token: string } };

/*
 * The forms as a browser sends them. A JSON body or a hand-made post can put anything in a field, so
 * each is checked here: a number, an object or a control character is refused with a 400 naming the
 * field, before any use case sees it. Only `addon` may repeat (one per ticked box).
 */
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = z.string().max(10_000).refine((v) => !controlCharacters.test(v), 'contains a control character');
const field = text.optional();
const AcceptForm = z.object({
  csrf: field, content: field, tier: field, name: field, agree: field,
  addon: z.union([text, z.array(text).max(100)]).optional(),
});
const DeclineForm = z.object({ csrf: field, reason: field });
type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const parseForm = <T>(schema: z.ZodType<T>, body: unknown): Parsed<T> => {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue?.path.length) return { ok: false, reason: 'The form could not be read.' };
  const problem = issue.code === 'custom' ? issue.message : issue.code === 'too_big' ? 'is too long' : 'is not text';
  return { ok: false, reason: `The field "${issue.path.join('.')}" ${problem}.` };
};
const cookieName = 'ignition_csrf';

/** Chat unfurlers and link scanners fetch links too; they must not count as the client opening it. */
const previewAgents = /slackbot|slack-imgproxy|skypeuripreview|teamsbot|microsoftpreview|bot\b|crawler|spider|preview|facebookexternalhit|whatsapp|discordbot|googleother/i;
const byPerson = (req: FastifyRequest): boolean => req.method === 'GET' && !previewAgents.test(first(req.headers['user-agent']));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '');
const all = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);
const unreadable = (reply: FastifyReply, token: string, reason: string) =>
  send(reply, 400, problemPage('That form could not be read', `${reason} Go back to the proposal and try again.`, `/p/${token}`));

/** The evidence covers the proposal content as first shown, with nothing pre-selected. */
const shownContent = (p: Open, practice: Practice) => proposalContent(p, practice).__html;
const contentHash = (p: Open, practice: Practice) => sha256(shownContent(p, practice));

/** Double-submit cookie plus an HMAC binding the nonce to this link, so a form from elsewhere can't post. */
const csrfFor = (secret: string | Buffer, nonce: string, token: string) =>
  `${nonce}.${createHmac('sha256', secret).update(`${nonce}:${token}`).digest('base64url')}`;

const csrfValid = (secret: string | Buffer, req: FastifyRequest, token: string, field: string): boolean => {
  const cookie = /(?:^|;\s*)ignition_csrf=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
  const nonce = field.split('.')[0] ?? '';
  if (!cookie || cookie !== nonce) return false;
  const expected = Buffer.from(csrfFor(secret, nonce, token));
  const given = Buffer.from(field);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

const send = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    // The token is in the URL: never leak it to another site through the Referer header.
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(body);

export async function registerProposalPageRoutes(app: FastifyInstance, deps: ProposalPageDeps): Promise<void> {
  const limit = deps.rateLimit ?? { max: 120, timeWindowMs: 60_000 };
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody, { bodyLimit: 64 * 1024 });
    await scope.register(rateLimit, { global: false });
    const reads = { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
    const writes = { rateLimit: { max: Math.max(1, Math.floor(limit.max / 5)), timeWindow: limit.timeWindowMs } };

    const renderOpen = (reply: FastifyReply, status: number, token: string, p: Open, practice: Practice, extra: { error?: string; tierId?: string; addOnIds?: string[]; name?: string } = {}) => {
      // Reuse the browser's nonce so a second tab doesn't invalidate the form in the first.
      const nonce = /(?:^|;\s*)ignition_csrf=([A-Za-z0-9_-]{22})(?:;|$)/.exec(reply.request.headers.cookie ?? '')?.[1] ?? randomBytes(16).toString('base64url');
      const secure = reply.request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${cookieName}=${nonce}; Path=/p/; HttpOnly; SameSite=Strict${secure}`);
      return send(reply, status, openPage({
        proposal: p, practice, token, csrf: csrfFor(deps.csrfSecret, nonce, token), contentSha256: contentHash(p, practice),
        selection: { ...(extra.tierId ? { tierId: extra.tierId } : {}), addOnIds: extra.addOnIds ?? [] },
        ...(extra.error ? { error: extra.error } : {}), ...(extra.name ? { signerName: extra.name } : {}),
      }));
    };

    scope.get<TokenParams>('/p/:token', { config: reads }, async (req, reply) => {
      const state = await deps.web.open(req.params.token, { byPerson: byPerson(req) });
      if (state.kind === 'not-found') return send(reply, 404, notFoundPage());
      if (state.kind === 'closed') return send(reply, state.proposal.status === 'accepted' || state.proposal.status === 'declined' ? 200 : 410, closedPage(state.proposal, state.practice));
      return renderOpen(reply, 200, req.params.token, state.proposal, state.practice);
    });

    scope.post<TokenParams & { Body: unknown }>('/p/:token/accept', { config: writes }, async (req, reply) => {
      const token = req.params.token;
      const parsed = parseForm(AcceptForm, req.body);
      if (!parsed.ok) return unreadable(reply, token, parsed.reason);
      const form = parsed.value;
      if (!csrfValid(deps.csrfSecret, req, token, form.csrf ?? '')) {
        return send(reply, 403, problemPage('Please reload the page', 'For your security this form has expired. Reload the proposal and sign again.', `/p/${token}`));
      }
      const state = await deps.web.open(token);
      if (state.kind === 'not-found') return send(reply, 404, notFoundPage());
      if (state.kind === 'closed') return send(reply, 409, closedPage(state.proposal, state.practice));
      const picked = { tierId: form.tier ?? '', addOnIds: all(form.addon), name: form.name ?? '' };
      const content = shownContent(state.proposal, state.practice);
      const shown = sha256(content);
      if (form.content !== shown) {
        return renderOpen(reply, 409, token, state.proposal, state.practice, { ...picked, error: 'This proposal changed after you opened it. Please review it again and sign.' });
      }
      if (form.agree !== 'yes') return renderOpen(reply, 422, token, state.proposal, state.practice, { ...picked, error: 'Tick the box to confirm you agree to the terms.' });
      if (!picked.tierId) return renderOpen(reply, 422, token, state.proposal, state.practice, { ...picked, error: 'Choose one of the options.' });
      const result = await deps.web.accept(token, {
        tierId: picked.tierId, addOnIds: picked.addOnIds, signerName: picked.name, ip: req.ip,
        userAgent: first(req.headers['user-agent']), contentSha256: shown, shownContent: content,
      });
      if (result.ok) return send(reply, 200, closedPage(result.value.proposal, result.value.practice, true));
      const now = await deps.web.open(token);
      if (now.kind === 'closed') return send(reply, 409, closedPage(now.proposal, now.practice));
      if (now.kind === 'open') return renderOpen(reply, 422, token, now.proposal, now.practice, { ...picked, error: clientMessage(result.error) });
      return send(reply, 404, notFoundPage());
    });

    scope.post<TokenParams & { Body: unknown }>('/p/:token/decline', { config: writes }, async (req, reply) => {
      const token = req.params.token;
      const parsed = parseForm(DeclineForm, req.body);
      if (!parsed.ok) return unreadable(reply, token, parsed.reason);
      if (!csrfValid(deps.csrfSecret, req, token, parsed.value.csrf ?? '')) {
        return send(reply, 403, problemPage('Please reload the page', 'For your security this form has expired. Reload the proposal and try again.', `/p/${token}`));
      }
      const result = await deps.web.decline(token, parsed.value.reason ?? '');
      if (result.ok) return send(reply, 200, declinedThanksPage(result.value.practice));
      const state = await deps.web.open(token);
      if (state.kind === 'closed') return send(reply, 409, closedPage(state.proposal, state.practice));
      return send(reply, state.kind === 'not-found' ? 404 : 422, problemPage('Not declined', clientMessage(result.error), `/p/${token}`));
    });
  });
}
