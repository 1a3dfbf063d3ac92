/**
 * Sage's failures in words a person can act on. provider-http has already sorted each one into a
 * kind; this reads Sage's error array (`[{ $severity, $dataCode, $message, $source }]`) to say
 * what Sage refused, and picks out a lapsed subscription, which no reconnecting can cure.
 */
import { z } from 'zod';
import { ProviderError } from '../provider-http.js';
import { SageErrorItem } from './schemas.js';

const items = z.array(SageErrorItem);

/** Every item of Sage's error body, as Sage sent it; empty when the body was something else. */
export const sageErrorItems = (e: ProviderError): SageErrorItem[] => {
  const parsed = items.safeParse(e.detail.body);
  return parsed.success ? parsed.data : [];
};

/**
 * A trial or subscription that has ended: 401 with `$dataCode: "AuthorizationFailure"` and
 * "No active subscription. (MSE)". The firm must renew in Sage; reconnecting changes nothing.
 */
export const isSageSubscriptionLapsed = (e: unknown): boolean =>
  e instanceof ProviderError && e.app === 'sage' && e.status === 401 &&
  sageErrorItems(e).some((i) => i.$dataCode === 'AuthorizationFailure' && /subscription|\(MSE\)/i.test(i.$message ?? ''));

const said = (i: SageErrorItem): string | null => {
  const message = i.$message?.trim() || i.$dataCode?.trim();
  if (!message) return null;
  return i.$source?.trim() ? `${message} (${i.$source.trim()})` : message;
};

/**
 * The error to throw for a failed call about `subject` ("the invoice", "the contact"): Sage's
 * refusals keep every item in words ("Sage refused the invoice: can't be blank (contact); …"), a
 * lapsed subscription says so and is not a reconnect; anything else passes unchanged.
 */
export function sageFailure(e: unknown, subject: string): unknown {
  if (!(e instanceof ProviderError)) return e;
  if (isSageSubscriptionLapsed(e)) {
    return new ProviderError('sage', 'rejected', {
      ...e.detail,
      reason: 'Sage says this business has no active subscription (its trial or plan has ended): the firm must renew it in Sage, then try again',
    });
  }
  const words = sageErrorItems(e).map(said).filter((w): w is string => w !== null);
  if (e.kind !== 'rejected' || words.length === 0) return e;
  return new ProviderError('sage', 'rejected', { ...e.detail, reason: `Sage refused ${subject}: ${words.join('; ')}` });
}
