/**
 * job.api of the XPM simulator, as much as a bot deploying jobs needs: add (from a template, with
 * the bot's marker as ClientNumber), assign (partner and manager), get by job number, and a client's jobs, so a look-up by the
 * marker before an add finds a job a lost answer already made (XPM has no idempotency key).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { apiBase, jobWebUrl, keep, type XpmApiContext } from './xpm-context.js';
import { parseJobDate, type XpmJobRecord } from './xpm-data.js';
import { jobPayload } from './xpm-payloads.js';
import { readRoot, textOf, xpmOk, xpmRefuse } from './xpm-xml.js';

type Req = FastifyRequest<{ Params: { id?: string }; Body: unknown }>;

/** assign's staff are attributes (`<add-partner uuid="…"/>`), which the shared body parser drops. */
const withAttributes = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', ignoreDeclaration: true, parseTagValue: false, trimValues: true });

/** The uuid attribute of a lone `<add-partner uuid="…"/>`-like element, '' when the element is there without one, null when absent. */
const uuidOf = (node: Record<string, unknown>, key: string): string | null => {
  const v = node[key];
  if (v === undefined) return null;
  return typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)['@_uuid'] ?? '') : '';
};

export const jobNumber = (n: number): string => `J${String(n).padStart(6, '0')}`;

/** A new job from an add's `<Job>`, or why XPM refuses it. */
function readJob(node: Record<string, unknown>, ctx: XpmApiContext): Omit<XpmJobRecord, 'id' | 'uuid' | 'createdAt'> | string {
  const p = ctx.practice();
  const name = textOf(node, 'Name');
  if (!name) return 'Name is required.';
  const clientUuid = textOf(node, 'ClientUUID');
  if (!clientUuid) return 'ClientUUID is required.';
  const client = p.byUuid.get(clientUuid);
  if (!client || client.isDeleted) return 'Client not found';
  const templateUuid = textOf(node, 'TemplateUUID');
  if (templateUuid && !p.templates.some((t) => t.uuid === templateUuid)) return 'Template not found';
  const dates: string[] = [];
  for (const field of ['StartDate', 'DueDate']) {
    const text = textOf(node, field);
    const date = text ? parseJobDate(text) : null;
    if (!date) return `${field} is required as yyyyMMdd.`;
    dates.push(date);
  }
  const [startDate, dueDate] = dates as [string, string];
  if (dueDate < startDate) return 'DueDate cannot be before StartDate.';
  return { name, description: textOf(node, 'Description'), state: 'Planned', clientUuid, templateUuid, clientOrderNumber: textOf(node, 'ClientNumber'), startDate, dueDate };
}

export function registerXpmJobs(app: FastifyInstance, ctx: XpmApiContext): void {
  const base = `${apiBase}/job.api`;
  const view = (req: FastifyRequest, j: XpmJobRecord) => jobPayload(j, ctx.practice(), jobWebUrl(ctx.publicBase(req), j.id));

  app.post(`${base}/add`, async (req: Req, reply) => {
    const node = readRoot(req.body, 'Job');
    if (typeof node === 'string') return xpmRefuse(reply, 'Add', node);
    const fields = readJob(node, ctx);
    if (typeof fields === 'string') return xpmRefuse(reply, 'Add', fields);
    const p = ctx.practice();
    const job: XpmJobRecord = { ...fields, id: jobNumber(p.nextJobNumber), uuid: randomUUID(), createdAt: ctx.clock().getTime() };
    keep(ctx.save, () => { p.nextJobNumber++; p.jobs.push(job); }, () => { p.nextJobNumber--; p.jobs.pop(); });
    return xpmOk(reply, 'Add', { Job: view(req, job) });
  });

  app.put(`${base}/assign`, async (req: Req, reply) => {
    const checked = readRoot(req.body, 'Job');
    if (typeof checked === 'string') return xpmRefuse(reply, 'Assign', checked);
    const node = (withAttributes.parse(req.body as string) as { Job: Record<string, unknown> }).Job;
    const p = ctx.practice();
    const id = textOf(node, 'ID'), uuid = textOf(node, 'UUID');
    const job = p.jobs.find((j) => (id && j.id === id) || (uuid && j.uuid === uuid));
    if (!job) return xpmRefuse(reply, 'Assign', id || uuid ? 'Job not found' : 'ID is required.');
    const change: Partial<XpmJobRecord> = {};
    for (const [role, field] of [['partner', 'partnerUuid'], ['manager', 'managerUuid']] as const) {
      const added = uuidOf(node, `add-${role}`);
      if (added !== null) {
        if (!p.staff.some((s) => s.uuid === added)) return xpmRefuse(reply, 'Assign', `Staff member not found for add-${role}.`);
        change[field] = added;
      }
      if (uuidOf(node, `remove-${role}`) !== null) change[field] = null;
    }
    const before = { partnerUuid: job.partnerUuid ?? null, managerUuid: job.managerUuid ?? null };
    keep(ctx.save, () => Object.assign(job, change), () => Object.assign(job, before));
    return xpmOk(reply, 'Assign');
  });

  app.get(`${base}/get/:id`, async (req: Req, reply) => {
    const job = ctx.practice().jobs.find((j) => j.id === req.params.id || j.uuid === req.params.id);
    return job ? xpmOk(reply, 'Get', { Job: view(req, job) }) : xpmRefuse(reply, 'Get', 'Job not found');
  });

  app.get(`${base}/client/:id`, async (req: Req, reply) => {
    const p = ctx.practice();
    if (!p.byUuid.has(req.params.id ?? '')) return xpmRefuse(reply, 'Client', 'Client not found');
    const jobs = p.jobs.filter((j) => j.clientUuid === req.params.id).map((j) => view(req, j));
    return xpmOk(reply, 'Client', { Jobs: jobs.length ? { Job: jobs } : '' });
  });
}
