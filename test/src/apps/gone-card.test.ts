import { describe, expect, it } from 'vitest';
import { syncResultCard, type AccountResult } from '../../../src/apps/cards.js';
import type { AppDeclaration } from '../../../src/apps/app.js';

/** The sync card when a full reconcile found linked clients the app archived or deleted. */
const app: Pick<AppDeclaration, 'id' | 'name' | 'sandbox' | 'account' | 'brings' | 'dailySync' | 'fields' | 'connectsPer'> = {
  id: 'xpm', name: 'Xero Practice Manager', sandbox: false, account: { one: 'practice', many: 'practices' }, brings: 'clients',
  dailySync: { hour: 4, minute: 30 }, fields: { phone: 'two-way' }, connectsPer: 'practice',
};
const counts = { created: 0, updated: 0, unchanged: 3, skipped: 0, failed: 0 };
const company = 'Harbour & Finch Accountants';

describe('the sync card with clients gone from the app', () => {
  it('names the archived and the deleted ones in its text, first among its rows, with what to do', () => {
    const results: AccountResult[] = [
      { kind: 'unchanged', company, client: 'Kestrel Dental Ltd' },
      { kind: 'gone', company, client: 'Cedar Bakery Ltd', state: 'archived' },
      { kind: 'gone', company, client: 'Amelia Smith', state: 'deleted' },
    ];

    const c = syncResultCard(app, counts, results, 1.2);

    expect(c.tone).toBe('warning');
    expect(c.text).toContain('Archived in Xero Practice Manager: Cedar Bakery Ltd; deleted in Xero Practice Manager: Amelia Smith. Nothing was removed here');
    expect(c.rows?.map((r) => r.title)).toEqual(['Archived in Xero Practice Manager: Cedar Bakery Ltd', 'Deleted in Xero Practice Manager: Amelia Smith']);
    expect(c.rows?.[1]?.text).toContain('takes no more changes for it');
    expect(c.rows?.[0]?.buttons?.map((b) => b.command)).toEqual(['client show "Cedar Bakery Ltd"', 'client-sync "Cedar Bakery Ltd" xpm none']);
  });

  it('says nothing of them when none went, and stays a success', () => {
    const c = syncResultCard(app, counts, [{ kind: 'unchanged', company, client: 'Kestrel Dental Ltd' }], 1.2);

    expect(c.tone).toBe('success');
    expect(c.text).not.toMatch(/rchived|eleted/);
  });
});
