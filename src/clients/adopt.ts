import type { AppId } from '../../domain/apps/app-id.js';
import type { Client } from '../../domain/practice/client.js';
import type { Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';

/** Why an app's record (`name`: as the app calls it) could not become, or be tied to, a client here, in words a card can show. */
export type AdoptError = { readonly name: string; readonly reason: string } & (
  | { readonly kind: 'not-found' }
  | { readonly kind: 'linked-elsewhere'; readonly client: Client }
  /** It may be a client here already (an email in common, a "Ltd"/"Limited" name): a person decides on its import card (`decide`). */
  | { readonly kind: 'may-be-here'; readonly decide: string });

/**
 * Makes an app's record a client here, saved and linked (a Sage customer picked while starting a
 * proposal): a client of exactly its name is linked to instead of copied, and `created` says
 * which happened; one that only may be a client here (the same email, a near name) is left for a
 * person to decide on its import card. Implemented by the import use cases.
 */
export type AdoptAppClient = (actor: Actor, provider: AppId, externalId: string) => Promise<Result<{ readonly client: Client; readonly created: boolean }, AdoptError>>;
