import { describe, expect, it } from 'vitest';
import type { ConnectionLock, OAuthNonces, PracticeFlags, WebhookReceipts } from '../../domain/apps/ports.js';
import { asId } from '../../domain/shared/ids.js';

export type AppPorts = { nonces: OAuthNonces; flags: PracticeFlags; receipts: WebhookReceipts; lock: ConnectionLock };

const p1 = asId<'Practice'>('p1');
const p2 = asId<'Practice'>('p2');
const now = new Date('2026-11-22T10:00:00Z');
const later = new Date('2026-11-22T10:05:00Z');

/** The behaviour every implementation of the app ports shares, run against the fakes and the database. */
export function appPortsContract(name: string, make: () => Promise<AppPorts>): void {
  describe(`${name} app ports`, () => {
    it('consumes an OAuth nonce exactly once, and never for another practice', async () => {
      const { nonces } = await make();
      await nonces.put(p1, 'n-1', later);

      expect(await nonces.consume(p2, 'n-1', now)).toBe(false);
      expect(await nonces.consume(p1, 'n-1', now)).toBe(true);
      expect(await nonces.consume(p1, 'n-1', now)).toBe(false);
    });

    it('refuses an expired nonce', async () => {
      const { nonces } = await make();
      await nonces.put(p1, 'n-2', later);

      expect(await nonces.consume(p1, 'n-2', new Date('2026-11-22T11:00:00Z'))).toBe(false);
    });

    it('keeps flags per practice and clears them with null', async () => {
      const { flags } = await make();
      await flags.set(p1, 'labs.smart-billing', 'on');

      expect(await flags.get(p1, 'labs.smart-billing')).toBe('on');
      expect(await flags.get(p2, 'labs.smart-billing')).toBeNull();
      await flags.set(p1, 'labs.smart-billing', null);
      expect(await flags.get(p1, 'labs.smart-billing')).toBeNull();
    });

    it('reports a webhook event as new only the first time per practice', async () => {
      const { receipts } = await make();

      expect(await receipts.firstSeen(p1, 'some-app', 'ev-1', now)).toBe(true);
      expect(await receipts.firstSeen(p1, 'some-app', 'ev-1', now)).toBe(false);
      expect(await receipts.firstSeen(p2, 'some-app', 'ev-1', now)).toBe(true);
    });

    it('never runs two holders of the same connection lock at once', async () => {
      const { lock } = await make();
      let inside = 0, most = 0;
      const work = async () => { inside++; most = Math.max(most, inside); await new Promise((r) => setTimeout(r, 5)); inside--; };

      await Promise.all(Array.from({ length: 8 }, () => lock.withLock(p1, asId('c1'), work)));

      expect(most).toBe(1);
    });
  });
}
