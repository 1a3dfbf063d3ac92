import { describe, expect, it } from 'vitest';
import { practiceSizes, seedXpmPractice } from '../../../adapters/sandbox/xpm-seed.js';
import { xpmHarness } from './xpm-harness.js';

describe('the XPM sandbox\'s seeded practice', () => {
  it('is the small practice of 40 clients unless told, with contacts, groups, staff and job templates', () => {
    const p = seedXpmPractice();

    expect(p.clients).toHaveLength(40);
    expect(p.clients.every((c) => c.contacts.length >= 1 && c.contacts.filter((x) => x.isPrimary).length === 1)).toBe(true);
    expect(p.clients.some((c) => c.groupUuids.length > 0)).toBe(true);
    expect(p.staff.length).toBeGreaterThanOrEqual(5);
    expect(p.groups.length).toBeGreaterThan(0);
    expect(p.templates.map((t) => t.name)).toContain('Annual Accounts');
  });

  it('draws the large practice of 15,000 clients quickly, with unique names and ids, a few archived and deleted', () => {
    const started = performance.now();
    const p = seedXpmPractice('large');
    const took = performance.now() - started;

    expect(p.clients).toHaveLength(practiceSizes.large);
    expect(new Set(p.clients.map((c) => c.name)).size).toBe(15_000);
    expect(new Set(p.clients.flatMap((c) => [c.uuid, ...c.contacts.map((x) => x.uuid)])).size).toBe(15_000 + p.clients.reduce((n, c) => n + c.contacts.length, 0));
    expect(p.clients.filter((c) => c.isArchived).length).toBeGreaterThan(100);
    expect(p.clients.filter((c) => c.isDeleted).length).toBeGreaterThan(50);
    // Generous for a shared machine; it takes about a quarter of a second.
    expect(took).toBeLessThan(2_000);
  });

  it('draws the same practice every time, whatever the time of day', () => {
    const a = seedXpmPractice('small'), b = seedXpmPractice('small');

    expect(JSON.stringify(a.clients)).toBe(JSON.stringify(b.clients));
    expect(a.clients.every((c) => c.modifiedAt < Date.parse('2026-01-01T00:00:00Z'))).toBe(true);
  });

  it('answers the large practice\'s detailed list in one call', async () => {
    const h = await xpmHarness({ size: 'large' });
    const token = await h.connected();

    const res = await h.call('GET', '/practicemanager/3.1/client.api/list?detailed=true', { token });

    expect(res.status).toBe(200);
    expect(res.raw.match(/<Client><UUID>/g)).toHaveLength(15_000);
    await h.close();
  });
});
