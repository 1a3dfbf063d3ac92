import { describe, expect, it } from 'vitest';
import { asId } from '../../../domain/shared/ids.js';
import { createShellTerminal } from '../../../adapters/shell/shell-chat.js';
import { card } from '../../../src/cards.js';

const practiceId = asId<'Practice'>('p1');
const thread = 'proposal:pr-1';

describe("the shell's threads", () => {
  it('prints the posts of a thread as a chain: a heading, then indented replies naming it, in order', async () => {
    const printed: string[] = [];
    const terminal = createShellTerminal({ write: (t) => { printed.push(t); } });

    await terminal.notifier.notify(practiceId, 'proposal.sent', card('P-1 went to Acme Ltd', { text: 'Ann sent it.', thread }));
    await terminal.notifier.notify(practiceId, 'sync.finished', card('Sage sync finished'));
    await terminal.notifier.notify(practiceId, 'proposal.viewed', card('Acme Ltd opened P-1', { text: 'They are reading it now.', thread }));
    await terminal.notifier.notify(practiceId, 'proposal.accepted', card('Acme Ltd accepted P-1: Standard', { tone: 'success', thread, buttons: [{ label: 'Billing schedules', command: 'proposal schedules P-1' }] }));

    expect(printed.join('')).toBe([
      'Thread: P-1 went to Acme Ltd\n[proposal.sent]\nP-1 went to Acme Ltd\n  Ann sent it.\n\n',
      '[sync.finished]\nSage sync finished\n\n',
      '    ↳ [proposal.viewed] in the thread "P-1 went to Acme Ltd"\n    Acme Ltd opened P-1\n      They are reading it now.\n\n',
      '    ↳ [proposal.accepted] in the thread "P-1 went to Acme Ltd"\n    ✓ Acme Ltd accepted P-1: Standard\n      [1] Billing schedules\n\n',
    ].join(''));
    expect(terminal.button(1)).toBe('proposal schedules P-1');
  });

  it('starts the chain at the first post it sees when the thread began elsewhere', async () => {
    const printed: string[] = [];
    const terminal = createShellTerminal({ write: (t) => { printed.push(t); } });

    await terminal.notifier.notify(practiceId, 'proposal.viewed', card('Acme Ltd opened P-1', { thread }));
    await terminal.notifier.notify(practiceId, 'proposal.viewed', card('Beta LLP opened P-2', { thread: 'proposal:pr-2' }));

    expect(printed.join('')).toContain('Thread: Acme Ltd opened P-1\n[proposal.viewed]');
    expect(printed.join('')).toContain('Thread: Beta LLP opened P-2\n[proposal.viewed]');
  });
});
