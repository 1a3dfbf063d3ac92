/**
 * Wires staff as users and the imported job templates: the app directory and user-link stores, the
 * staff use cases and verbs, what XPM's registration imports into (its `directory`), what `users`
 * shows, and the templates the service verbs link to. Part of the composition root, called from compose.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmAppDirectory, MikroOrmUserAppLinkStore } from '../adapters/db/app-directory-store.js';
import type { XpmDirectoryDeps } from '../adapters/xpm/directory-import.js';
import type { UserStore } from '../domain/practice/ports.js';
import type { Clock } from '../domain/shared/clock.js';
import type { PracticeId } from '../domain/shared/ids.js';
import type { StaffLinks } from './chat-setup/people.js';
import type { Notifier } from './notify.js';
import type { JobTemplates } from './proposals/service-templates.js';
import { staffCard } from './staff/cards.js';
import { staffCommands } from './staff/commands.js';
import { createStaffUseCases, type StaffApp } from './staff/use-cases.js';

export type StaffInfra = {
  readonly em: EntityManager;
  readonly users: UserStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** The practice app whose staff and job templates these are (XPM). */
  readonly app: StaffApp;
  readonly onError?: (error: unknown, what: string) => void;
};

export function composeStaff(x: StaffInfra) {
  const directory = new MikroOrmAppDirectory(x.em);
  const userLinks = new MikroOrmUserAppLinkStore(x.em);
  const useCases = createStaffUseCases({
    app: x.app, users: x.users, directory, userLinks, notifier: x.notifier, clock: x.clock,
    offeredCard: (staff, links) => staffCard(x.app, staff, links, [], true),
  });
  /** What XPM's registration imports into (XpmSettings.directory). */
  const importer: XpmDirectoryDeps = {
    directory, userLinks, clock: x.clock, staffOffered: (practiceId, staff) => useCases.offer(practiceId, staff),
    ...(x.onError ? { onError: x.onError } : {}),
  };
  const staffLinks: StaffLinks = { appName: x.app.name, byUser: (practiceId) => useCases.linksByUser(practiceId) };
  const jobTemplates: JobTemplates = { app: x.app, list: (practiceId: PracticeId) => directory.list(practiceId, x.app.id, 'template') };
  return { useCases, importer, staffLinks, jobTemplates, commands: staffCommands(useCases) };
}
