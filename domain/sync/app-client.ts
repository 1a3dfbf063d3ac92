import type { AppId } from '../apps/app-id.js';
import type { ClientId, PracticeId } from '../shared/ids.js';

/**
 * A client (a customer) as a connected app has it, kept here so a person can import it as a new
 * client, link it to one of ours, or leave it out ("Don't import"). The app's list is read in full
 * once and then incrementally each sync; what is linked is read from the app links, not from here.
 */
export type AppClient = {
  readonly practiceId: PracticeId;
  readonly provider: AppId;
  readonly externalId: string;
  readonly name: string;
  readonly email?: string;
  /** VAT registration number, as the app holds it (see vatKey for comparing). */
  readonly vatNumber?: string;
  /** Companies House number (Sage's `registered_number`). */
  readonly companyNumber?: string;
  /** The app's own short reference for it ("ACME001"). */
  readonly reference?: string;
  /** When the app last changed it. */
  readonly updatedAt: Date;
  /** When this bot first read it: what a sync reports as new. */
  readonly firstSeenAt: Date;
  /** Deleted in the app, as far as we know since this moment; never unlinked for it, only reported. */
  readonly deletedAt?: Date;
  /** "Don't import": out of the import list until someone brings it back. */
  readonly hiddenAt?: Date;
};

/** What a sync reads from the app for one record. */
export type AppClientInput = Pick<AppClient, 'externalId' | 'name' | 'email' | 'vatNumber' | 'companyNumber' | 'reference' | 'updatedAt'>;

/** `to-import`: neither linked, hidden nor deleted; `hidden`: left out with "Don't import". */
export type AppClientView = 'to-import' | 'hidden';

/** A person said an app's record and one of our clients are not the same: never suggested again. */
export type RejectedMatch = { readonly externalId: string; readonly clientId: ClientId };
