import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../../domain/apps/directory.js';
import type { JobTemplates } from '../../../src/proposals/service-templates.js';
import { proposalWorld } from '../../builders/proposal-world.js';
import { InMemoryAppDirectory } from '../../fakes/in-memory-app-directory.js';

const accounts: DirectoryEntry = { externalId: '50000000-0000-4000-8000-000000000001', name: 'Annual Accounts' };
const vat: DirectoryEntry = { externalId: '50000000-0000-4000-8000-000000000003', name: 'VAT Return' };

/** A practice whose XPM job templates were imported (or not, with `imported: []`). */
const world = async (imported: readonly DirectoryEntry[] = [accounts, vat]) => {
  const directory = new InMemoryAppDirectory();
  const jobTemplates: JobTemplates = { app: { id: 'xpm', name: 'Xero Practice Manager' }, list: (p) => directory.list(p, 'xpm', 'template') };
  const w = await proposalWorld({ jobTemplates });
  await directory.replace(w.practice.id, 'xpm', 'template', imported, w.clock.now());
  await w.say('service add "Year-end accounts" price=1200');
  const stored = async () => (await w.uc.services.find(w.actor, 'Year-end accounts'));
  return { ...w, directory, stored };
};

const templateOf = async (w: Awaited<ReturnType<typeof world>>) => {
  const s = await w.stored();
  return s.ok ? s.value.xpmJobTemplate : 'missing';
};

describe('linking a service to an XPM job template', () => {
  it('links by the template\'s name in any case, storing its id, and the card shows the name', async () => {
    const w = await world();

    const [updated] = await w.say('service edit "year-end accounts" xpm-template="annual ACCOUNTS"');

    expect(await templateOf(w)).toBe(accounts.externalId);
    expect(updated!.title).toBe('Updated Year-end accounts');
    expect(updated!.fields).toContainEqual({ label: 'Xero Practice Manager job template', value: 'Annual Accounts' });
    expect(updated!.buttons!.map((b) => b.command)).toContain('service templates "Year-end accounts"');
  });

  it('links by the template\'s id, and keeps job-template= as the older spelling', async () => {
    const w = await world();

    await w.say(`service edit "Year-end accounts" xpm-template=${vat.externalId}`);
    expect(await templateOf(w)).toBe(vat.externalId);

    await w.say('service edit "Year-end accounts" job-template="Annual Accounts"');
    expect(await templateOf(w)).toBe(accounts.externalId);
  });

  it('unlinks with xpm-template=none, and a later edit of another field keeps a link', async () => {
    const w = await world();
    await w.say('service edit "Year-end accounts" xpm-template="VAT Return"');

    await w.say('service edit "Year-end accounts" price=1300');
    expect(await templateOf(w)).toBe(vat.externalId);

    const [unlinked] = await w.say('service edit "Year-end accounts" xpm-template=none');
    expect(await templateOf(w)).toBeUndefined();
    expect(unlinked!.fields!.map((f) => f.label)).not.toContain('Xero Practice Manager job template');
  });

  it('answers an unknown name with the imported templates as buttons, and changes nothing', async () => {
    const w = await world();

    const [refused] = await w.say('service edit "Year-end accounts" xpm-template="Tax return" price=1300');

    expect(refused!.title).toBe('No Xero Practice Manager job template is called "Tax return"');
    expect(refused!.rows!.map((r) => r.buttons![0]!.command)).toEqual([
      `service edit "Year-end accounts" xpm-template=${accounts.externalId}`, `service edit "Year-end accounts" xpm-template=${vat.externalId}`,
    ]);
    const s = await w.stored();
    expect(s.ok && s.value.price).toEqual({ kind: 'fixed', amount: 120000 });
  });

  it('says templates come from syncing XPM when none were imported', async () => {
    const w = await world([]);

    const [refused] = await w.say('service edit "Year-end accounts" xpm-template="Annual Accounts"');

    expect(refused).toMatchObject({ tone: 'error', title: 'No Xero Practice Manager job templates imported yet' });
    expect(refused!.buttons![0]!.command).toBe('sync xpm');
  });

  it('offers a chooser of the imported templates, each a button that runs the edit', async () => {
    const w = await world();
    await w.say('service edit "Year-end accounts" xpm-template="VAT Return"');

    const [chooser] = await w.say('service templates year-end accounts');

    expect(chooser!.title).toBe('Which Xero Practice Manager job template does Year-end accounts use?');
    expect(chooser!.rows!.map((r) => r.title)).toEqual(['Annual Accounts', 'VAT Return (linked)']);
    expect(chooser!.rows![0]!.buttons![0]!.command).toBe(`service edit "Year-end accounts" xpm-template=${accounts.externalId}`);
    expect(chooser!.buttons![0]).toMatchObject({ label: 'Unlink', command: 'service edit "Year-end accounts" xpm-template=none' });
  });

  it('shows a linked template no longer imported by its id, saying so', async () => {
    const w = await world();
    await w.say('service edit "Year-end accounts" xpm-template="VAT Return"');
    await w.directory.replace(w.practice.id, 'xpm', 'template', [accounts], w.clock.now());

    const [list] = await w.say('services');

    expect(list!.rows![0]!.text).toContain(`Xero Practice Manager job template: ${vat.externalId} (no longer among the imported templates)`);
  });

  it('offers the imported templates in the service form, the linked one chosen', async () => {
    const w = await world();
    await w.say('service edit "Year-end accounts" xpm-template="VAT Return"');

    const [form] = await w.say('service edit "Year-end accounts"');

    const input = form!.form!.inputs.find((i) => i.id === 'xpm-template');
    expect(input).toMatchObject({ label: 'Xero Practice Manager job template', kind: 'select', initial: vat.externalId });
    expect(input!.options!.map((o) => o.label)).toEqual(['none (unlink)', 'Annual Accounts', 'VAT Return']);
  });
});
