/** What the XPM sandbox's API routes share: the practice, the clock, where browsers reach it, and saving. */
import type { FastifyRequest } from 'fastify';
import type { XpmClientRecord, XpmPractice } from './xpm-data.js';

export type XpmApiContext = {
  readonly practice: () => XpmPractice;
  readonly clock: () => Date;
  /** Marks a client written: modified now (what `modifiedsince` sees) and kept in the state file at the next save. */
  readonly touch: (c: XpmClientRecord) => void;
  readonly save: () => void;
  /** Where people's browsers reach the sandbox (its PUBLIC_URL base, prefix included). */
  readonly publicBase: (req: FastifyRequest) => string;
};

/**
 * Makes a change and saves it. A change the state file could not keep is undone and the error goes
 * on (an API call answers 500, as XPM's application errors do): a record the sandbox could not keep
 * must not be reported as made, or the bot would never retry it.
 */
export const keep = (save: () => void, change: () => void, undo: () => void): void => {
  change();
  try {
    save();
  } catch (e) {
    undo();
    throw e;
  }
};

export const apiBase = '/practicemanager/3.1';
export const clientWebUrl = (base: string, uuid: string): string => `${base}/client/${uuid}`;
export const jobWebUrl = (base: string, id: string): string => `${base}/job/${id}`;
