/**
 * How one synced field moves between an app and our client record. An app declares one policy per
 * field it syncs; the sync engine (domain/sync) applies them.
 * - `two-way`: a change on either side is copied to the other; both sides changed differently is a conflict.
 * - `inbound`: the app wins; we never write the field back.
 * - `inbound-changes`: the app's changes are copied in, but not the difference the link began with (a
 *   client mapped to a ledger contact of another name keeps its own until the contact is renamed).
 * - `first-sync-only`: copied from the app when the link is made, then left to each side.
 * - `outbound-on-accept`: written to the app when a proposal is accepted, never read back.
 */
export type FieldPolicy = 'two-way' | 'inbound' | 'inbound-changes' | 'first-sync-only' | 'outbound-on-accept';

/** An app's policies, keyed by the client field they govern. */
export type FieldPolicies = Readonly<Record<string, FieldPolicy>>;

/** How much of an app's data reaches a linked client: every field, only its names, or nothing. */
export type SyncLevel = 'all' | 'names' | 'none';
