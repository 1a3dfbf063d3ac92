/**
 * job.api of the XPM simulator, as much as a bot deploying jobs needs: add (from a template, with
 * the bot's marker as ClientNumber), get by job number, and a client's jobs, so a look-up by the
 * marker before an add finds a job a lost answer already made (XPM has no idempotency key).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiBase, jobWebUrl, keep, type XpmApiContext } from './xpm-context.js';
import { parseJobDate, type XpmJobRecord } from './xpm-data.js';
import { jobPayload } from './xpm-payloads.js';
import { readRoot, textOf, xpmOk, xpmRefuse } from './xpm-xml.js';

type Req = FastifyRequest<{ Params: { id?: string }; Body: unknown }>;

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
