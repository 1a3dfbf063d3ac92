import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { WebhookSetupError, WebhookSubscriptions } from '../../domain/payroll/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { err, ok, type Result } from '../../domain/shared/result.js';

export type WebhookSetupDeps = {
  readonly flags: PracticeFlags;
  /** Seals the verification token (a signing secret) before it is stored, and opens it again. */
  readonly secrets: { seal(plain: string): string; open(sealed: string): string };
  /** Gusto's subscription API; null when GUSTO_WEBHOOK_SECRET is set and the subscription is managed by hand. */
  readonly subscriptions: WebhookSubscriptions | null;
  /** Where Gusto delivers (PUBLIC_URL/webhooks/gusto); null when Gusto could not reach us there (a loopback address). */
  readonly webhookUrl: string | null;
};

/** Events that can change what we sync: company details, locations, people on the payroll. */
export const relevantGustoEvent = /^(company|employee|location|contractor)\./;
/** The subscription types behind those events. */
export const gustoSubscriptionTypes = ['Company', 'Employee', 'Location', 'Contractor'] as const;

/** Install-wide values are kept under this pseudo-practice (webhooks are not per firm). */
export const installScope = '_install' as PracticeId;
const verificationKey = 'gusto.webhook.verification-token';
const subscriptionKey = 'gusto.webhook.subscription';

export type HandshakeError =
  | { readonly kind: 'not-confirmed'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Where the install's subscription stands after set-up. */
export type WebhookSetup =
  | { readonly state: 'verified' | 'awaiting-handshake'; readonly subscriptionId: string }
  | { readonly state: 'managed-by-hand' | 'no-public-url' };

/** Gusto's webhook subscription: created, verified by handshake and its signing token kept, once per install. */
export function createGustoWebhookSetup(d: WebhookSetupDeps) {
  const stored = async () => {
    const sealed = await d.flags.get(installScope, verificationKey);
    return { token: sealed ? d.secrets.open(sealed) : undefined, subscriptionId: (await d.flags.get(installScope, subscriptionKey)) ?? undefined };
  };

  return {
    /**
     * The unsigned handshake Gusto POSTs after a subscription is created. Anyone can send one, so the
     * token becomes the signing key only once Gusto's verify call confirms it was Gusto's own.
     */
    async handshake(token: string, subscriptionId?: string): Promise<Result<'stored' | 'ignored', HandshakeError>> {
      if (!d.subscriptions) return ok('ignored');
      const id = subscriptionId ?? (await stored()).subscriptionId;
      if (!id) return err({ kind: 'not-confirmed', reason: 'the handshake names no webhook subscription and this bot has created none' });
      const verified = await d.subscriptions.verify(id, token);
      if (!verified.ok) return err({ kind: 'unavailable', reason: verified.error.detail });
      if (!verified.value) return err({ kind: 'not-confirmed', reason: 'Gusto did not confirm this verification token' });
      await d.flags.set(installScope, verificationKey, d.secrets.seal(token));
      await d.flags.set(installScope, subscriptionKey, id);
      return ok('stored');
    },

    async verificationToken(): Promise<string | undefined> {
      return (await stored()).token;
    },

    /**
     * Makes sure Gusto delivers to us: reuses our subscription when it is verified and we hold its key,
     * asks Gusto to send the handshake again when we lack the key, and creates one when there is none.
     * Safe to run on every start and from several processes: it looks before it creates.
     */
    async ensureSubscription(): Promise<Result<WebhookSetup, WebhookSetupError>> {
      if (!d.subscriptions) return ok({ state: 'managed-by-hand' });
      if (!d.webhookUrl) return ok({ state: 'no-public-url' });
      const listed = await d.subscriptions.list();
      if (!listed.ok) return listed;
      const ours = listed.value.filter((s) => s.url === d.webhookUrl && s.status !== 'removed');
      const mine = await stored();
      const verified = ours.find((s) => s.status === 'verified');
      if (verified && mine.token && mine.subscriptionId === verified.id) return ok({ state: 'verified', subscriptionId: verified.id });
      const existing = verified ?? ours[0];
      if (existing) {
        await d.flags.set(installScope, subscriptionKey, existing.id);
        const resent = await d.subscriptions.resendToken(existing.id);
        return resent.ok ? ok({ state: 'awaiting-handshake', subscriptionId: existing.id }) : resent;
      }
      const created = await d.subscriptions.create(d.webhookUrl, gustoSubscriptionTypes);
      if (!created.ok) return created;
      await d.flags.set(installScope, subscriptionKey, created.value.id);
      return ok({ state: 'awaiting-handshake', subscriptionId: created.value.id });
    },
  };
}

export type GustoWebhookSetup = ReturnType<typeof createGustoWebhookSetup>;
