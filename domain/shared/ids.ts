/** Branded string ids: a ClientId can't be passed where a PracticeId is expected. */
export type Id<Brand extends string> = string & { readonly __brand: Brand };

export type PracticeId = Id<'Practice'>;
export type UserId = Id<'User'>;
export type ClientId = Id<'Client'>;
export type ContactId = Id<'Contact'>;
export type ConnectionId = Id<'Connection'>;
export type SyncRunId = Id<'SyncRun'>;

/** Ids come from outside the domain (the id port); this only brands them. */
export const asId = <Brand extends string>(raw: string): Id<Brand> => raw as Id<Brand>;
