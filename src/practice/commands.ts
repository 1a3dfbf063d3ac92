import { practiceSettings, type Practice, type PracticeSettingError } from '../../domain/practice/practice.js';
import { auditedBy } from '../actor.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command } from '../commands/command.js';
import { formatDateTime } from '../format.js';
import type { PracticeUseCases } from './use-cases.js';

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

const practiceCard = (p: Practice, title = p.name): Card =>
  card(title, {
    fields: [
      { label: 'Name', value: p.name },
      { label: 'Country', value: p.country },
      { label: 'Currency', value: p.currency },
      { label: 'Time zone', value: p.timeZone },
      { label: 'Invoice day', value: `${ordinal(p.invoiceDay)} of the month` },
    ],
    text: 'Daily syncs run at local times in this zone; recurring invoices are raised on the invoice day.',
    footer: `Change a setting with \`practice set ${practiceSettings.join('|')} VALUE\` (admins only).`,
  });

const settingErrorCard = (e: PracticeSettingError): Card => errorCard(`Can't set ${e.setting}`, `${e.reason}. Nothing was changed.`);

export const practiceCommands = (uc: PracticeUseCases): Command[] => [
  {
    verb: 'whoami', group: 'Practice', usage: 'whoami', summary: 'Who the bot thinks you are, and your role.', audited: false,
    async run({ user, practice, request }) {
      return [card(user.displayName, {
        fields: [
          { label: 'Role', value: user.role === 'admin' ? 'Admin' : 'Staff' },
          { label: 'Practice', value: practice.name },
          { label: 'Signed in through', value: `${request.identity.platform} (${request.identity.userId})` },
        ],
        text: user.role === 'admin' ? 'You can connect apps and change settings.' : 'Admins connect apps and change settings; you can do everything else.',
      })];
    },
  },
  {
    verb: 'practice', group: 'Practice', usage: 'practice', summary: 'Show the practice settings.', audited: false,
    run: async ({ practice }) => [practiceCard(practice)],
  },
  {
    verb: 'practice set', group: 'Practice', usage: 'practice set name|timezone|country|invoice-day VALUE', summary: 'Change a practice setting.', adminOnly: true,
    async run(ctx) {
      const [setting] = ctx.args.positional;
      const value = rest(ctx.args, 1);
      if (!setting || !value) return [errorCard('Which setting, and to what?', `For example: \`practice set timezone America/New_York\`. Settings: ${practiceSettings.join(', ')}.`)];
      const result = await uc.set(ctx.practice, auditedBy(ctx), setting.toLowerCase(), value);
      return [result.ok ? { ...practiceCard(result.value, `Updated ${setting}`), tone: 'success' } : settingErrorCard(result.error)];
    },
  },
  {
    verb: 'audit', group: 'Practice', usage: 'audit [N]', summary: 'The latest N entries of the audit log (default 20).', audited: false,
    async run(ctx) {
      const raw = ctx.args.positional[0] ?? '20';
      if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 200) return [errorCard('N must be a number from 1 to 200', 'For example: `audit 50`.')];
      const events = await uc.recentAudit(ctx.practice, Number(raw));
      if (!events.length) return [card('The audit log is empty', { text: 'Every command and change will be recorded here.' })];
      return [card(`Audit log: latest ${events.length}`, {
        rows: events.map((e) => ({
          title: `${formatDateTime(e.at, ctx.practice.timeZone)} · ${e.actor} (${e.chat})`,
          text: `${e.action}${e.subject ? `: ${e.subject}` : ''}${e.detail ? ` ${JSON.stringify(e.detail).slice(0, 300)}` : ''}`,
        })),
      })];
    },
  },
];
