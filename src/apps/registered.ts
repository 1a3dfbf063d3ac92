import type { SyncLevel } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { NotificationEvent } from '../notify.js';

/** A client's sync level as people read it: `client-sync CLIENT names` is "names only". */
export const syncLevelName: Readonly<Record<SyncLevel, string>> = { all: 'all data', names: 'names only', none: 'nothing' };

/** An app the bot can connect: how cards name it, the command that connects it, and the events it posts. */
export type AppInfo = {
  readonly provider: AppId;
  readonly name: string;
  readonly connect: string;
  readonly events: readonly NotificationEvent[];
};

/**
 * What this install really has, as compose.ts wired it: the apps and every event some wired area
 * posts. Cards that name apps or offer events (the Teams welcome, `setup`, `notify`) read it, so they
 * promise only what exists, and a new app's name and events appear once it is registered.
 */
export type Registered = { readonly apps: readonly AppInfo[]; readonly events: readonly NotificationEvent[] };

/** How cards name an app: the registered name, or (an app no longer registered) its id. */
export type AppNames = (app: AppId) => string;

export const appNamesOf = (apps: readonly Pick<AppInfo, 'provider' | 'name'>[]): AppNames => {
  const names = new Map(apps.map((a) => [a.provider, a.name]));
  return (app) => names.get(app) ?? app;
};
