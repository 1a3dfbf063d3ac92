import { describe, expect, it } from 'vitest';
import { submittedArgs as slackArgs } from '../../../adapters/slack/views/submission.js';
import { submittedArgs as teamsArgs } from '../../../adapters/teams/bot.js';
import type { Card } from '../../../src/cards.js';
import { clientCommands } from '../../../src/clients/commands.js';
import { importCommands } from '../../../src/clients/import-commands.js';
import { createClientUseCases } from '../../../src/clients/use-cases.js';
import { createChatCore } from '../../../src/commands/core.js';
import { appClientWorld } from '../../builders/app-client-world.js';
import { InMemoryContactStore } from '../../fakes/in-memory-clients.js';
import { InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';

/** The import verbs behind the chat core, for staff member "sam" in Slack workspace T1. */
const chatWorld = async (o: { readonly connected?: boolean } = {}) => {
  const w = await appClientWorld(o);
  const practices = new InMemoryPracticeStore();
  await practices.create(w.practice, { platform: 'slack', workspaceId: 'T1' });
  const clientUseCases = createClientUseCases({ ...w.deps, contacts: new InMemoryContactStore(), appClients: { store: w.appClients, apps: ['sage'] } });
  const appInfo = w.apps.map((a) => ({ provider: a.id, name: a.name, connect: `connect ${a.id}`, events: [] }));
  const core = createChatCore({
    practices, users: new InMemoryUserStore(), audit: w.audit, clock: w.clock, ids: w.ids,
    commands: [...importCommands(w.uc, w.apps), ...clientCommands(clientUseCases, appInfo)],
    roleForNewUser: () => 'staff',
  });
  const say = async (text: string): Promise<Card[]> =>
    [...(await core.handle({ identity: { platform: 'slack', workspaceId: 'T1', userId: 'sam' }, displayName: 'Sam', text })).cards];
  return { ...w, say };
};

const commands = (c: Card | undefined) => [...(c?.buttons ?? []), ...(c?.rows ?? []).flatMap((r) => r.buttons ?? [])].map((b) => b.command);

describe('clients import APP', () => {
  it('lists each record with its details, hints and the three actions, Choose several, Import all, and says Sandbox', async () => {
    const w = await chatWorld();
    await w.client('Acme Ltd');
    await w.client('Northwind Trading', { vatNumber: 'GB123456789' });
    await w.records(
      { externalId: 's1', name: 'Acme Ltd', email: 'a@acme.example' },
      { externalId: 's2', name: 'NW Trading', vatNumber: 'GB123456789', companyNumber: '01234567' },
    );

    const [list] = await w.say('clients import sage');

    expect(list?.title).toBe('Import Sage clients (Sandbox)');
    expect(list?.rows?.map((r) => [r.title, r.text])).toEqual([
      ['Acme Ltd', 'a@acme.example\nSame as client Acme Ltd: the same name'],
      ['NW Trading', 'VAT GB123456789 · Company 01234567\nMaybe client Northwind Trading: the same VAT number, GB123456789'],
    ]);
    expect(list?.rows?.[0]?.buttons?.map((b) => [b.label, b.command])).toEqual([
      ['Convert', 'clients import sage convert s1'], ['Link to a client here', 'clients import sage link s1'], ["Don't import", 'clients import sage skip s1'],
    ]);
    // No form on the list itself: Slack would open it as a modal and hide the rows.
    expect(list?.form).toBeUndefined();
    expect(commands(list)).toContain('clients import sage choose');
    expect(commands(list)).toContain('clients import sage all');
    const [choose] = await w.say('clients import sage choose');
    expect(choose?.form).toMatchObject({ submit: 'clients import sage next of=s1,s2', submitLabel: 'Next', inputs: [{ id: 'pick1', kind: 'checkbox', label: 'Acme Ltd' }, { id: 'pick2', kind: 'checkbox' }] });
    expect(list?.footer).toContain('Sandbox Sage');
  });

  it('pages ten at a time with search kept in the Next page button', async () => {
    const w = await chatWorld();
    await w.records(...Array.from({ length: 12 }, (_, i) => ({ externalId: `s${i}`, name: `Acme ${String(i).padStart(2, '0')}` })));

    const [first] = await w.say('clients import sage search=acme');
    const [second] = await w.say('clients import sage page=2 search=acme');

    expect(first?.rows).toHaveLength(10);
    expect(commands(first)).toContain('clients import sage page=2 search=acme');
    expect(second?.rows?.map((r) => r.title)).toEqual(['Acme 10', 'Acme 11']);
  });

  it('converts, shows the duplicate card (Link instead, with why) and the possible-match card', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Ltd');
    const limited = await w.client('Smith Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'Smith Co Ltd' }, { externalId: 's3', name: 'Blue Door' });

    const [dup] = await w.say('clients import sage convert s1');
    const [maybe] = await w.say('clients import sage convert s2');
    const [done] = await w.say('clients import sage convert s3');

    expect(dup).toMatchObject({ title: 'Acme Ltd is already here as Acme Ltd (Sandbox)', tone: 'warning' });
    expect(dup?.text).toContain('Client Acme Ltd has the same name. Link them instead of converting');
    expect(commands(dup)).toContain(`clients import sage link s1 ${acme.id}`);
    expect(commands(dup)).not.toContain('clients import sage convert s1');
    expect(maybe?.rows?.map((r) => [r.title, r.text])).toEqual([['Looks like client Smith Co Limited', 'Why: the same name once "Ltd"/"Limited", "&"/"and", case and punctuation are set aside']]);
    expect(maybe?.rows?.[0]?.buttons?.map((b) => [b.label, b.command])).toEqual([
      ['Link', `clients import sage link s2 ${limited.id}`], ['Not the same', `clients import sage not-same s2 ${limited.id}`],
    ]);
    expect(commands(maybe)).toContain('clients import sage convert s2 new');
    expect(done).toMatchObject({ title: 'Imported Blue Door (Sandbox)', tone: 'success' });
  });

  it('links from a button, and refuses one already held with a card naming the holder', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Ltd');
    await w.client('Other Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' });

    const [linked] = await w.say(`clients import sage link s1 ${acme.id}`);
    const [refused] = await w.say('clients import sage link s1 Other Ltd');

    expect(linked?.title).toBe('Linked Acme Ltd to Acme Ltd (Sandbox)');
    expect(refused).toMatchObject({ title: "Sage client Acme Ltd is already Acme Ltd's", tone: 'error' });
    expect(commands(refused)).toContain(`client map ${acme.id} sage`);
  });

  it('asks for the client when Link is pressed without one, likeliest first', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });

    const [chooser] = await w.say('clients import sage link s1');

    expect(chooser?.title).toBe('Link Acme Co Ltd to which client? (Sandbox)');
    expect(commands(chooser)).toContain(`clients import sage link s1 ${acme.id}`);
  });

  it('skips, shows the left-out view with Bring back, and brings it back', async () => {
    const w = await chatWorld();
    await w.records({ externalId: 's1', name: 'Old Customer' });

    const [skipped] = await w.say('clients import sage skip s1');
    const [hidden] = await w.say('clients import sage hidden');
    const [back] = await w.say('clients import sage unskip s1');

    expect(skipped?.title).toBe("Old Customer won't be imported (Sandbox)");
    expect(hidden?.rows?.map((r) => [r.title, r.buttons?.map((b) => b.command)])).toEqual([['Old Customer', ['clients import sage unskip s1']]]);
    expect(back?.title).toBe('Old Customer is back in the import list (Sandbox)');
  });

  it('notes "not the same" and offers Convert when nothing else matches', async () => {
    const w = await chatWorld();
    const limited = await w.client('Smith Co Limited');
    await w.records({ externalId: 's2', name: 'Smith Co Ltd' });

    const [noted] = await w.say(`clients import sage not-same s2 ${limited.id}`);
    const [list] = await w.say('clients import sage');

    expect(noted?.text).toContain("Noted: Sage client Smith Co Ltd is not Smith Co Limited. That pair won't be suggested again.");
    expect(commands(noted)).toContain('clients import sage convert s2');
    expect(list?.rows?.[0]?.text).toBeUndefined();
  });

  it('imports all, reporting counts and a card for each record that waits for a person', async () => {
    const w = await chatWorld();
    await w.client('Acme Ltd');
    await w.client('Northwind Trading', { vatNumber: 'GB123456789' });
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'NW Trading', vatNumber: 'GB123456789' }, { externalId: 's3', name: 'Blue Door' });

    const cards = await w.say('clients import sage all');

    expect(cards[0]?.fields).toEqual([
      { label: 'Converted', value: '1' }, { label: 'Linked (exact match)', value: '1' }, { label: 'Waiting for you', value: '1' },
    ]);
    expect(cards.slice(1).map((c) => [c.title, c.rows?.map((r) => r.text)])).toEqual([['Is Sage client NW Trading one you have? (Sandbox)', ['Why: the same VAT number, GB123456789']]]);
  });

  it('refuses, saying what to fix, a name another linked client has and a record that is not there', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'ACME LTD' });
    await w.say(`clients import sage link s1 ${acme.id}`);

    const [taken] = await w.say('clients import sage convert s2');
    const [missing] = await w.say('clients import sage convert nope');

    expect(taken).toMatchObject({ title: 'Client Acme Ltd already has that name', tone: 'error' });
    expect(taken?.text).toContain(`client edit ${acme.id} name=`);
    expect(missing).toMatchObject({ title: 'No Sage client "nope"', tone: 'error' });
    expect(await w.linkOf('s2')).toBeNull();
  });

  it('says how to connect an app that is not connected, and which apps offer their clients', async () => {
    const w = await chatWorld({ connected: false });

    const [notConnected] = await w.say('clients import sage');
    const [notOffered] = await w.say('clients import gusto');

    expect(notConnected).toMatchObject({ title: "Sage isn't connected", tone: 'error', buttons: [{ command: 'connect sage' }] });
    expect(notOffered?.title).toBe("Gusto's clients aren't imported");
    expect(commands(notOffered)).toEqual(['clients import sage']);
  });
});

