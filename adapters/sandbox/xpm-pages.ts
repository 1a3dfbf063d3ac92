/** The pages an XPM record's WebUrl opens in the sandbox: a client's or a job's details, every value escaped. */
import type { FastifyInstance } from 'fastify';
import type { XpmApiContext } from './xpm-context.js';
import { escapeHtml as escape } from './sage-html.js';

const page = (title: string, rows: [string, string | null | undefined][]) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .4rem;white-space:pre-line}</style></head>
<body><h1>${escape(title)}</h1><dl>${rows.filter(([, v]) => v).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v!)}</dd>`).join('')}</dl>
<p><small>Xero Practice Manager sandbox: a simulated practice.</small></p></body></html>`;

export function registerXpmPages(app: FastifyInstance, ctx: Pick<XpmApiContext, 'practice'>): void {
  const html = 'text/html; charset=utf-8';
  app.get<{ Params: { uuid: string } }>('/client/:uuid', async (req, reply) => {
    const c = ctx.practice().byUuid.get(req.params.uuid);
    if (!c) return reply.code(404).type(html).send(page('No such client', []));
    return reply.type(html).send(page(c.name, [
      ['Email', c.email], ['Address', [c.address, c.city, c.region, c.postCode, c.country].filter(Boolean).join('\n')], ['Phone', c.phone], ['Fax', c.fax],
      ['Website', c.website], ['Contacts', c.contacts.map((x) => x.name).join(', ')], ['Status', c.isDeleted ? 'Deleted' : c.isArchived ? 'Archived' : 'Active'],
    ]));
  });
  app.get<{ Params: { id: string } }>('/job/:id', async (req, reply) => {
    const p = ctx.practice();
    const j = p.jobs.find((x) => x.id === req.params.id);
    if (!j) return reply.code(404).type(html).send(page('No such job', []));
    return reply.type(html).send(page(`${j.id} ${j.name}`, [
      ['Client', p.byUuid.get(j.clientUuid)?.name], ['Description', j.description], ['State', j.state], ['Start', j.startDate], ['Due', j.dueDate], ['Client order number', j.clientOrderNumber],
    ]));
  });
}
