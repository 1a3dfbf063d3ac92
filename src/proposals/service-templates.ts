/**
 * Services link to the practice app's job templates (XPM's, imported on every sync) in one step:
 * `service edit NAME xpm-template=TEMPLATE` by name (any case) or id, `xpm-template=none` to unlink, or
 * a chooser card of the imported templates, each a button that runs the edit. A service stores the
 * template's id, which is what a job is created from on acceptance. `job-template=` is the older spelling.
 */
import type { DirectoryEntry } from '../../domain/apps/directory.js';
import { findEntry } from '../../domain/apps/directory.js';
import type { Service } from '../../domain/proposals/service.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { card, errorCard, type Card } from '../cards.js';
import { quoteArg } from '../commands/command.js';

/** The imported job templates of the app jobs are created in. */
export type JobTemplates = {
  readonly app: { readonly id: string; readonly name: string };
  list(practiceId: PracticeId): Promise<DirectoryEntry[]>;
};

/** The typed keys that name a service's job template; `xpm-template=` first. */
export const templateKeys = ['xpm-template', 'job-template'] as const;
const none = /^(none|off|-)$/i;

export type TemplateRefusal =
  | { readonly kind: 'none-imported'; readonly ref: string }
  | { readonly kind: 'unknown' | 'ambiguous'; readonly ref: string; readonly templates: readonly DirectoryEntry[] };

/**
 * The typed fields with a named template replaced by its id (and `none` by a blank, which unlinks).
 * Without the app's templates wired, the fields pass as typed.
 */
export async function resolveTemplate(t: JobTemplates | undefined, practiceId: PracticeId, pairs: Readonly<Record<string, string>>):
  Promise<Result<Record<string, string>, TemplateRefusal>> {
  const key = templateKeys.find((k) => pairs[k] !== undefined);
  if (!key || !t) return ok({ ...pairs });
  const { [key]: raw = '', ...others } = pairs;
  const out: Record<string, string> = Object.fromEntries(Object.entries(others).filter(([k]) => !(templateKeys as readonly string[]).includes(k)));
  if (none.test(raw.trim())) return ok({ ...out, 'xpm-template': 'none' });
  const templates = await t.list(practiceId);
  if (!templates.length) return err({ kind: 'none-imported', ref: raw });
  const found = findEntry(templates, raw);
  if (found.ok) return ok({ ...out, 'xpm-template': found.value.externalId });
  return err({ kind: found.error.kind === 'ambiguous' ? 'ambiguous' : 'unknown', ref: raw, templates: found.error.kind === 'ambiguous' ? found.error.matches : templates });
}

/** The linked template's name as a card shows it; an id no longer imported says so. */
export const templateName = (s: Pick<Service, 'xpmJobTemplate'>, templates: readonly DirectoryEntry[] | null): string | undefined => {
  if (!s.xpmJobTemplate) return undefined;
  if (!templates) return s.xpmJobTemplate;
  return templates.find((x) => x.externalId === s.xpmJobTemplate)?.name ?? `${s.xpmJobTemplate} (no longer among the imported templates)`;
};

const rowsFor = (serviceName: string, templates: readonly DirectoryEntry[], current?: string) => templates.slice(0, 25).map((x) => ({
  title: x.externalId === current ? `${x.name} (linked)` : x.name,
  ...(x.externalId === current ? {} : { buttons: [{ label: 'Link', command: `service edit ${quoteArg(serviceName)} xpm-template=${x.externalId}` }] }),
}));

/** The chooser: every imported template, each a button linking the service to it, and one to unlink. */
export const templateChooserCard = (t: JobTemplates, s: Service, templates: readonly DirectoryEntry[], title = `Which ${t.app.name} job template does ${s.name} use?`): Card => {
  if (!templates.length) return noTemplatesCard(t);
  const current = templates.find((x) => x.externalId === s.xpmJobTemplate);
  return card(title, {
    text: `${current ? `Linked now: ${current.name}. ` : ''}On acceptance, each linked service creates a job from its template in ${t.app.name}.`,
    rows: rowsFor(s.name, templates, s.xpmJobTemplate),
    buttons: [
      ...(s.xpmJobTemplate ? [{ label: 'Unlink', command: `service edit ${quoteArg(s.name)} xpm-template=none`, style: 'danger' as const }] : []),
      { label: 'All services', command: 'services' },
    ],
    ...(templates.length > 25 ? { footer: `${templates.length - 25} more not shown: name one with \`service edit ${quoteArg(s.name)} xpm-template=NAME\`` } : {}),
  });
};

const noTemplatesCard = (t: JobTemplates): Card => errorCard(`No ${t.app.name} job templates imported yet`,
  `Job templates are imported from ${t.app.name} on every sync. Connect it or sync it, then link the service again.`,
  [{ label: `Sync ${t.app.name}`, command: `sync ${t.app.id}` }, { label: 'Apps', command: 'apps' }]);

/** Why a named template was not linked: the imported templates to pick from instead. */
export const templateRefusedCard = (t: JobTemplates, s: Service | null, e: TemplateRefusal): Card => {
  if (e.kind === 'none-imported') return noTemplatesCard(t);
  const title = e.kind === 'ambiguous' ? `${e.templates.length} ${t.app.name} job templates are called "${e.ref}"` : `No ${t.app.name} job template is called "${e.ref}"`;
  if (s) return templateChooserCard(t, s, e.templates, title);
  return errorCard(title, `The imported templates: ${e.templates.map((x) => x.name).join(', ')}.`);
};