describe('the Next step from the Choose several form', () => {
  const setUp = async () => {
    const w = await chatWorld();
    await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'Blue Door' }, { externalId: 's3', name: 'Zed Co' });
    const [choose] = await w.say('clients import sage choose');
    return { w, submit: choose!.form!.submit };
  };
  const decided = (c: Card | undefined) => c?.rows?.map((r) => [r.title, r.buttons?.[0]?.label]);

  it('reviews the boxes ticked in a Slack modal', async () => {
    const { w, submit } = await setUp();
    const state = {
      pick1: { in: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      pick2: { in: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      pick3: { in: { type: 'checkboxes', selected_options: [] } },
    };

    const [review] = await w.say(`${submit} ${slackArgs(state)}`);

    expect(decided(review)).toEqual([['Acme Ltd', 'Link to Acme Ltd'], ['Blue Door', 'Convert']]);
  });

  it('reviews the toggles switched on in a Teams card', async () => {
    const { w, submit } = await setUp();

    const [review] = await w.say(`${submit} ${teamsArgs({ ignition: 'submit', submit, pick1: 'false', pick2: 'true', pick3: 'true' })}`);

    expect(decided(review)).toEqual([['Blue Door', 'Convert'], ['Zed Co', 'Convert']]);
  });

  it('reviews ids typed in the shell, and asks for a choice when none is ticked', async () => {
    const { w, submit } = await setUp();

    const [typed] = await w.say('clients import sage next s3 s1');
    const [none] = await w.say(`${submit} pick1=false`);

    expect(decided(typed)).toEqual([['Zed Co', 'Convert'], ['Acme Ltd', 'Link to Acme Ltd']]);
    expect(none).toMatchObject({ title: 'Nothing chosen (Sandbox)', tone: 'warning' });
  });
});

