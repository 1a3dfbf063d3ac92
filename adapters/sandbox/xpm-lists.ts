/** The XPM simulator's read-only lists: client groups, staff and job templates (template.api has only list). */
import type { FastifyInstance } from 'fastify';
import { apiBase, type XpmApiContext } from './xpm-context.js';
import { staffPayload } from './xpm-payloads.js';
import { xpmOk, yesNo } from './xpm-xml.js';

const many = <T>(key: string, rows: T[]) => (rows.length ? { [key]: rows } : '');

export function registerXpmLists(app: FastifyInstance, ctx: XpmApiContext): void {
  app.get(`${apiBase}/clientgroup.api/list`, async (_req, reply) =>
    xpmOk(reply, 'List', { Groups: many('Group', ctx.practice().groups.map((g) => ({ UUID: g.uuid, Name: g.name, Taxable: yesNo(g.taxable) }))) }));
  app.get(`${apiBase}/staff.api/list`, async (_req, reply) =>
    xpmOk(reply, 'List', { StaffList: many('Staff', ctx.practice().staff.map(staffPayload)) }));
  app.get(`${apiBase}/template.api/list`, async (_req, reply) =>
    xpmOk(reply, 'List', { Templates: many('Template', ctx.practice().templates.map((t) => ({ UUID: t.uuid, Name: t.name }))) }));
}
