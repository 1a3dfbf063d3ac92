import type { AppId } from '../../domain/apps/app-id.js';
import type { Client } from '../../domain/practice/client.js';
import type { Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';

/** Why an app's record could not become (or be tied to) a client here, in words a card can show. */
export type AdoptError =
  | { readonly kind: 'not-found'; readonly reason: string }
  | { readonly kind: 'linked-elsewhere'; readonly reason: string; readonly client: Client };

/**
 * Makes an app's record a client here, saved and linked (a Sage customer picked while starting a
 * proposal): an exact duplicate (same name or email) is linked to instead of copied, and
 * `created` says which happened. Implemented by the import use cases.
 */
export type AdoptAppClient = (actor: Actor, provider: AppId, externalId: string) => Promise<Result<{ readonly client: Client; readonly created: boolean }, AdoptError>>;
