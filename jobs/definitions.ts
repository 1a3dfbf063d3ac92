import type { Agenda } from 'agenda';

/** Names of every background job; each area's jobs are registered from here. */
export const JobName = {} as const;

/** What the job definitions need from the composed app: use cases and the scope each run gets. */
export type JobDeps = { readonly inScope: <T>(fn: () => Promise<T>) => Promise<T> };

export async function registerJobs(_agenda: Agenda, _deps: JobDeps): Promise<void> {}
