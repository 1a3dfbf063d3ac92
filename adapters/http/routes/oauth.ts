/** OAuth callbacks from the apps: GET /oauth/:app/callback ends an app's connect flow with a page a person can read. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppConnect } from '../../../src/apps/connect.js';

/** Each app's callback handler by app id, with the app's name for the page. */
export type OAuthRouteDeps = ReadonlyMap<string, { readonly name: string; readonly handleCallback: AppConnect['handleCallback'] }>;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string, ok: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.4rem;color:${ok ? '#0a7d3e' : '#b3261e'}}p{margin:.6rem 0}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`;

/** Each parameter once, as text: a repeated `state` or `code` is a forged or broken link, not a choice. */
const CallbackQuery = z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() });

export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): void {
  app.get<{ Params: { app: string }; Querystring: unknown }>('/oauth/:app/callback', async (req, reply) => {
    const id = req.params.app;
    const target = deps.get(id);
    if (!target) {
      void reply.type('text/html; charset=utf-8');
      return reply.status(404).send(page('Nothing was connected', `<p>This bot has no app called <code>${escape(id)}</code>.</p>`, false));
    }
    const name = target.name;
    const query = CallbackQuery.safeParse(req.query);
    if (!query.success) {
      const param = String(query.error.issues[0]?.path[0] ?? 'a parameter');
      void reply.type('text/html; charset=utf-8');
      return reply.status(400).send(page(`${name} was not connected`, `<p>The link back from ${escape(name)} carries <code>${escape(param)}</code> more than once, so it cannot be trusted.</p>
<p>Run <code>/ignition connect ${escape(id)}</code> in chat for a fresh link.</p>`, false));
    }
    const { code, state, error } = query.data;
    const result = await target.handleCallback({
      ...(code ? { code } : {}), ...(state ? { state } : {}), ...(error ? { error } : {}),
    });
    void reply.type('text/html; charset=utf-8');
    if (result.ok && result.value.choices) {
      const { choices, sandbox } = result.value;
      const items = choices.map((c) => `<li><strong>${escape(c.label)}</strong>${c.refusal ? ` — can't be connected: ${escape(c.refusal)}` : ''}</li>`).join('');
      return page(`Signed in to ${name}${sandbox ? ' (Sandbox)' : ''}`, `<p>Your ${escape(name)} user can reach:</p><ul>${items}</ul>
<p>Back in chat, run <code>/ignition connect ${escape(id)}</code> and pick the one this firm uses. You can close this tab.</p>`, true);
    }
    if (result.ok) {
      const { label, reconnected, sandbox } = result.value;
      return page(`${reconnected ? 'Reconnected' : 'Connected'}: ${label}${sandbox ? ' (Sandbox)' : ''}`,
        `<p>${escape(name)} is ${reconnected ? 'reconnected' : 'connected'} for <strong>${escape(label)}</strong>. Its data is syncing now; the result will appear in your chat.</p>
<p>To connect another account, run <code>/ignition connect ${escape(id)}</code> again. You can close this tab.</p>`, true);
    }
    const e = result.error;
    const advice = e.kind === 'invalid-state'
      ? `Connect links work once and for 10 minutes. Run <code>/ignition connect ${escape(id)}</code> in chat for a fresh one.`
      : e.kind === 'denied'
        ? `Nothing was connected. If that was a mistake, run <code>/ignition connect ${escape(id)}</code> and click Authorize in ${escape(name)}.`
        : e.kind === 'misconfigured'
          ? `This is the bot's own ${escape(name)} set-up, not your account: trying again will not help until whoever runs the bot fixes it.`
          : e.kind === 'wrong-account'
            ? `Run <code>/ignition connect ${escape(id)}</code> again and choose one ${escape(name)} account to connect.`
            : `${escape(name)} did not complete the connection. Try again in a minute with <code>/ignition connect ${escape(id)}</code>.`;
    return reply.status(400).send(page(`${name} was not connected`, `<p>${escape(e.reason[0]!.toUpperCase() + e.reason.slice(1))}.</p><p>${advice}</p>`, false));
  });
}