describe('client map CLIENT APP [RECORD]', () => {
  it('maps a client of several words to a record of another name, then offers a chooser to change it', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' }, { externalId: 's2', name: 'Acme Group' });

    const [mapped] = await w.say('client map Acme Co Limited sage Acme Co Ltd');
    const [chooser] = await w.say(`client map ${acme.id} sage`);

    expect(mapped?.title).toBe('Mapped Acme Co Limited to Sage client Acme Co Ltd (Sandbox)');
    expect(chooser?.text).toContain('It is mapped to Sage client Acme Co Ltd now.');
    expect(commands(chooser)).toContain(`client map ${acme.id} sage s2`);
  });

  it('shows the mapping on the client card with a Change button, and the new one after a change', async () => {
    const w = await chatWorld();
    const acme = await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' }, { externalId: 's2', name: 'Acme Group' });
    const [unmapped] = await w.say(`client show ${acme.id}`);
    await w.say(`client map ${acme.id} sage s1`);
    const [first] = await w.say(`client show ${acme.id}`);

    await w.say(`client map ${acme.id} sage "Acme Group"`);
    const [changed] = await w.say(`client show ${acme.id}`);

    expect(unmapped?.buttons).toContainEqual({ label: 'Map to Sage', command: `client map ${acme.id} sage` });
    expect(first?.fields).toContainEqual({ label: 'Sage client', value: 'Acme Co Ltd' });
    expect(first?.buttons).toContainEqual({ label: 'Change Sage mapping', command: `client map ${acme.id} sage` });
    expect(changed?.fields?.filter((f) => f.label === 'Sage client')).toEqual([{ label: 'Sage client', value: 'Acme Group' }]);
  });

  it('asks which app when none is named', async () => {
    const w = await chatWorld();

    const [reply] = await w.say('client map Acme');

    expect(reply).toMatchObject({ title: 'Which client, and which app?', tone: 'error' });
  });
});
