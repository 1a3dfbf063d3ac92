import { longDateIn } from '../../../domain/shared/calendar.js';
import { bySection, mergedContent, tierTotals, type ProposalLine, type Tier } from '../../../domain/proposals/content.js';
import { formatSpan, periodNoun, priceLine, type Amounts, type Span, type Totals } from '../../../domain/proposals/pricing.js';
import type { Open } from '../../../domain/proposals/proposal.js';
import { describeBilling } from '../../../domain/proposals/service.js';
import { termsValues } from '../../../domain/proposals/terms.js';
import type { Practice } from '../../../domain/practice/practice.js';
import { formatMoney, money } from '../../../domain/shared/money.js';
import { plural } from '../../../domain/shared/plural.js';
import { html, markdownLite, type Safe } from './html.js';

const m = (minor: number, currency: string) => formatMoney(money(minor, currency));
export const longDate = longDateIn;

const unitText = (l: ProposalLine, currency: string): string => {
  const p = l.price;
  switch (p.kind) {
    case 'fixed': return l.quantity === 1 ? '' : `${l.quantity} × ${m(p.amount, currency)}`;
    case 'per-unit': return `${plural(l.quantity, p.unitLabel)} × ${m(p.unitPrice, currency)}${p.minimum ? `, minimum ${m(p.minimum, currency)}` : ''}`;
    case 'hourly': return `about ${plural(l.quantity, 'hour')} × ${m(p.hourlyRate, currency)}, confirmed before billing`;
    case 'range': return 'estimated range, confirmed before billing';
  }
};

const lineHtml = (l: ProposalLine, currency: string, titled = true): Safe => {
  const price = priceLine(l);
  const tax = l.taxMode === 'inclusive' ? `incl. ${l.taxRate.name}` : `+ ${l.taxRate.name}`;
  return html`<div class="line">${titled ? html`<h5>${l.name}</h5>` : ''}${markdownLite(l.description)}
<p><span class="price">${l.included ? 'Included' : `${formatSpan(price, currency, l.taxMode === 'inclusive' ? 'gross' : 'net')} ${tax}`}</span>
<span class="muted"> · ${describeBilling(l.billing)}${unitText(l, currency) ? ` · ${unitText(l, currency)}` : ''}</span></p></div>`;
};

const amountsRow = (label: string, s: Span, currency: string): Safe => {
  const part = (k: keyof Amounts) => formatSpan(s, currency, k);
  return html`<div class="total"><dt>${label}</dt><dd><strong>${part('gross')}</strong> <span class="muted">(${part('net')} + VAT ${part('vat')})</span></dd></div>`;
};

export const totalsTable = (t: Totals, currency: string): Safe => {
  const rows: Safe[] = [];
  if (t.oneOff.high.gross) rows.push(amountsRow('Due on acceptance', t.oneOff, currency));
  if (t.onCompletion.high.gross) rows.push(amountsRow('On completion', t.onCompletion, currency));
  for (const [f, s] of Object.entries(t.recurring)) rows.push(amountsRow(`Each ${periodNoun[f as keyof typeof periodNoun]}`, s as Span, currency));
  if (!rows.length) return html`<p class="muted">No charge.</p>`;
  return html`<dl class="totals">${rows}</dl>${t.estimate ? html`<p class="muted">Ranges and hourly work are estimates, confirmed before they are billed.</p>` : ''}`;
};

const tierBody = (t: Tier, currency: string): Safe =>
  html`${bySection(t.lines).map(([section, lines]) => html`<h4 class="section">${section}</h4>${lines.map((l) => lineHtml(l, currency))}`)}
${totalsTable(tierTotals(t), currency)}`;

/** One option: a radio card when there is a choice, a plain card when there is only one. */
const tierHtml = (t: Tier, currency: string, choice: boolean, checked: boolean): Safe => {
  const id = `tier-${t.id}`;
  const control = choice
    ? html`<input type="radio" id="${id}" name="tier" value="${t.id}" required aria-describedby="${id}-body"${checked ? html` checked` : ''}> <label for="${id}">${t.name}</label>`
    : html`<input type="hidden" name="tier" value="${t.id}">${t.name}`;
  return html`<div class="tier"><h3 style="margin-top:0">${control}</h3><div id="${id}-body">${tierBody(t, currency)}</div></div>`;
};

const addOnHtml = (a: ProposalLine, currency: string, checked: boolean): Safe => {
  const id = `addon-${a.id}`;
  return html`<div class="addon"><p class="check"><input type="checkbox" id="${id}" name="addon" value="${a.id}" aria-describedby="${id}-body"${checked ? html` checked` : ''}>
<label for="${id}"><strong>Add ${a.name}</strong></label></p><div id="${id}-body">${lineHtml(a, currency, false)}</div></div>`;
};

export type Selection = { readonly tierId?: string; readonly addOnIds: readonly string[] };

/**
 * Everything the client reads and agrees to. Its HTML (with no selection marked) is what the
 * SHA-256 in the acceptance evidence covers, so it must not depend on time of viewing or tokens.
 */
export const proposalContent = (p: Open, practice: Practice, sel: Selection = { addOnIds: [] }): Safe => {
  const c = p.content;
  const choice = c.tiers.length > 1;
  const { coverLetter, terms } = mergedContent(c, termsValues({
    clientName: p.clientName, practiceName: practice.name, date: longDate(p.sentAt, practice.timeZone), currency: p.currency,
    options: c.tiers.map((t) => ({ name: t.name, totals: tierTotals(t) })),
  }));
  return html`<header><p class="muted">${practice.name} · Proposal P-${p.number}</p><h1>${c.title}</h1>
<p>Prepared for <strong>${p.clientName}</strong> · ${longDate(p.sentAt, practice.timeZone)}</p></header>
${coverLetter.trim() ? html`<section class="card" aria-label="Cover letter">${markdownLite(coverLetter)}</section>` : ''}
<h2 id="options">${choice ? `Choose one of ${c.tiers.length} options` : 'What we will do'}</h2>
<fieldset class="tiers" aria-labelledby="options" style="border:0;padding:0;margin:0">${c.tiers.map((t) => tierHtml(t, p.currency, choice, sel.tierId === t.id))}</fieldset>
${c.addOns.length ? html`<h2 id="addons">Optional extras</h2><fieldset class="card" aria-labelledby="addons">
${c.addOns.map((a) => addOnHtml(a, p.currency, sel.addOnIds.includes(a.id)))}</fieldset>` : ''}
<h2>Terms</h2><section class="card terms">${terms}</section>`;
};
