/** What the XPM sandbox's API routes share: the practice, the clock, where browsers reach it, and saving. */
import type { FastifyRequest } from 'fastify';
import type { XpmClientRecord, XpmPractice } from './xpm-data.js';

export type XpmApiContext = {
  readonly practice: () => XpmPractice;
  readonly clock: () => Date;
  /** Marks a client written: modified now (what `modifiedsince` sees) and kept in the state file. */
  readonly touch: (c: XpmClientRecord) => void;
  readonly save: () => void;
  /** Where people's browsers reach the sandbox (its PUBLIC_URL base, prefix included). */
  readonly publicBase: (req: FastifyRequest) => string;
};

export const apiBase = '/practicemanager/3.1';
export const clientWebUrl = (base: string, uuid: string): string => `${base}/client/${uuid}`;
export const jobWebUrl = (base: string, id: string): string => `${base}/job/${id}`;
