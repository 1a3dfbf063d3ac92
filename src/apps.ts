import type { Provider, SyncLevel } from '../domain/practice/connection.js';

/** Each app as people name it in cards. */
export const appName: Readonly<Record<Provider, string>> = { gusto: 'Gusto', sage: 'Sage', xpm: 'XPM' };

/** A client's sync level as people read it: `client-sync CLIENT names` is "names only". */
export const syncLevelName: Readonly<Record<SyncLevel, string>> = { all: 'all data', names: 'names only', none: 'nothing' };
