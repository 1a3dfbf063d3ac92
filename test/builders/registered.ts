import type { AppInfo, Registered } from '../../src/apps/registered.js';
import { gustoDeclaration } from '../../adapters/gusto/registration.js';
import { proposalEvents } from '../../src/proposals/use-cases.js';

const gusto = gustoDeclaration(false);
const gustoApp: AppInfo = { provider: gusto.id, name: gusto.name, connect: `connect ${gusto.id}`, events: gusto.events };

/** What compose.ts registers today: Gusto, and the events proposals and Gusto post. */
export const registeredToday: Registered = { apps: [gustoApp], events: [...proposalEvents, ...gustoApp.events] };
