import type { AccessToken, AppError } from '../apps/ports.js';
import type { Result } from '../shared/result.js';
import type { CompanySnapshot } from '../sync/company-snapshot.js';

/** A payroll app's company data, as its adapter reads it. */
export interface PayrollSystem {
  /** The company a freshly granted token belongs to (one token per company). */
  identify(accessToken: string): Promise<Result<{ externalId: string; label: string }, AppError>>;
  /** The company as the provider reports it now; `today` is the practice's local date (YYYY-MM-DD). */
  snapshot(externalId: string, today: string, token: AccessToken): Promise<Result<CompanySnapshot, AppError>>;
}

/** A subscription for the payroll app's webhook deliveries, as the app reports it. */
export type WebhookSubscription = {
  readonly id: string;
  readonly url: string;
  readonly status: 'pending' | 'verified' | 'removed' | 'unreachable';
  readonly types: readonly string[];
};

/** The app could not be asked (unreachable, our credentials refused, a reply we could not read). */
export type WebhookSetupError = { readonly kind: 'unavailable'; readonly detail: string };

/** The payroll app's webhook subscriptions, managed with the app's own credentials, not a company's. */
export interface WebhookSubscriptions {
  list(): Promise<Result<readonly WebhookSubscription[], WebhookSetupError>>;
  /** The app then sends the verification handshake to `url`. */
  create(url: string, types: readonly string[]): Promise<Result<WebhookSubscription, WebhookSetupError>>;
  /** Asks the app whether it sent this token for this subscription: true only when it confirms (and marks it verified). */
  verify(subscriptionId: string, token: string): Promise<Result<boolean, WebhookSetupError>>;
  /** Asks the app to send the verification handshake again. */
  resendToken(subscriptionId: string): Promise<Result<void, WebhookSetupError>>;
}
