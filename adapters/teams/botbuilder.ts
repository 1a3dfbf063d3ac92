import { createRequire } from 'node:module';
import type * as BotBuilder from 'botbuilder';

let loaded: typeof BotBuilder | undefined;

/**
 * botbuilder, loaded on first use: it costs about 0.7 s of CPU and 50 MiB to load, which only an
 * install that talks to Teams should pay at start. Types come from `import type` as usual.
 */
export const botbuilder = (): typeof BotBuilder => (loaded ??= createRequire(import.meta.url)('botbuilder') as typeof BotBuilder);
