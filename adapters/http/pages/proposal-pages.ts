import type { Practice } from '../../../domain/practice/practice.js';
import { reference, type Open, type Proposal } from '../../../domain/proposals/proposal.js';
import { html, page, type Safe } from './html.js';
import { longDate, proposalContent, totalsTable, type Selection } from './proposal-content.js';

export type OpenPageInput = {
  readonly proposal: Open;
  readonly practice: Practice;
  readonly token: string;
  readonly csrf: string;
  readonly contentSha256: string;
  readonly selection?: Selection;
  readonly error?: string;
  readonly signerName?: string;
};

/** The proposal with the sign and decline forms. The forms post back to the same link. */
export const openPage = (i: OpenPageInput): string => {
  const p = i.proposal;
  const error = i.error ? html`<p class="error" id="form-error" role="alert">${i.error}</p>` : '';
  return page(`${p.content.title} — ${i.practice.name}`, html`
<form method="post" action="/p/${i.token}/accept"${i.error ? html` aria-describedby="form-error"` : ''}>
<input type="hidden" name="csrf" value="${i.csrf}"><input type="hidden" name="content" value="${i.contentSha256}">
${proposalContent(p, i.practice, i.selection)}
<h2 id="sign">Accept and sign</h2><section class="card" aria-labelledby="sign">${error}
<p>This proposal is open until ${longDate(p.expiresAt, i.practice.timeZone)}.</p>
<label for="name"><strong>Your full name</strong></label>
<input type="text" id="name" name="name" autocomplete="name" required minlength="2" maxlength="200" value="${i.signerName ?? ''}">
<label class="check"><input type="checkbox" name="agree" value="yes" required><span>I have read the terms and accept this proposal, with the option and extras I have chosen, on behalf of ${p.clientName}.</span></label>
<button type="submit">Accept and sign</button></section></form>
<form method="post" action="/p/${i.token}/decline"><input type="hidden" name="csrf" value="${i.csrf}">
<details class="card"><summary>Not for you? Decline this proposal</summary>
<label for="reason">Tell ${i.practice.name} why (optional)</label><textarea id="reason" name="reason" rows="3" maxlength="2000"></textarea>
<p><button type="submit" class="secondary">Decline proposal</button></p></details></form>`);
};

const banner = (kind: 'ok' | 'warn', title: string, body: Safe): Safe => html`<div class="banner ${kind}" role="status"><h1>${title}</h1>${body}</div>`;

/** Accepted, declined, expired or revoked: a clear page saying so, with what was agreed when accepted. */
export const closedPage = (p: Proposal, practice: Practice, justAccepted = false): string => {
  const when = (d: Date) => longDate(d, practice.timeZone);
  const head = html`<header><p class="muted">${practice.name} · Proposal ${reference(p)}</p></header>`;
  switch (p.status) {
    case 'accepted': {
      const s = p.acceptance.snapshot;
      const e = p.acceptance.evidence;
      return page(`Accepted — ${s.title}`, html`${head}${banner('ok', justAccepted ? 'Thank you — your proposal is accepted' : 'This proposal has been accepted', html`
<p>${e.method === 'client' ? `${e.signerName} signed` : `${practice.name} recorded acceptance for ${s.clientName}`} on ${when(p.acceptedAt)}. ${practice.name} has been told and will be in touch about next steps.</p>`)}
<section class="card"><h2 style="margin-top:0">${s.title}: ${s.tier.name}</h2>
<ul>${[...s.lines, ...s.addOns].map((l) => html`<li>${l.name}${l.included ? ' (included)' : ''}</li>`)}</ul>${totalsTable(s.totals, s.currency)}</section>
<h2>Terms you agreed</h2><section class="card terms">${s.terms}</section>
<p class="muted">Record: signed by ${e.signerName}, ${p.acceptedAt.toISOString()}, content SHA-256 ${e.contentSha256}.</p>`);
    }
    case 'declined':
      return page('Proposal declined', html`${head}${banner('warn', 'You declined this proposal', html`<p>Declined on ${when(p.declinedAt)}. ${practice.name} has been told. If you change your mind, ask them for a new proposal.</p>`)}`);
    case 'expired':
      return page('Proposal expired', html`${head}${banner('warn', 'This proposal has expired', html`<p>It was open until ${when(p.expiresAt)}. Please contact ${practice.name} and they can send you a fresh one.</p>`)}`);
    case 'revoked':
      return page('Proposal withdrawn', html`${head}${banner('warn', 'This proposal has been withdrawn', html`<p>${practice.name} withdrew it on ${when(p.revokedAt)}. Please contact them if you were expecting to sign it.</p>`)}`);
    default:
      return notFoundPage();
  }
};

export const notFoundPage = (): string => page('Link not valid', html`${banner('warn', 'This link is not valid', html`<p>Check that you copied the whole link from your email. If it still does not work, ask the firm that sent it for a new one.</p>`)}`);

export const problemPage = (title: string, message: string, back?: string): string =>
  page(title, html`${banner('warn', title, html`<p>${message}</p>${back ? html`<p><a href="${back}">Go back to the proposal</a></p>` : ''}`)}`);

export const declinedThanksPage = (practice: Practice): string =>
  page('Proposal declined', html`${banner('ok', 'Thank you for letting us know', html`<p>${practice.name} has been told you declined. You can close this page.</p>`)}`);
