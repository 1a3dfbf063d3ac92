import type { Registered } from '../../src/apps.js';
import { gustoApp } from '../../src/gusto/app.js';
import { proposalEvents } from '../../src/proposals/use-cases.js';

/** What compose.ts registers today: Gusto, and the events proposals and Gusto post. */
export const registeredToday: Registered = { apps: [gustoApp], events: [...proposalEvents, ...gustoApp.events] };
