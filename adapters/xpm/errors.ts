/**
 * XPM's failures in words a person can act on. provider-http has already sorted each into a kind and
 * kept XPM's own words (an `<ErrorDescription>` from a 200 with `<Status>ERROR</Status>`, or the
 * gateway's JSON `{ Title, Detail }` on a 401/403); this names what was refused, and turns a failure
 * of the identity endpoints into the AppError the connect flow shows.
 */
import type { AppError } from '../../domain/apps/ports.js';
import { ProviderError } from '../provider-http.js';

export const xpmApp = 'xpm';

/** The error to throw for a failed call about `subject` ("the client", "the job"); anything not from XPM passes unchanged. */
export function xpmFailure(e: unknown, subject: string): unknown {
  if (!(e instanceof ProviderError) || e.kind !== 'rejected' || !e.detail.reason) return e;
  return new ProviderError(xpmApp, 'rejected', { ...e.detail, reason: `Xero Practice Manager refused ${subject}: ${e.detail.reason}` });
}

/** A failure of Xero's identity or connections endpoints, as the connect flow reports it. */
export const xeroAppError = (e: unknown, doing: string): AppError => {
  if (!(e instanceof ProviderError)) throw e;
  const said = e.detail.oauthError ?? e.reason;
  if (e.kind === 'reconnect-needed') {
    return { kind: 'needs-reconnect', detail: `Xero no longer accepts this connection (${said}): connect Xero Practice Manager again` };
  }
  if (e.kind === 'app-misconfigured') {
    return { kind: 'misconfigured', detail: `Xero refused the bot's app credentials or scopes (${said}): an admin must check the Xero client id, secret and scopes` };
  }
  return { kind: 'unavailable', detail: `Xero could not ${doing} just now (${e.reason})` };
};
