import type { AppId } from '../apps/app-id.js';
import type { Page } from '../practice/ports.js';
import type { PracticeId } from '../shared/ids.js';
import type { AppClient, AppClientInput, AppClientView, RejectedMatch } from './app-client.js';

/** The apps' clients as last read, per practice and app (see app-client.ts). */
export interface AppClientStore {
  /**
   * Inserts or updates each record by its app id, in one statement per batch: a record that comes
   * back after a deletion is live again; "Don't import" and when it was first seen are kept.
   * Returns the records that were new to us.
   */
  put(practiceId: PracticeId, provider: AppId, records: readonly AppClientInput[], seenAt: Date): Promise<{ readonly added: number }>;
  /** Marks records as deleted in the app at `at` (those already marked keep their first date); unknown ids are ignored. */
  markDeleted(practiceId: PracticeId, provider: AppId, externalIds: readonly string[], at: Date): Promise<void>;
  get(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppClient | null>;
  /**
   * A view's records, by name then id. Never the linked ones (an app link names them) nor, in
   * `to-import`, the deleted or hidden. `search` is part of the name, email or reference, any case, or of the name as
   * matching reads it (matchKey: "Acme Limited" finds "Acme Ltd").
   */
  list(practiceId: PracticeId, provider: AppId, q: { view: AppClientView; search?: string; limit: number; offset: number }): Promise<Page<AppClient>>;
  /** Sets or clears "Don't import"; false when there is no such record. */
  setHidden(practiceId: PracticeId, provider: AppId, externalId: string, hiddenAt: Date | null): Promise<boolean>;
  /** Remembers "not the same"; saying it twice keeps one. */
  rejectMatch(practiceId: PracticeId, provider: AppId, rejected: RejectedMatch): Promise<void>;
  /** The clients a person said a record is not, for the records named (all the app's when omitted). */
  rejectedMatches(practiceId: PracticeId, provider: AppId, externalIds?: readonly string[]): Promise<RejectedMatch[]>;
}
