import type { AppInfo } from '../apps.js';

/** Gusto as the rest of the bot sees it once it is wired in: its name, how to connect it, what it posts. */
export const gustoApp: AppInfo = {
  provider: 'gusto',
  name: 'Gusto',
  connect: 'connect gusto',
  events: ['sync.finished', 'sync.failed', 'connection.needs_reconnect'],
};
