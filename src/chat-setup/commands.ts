import type { Command } from '../commands/command.js';
import { notifyCommands, type NotifyDeps } from './notify-commands.js';
import { peopleCommands, type PeopleDeps } from './people.js';

/** The chat set-up verbs: setup, users, user promote|demote, notify, notify here|off. */
export const chatSetupCommands = (d: PeopleDeps & NotifyDeps): Command[] => [...peopleCommands(d), ...notifyCommands(d)];
