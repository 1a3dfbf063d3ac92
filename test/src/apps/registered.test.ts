import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registeredToday } from '../../builders/registered.js';

const manifest = (chat: 'slack' | 'teams') => readFileSync(join(import.meta.dirname, `../../../manifests/${chat}/manifest.json`), 'utf8');

describe('what the install says it has', () => {
  it('names in the Slack and Teams app listings only the apps that are registered', () => {
    const registered = new Set(registeredToday.apps.map((a) => a.name));
    // The apps that come next (their issues are filed behind the registry's): no listing may promise them early.
    const others = ['Sage', 'XPM', 'Xero Practice Manager'].filter((name) => !registered.has(name));

    for (const chat of ['slack', 'teams'] as const) {
      for (const name of [...others, 'Sage Business Cloud']) expect(manifest(chat)).not.toContain(name);
      for (const name of registered) expect(manifest(chat)).toContain(name);
      expect(manifest(chat)).not.toMatch(/invoices and jobs/);
    }
  });
});
