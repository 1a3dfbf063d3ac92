/**
 * One record an app brings in, as the shared sync reads it: the app's id for it, its name, when the
 * app answered, and its values for the fields the app syncs (keyed by our client field names). A
 * payroll company (CompanySnapshot) is one; so is an ordinary client with an email, phone and contacts.
 */
export type SyncedRecord = {
  readonly externalId: string;
  readonly name: string;
  /** When the app answered: the evidence time for a headcount it brings. */
  readonly fetchedAt: Date;
  /**
   * Fields the app has a value for that we may not read (XPM's partner when that staff member is no
   * user here): taken as unchanged since the last sync, so ours is left as it is and a change of ours still goes out.
   */
  readonly withheld?: readonly string[];
} & { readonly [field: string]: unknown };
