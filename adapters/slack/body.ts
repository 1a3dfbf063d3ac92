/** A verified request body as Bolt expects it: JSON events, form-encoded commands, or a form `payload`. */
export type SlackBody = Record<string, unknown>;

/** A string found along a path of nested objects, or undefined. */
export const textAt = (value: unknown, ...path: (string | number)[]): string | undefined => {
  let at = value;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  return typeof at === 'string' ? at : undefined;
};

export class BodyParseError extends Error {}

export function parseSlackBody(raw: Buffer, contentType: string | undefined): SlackBody {
  const text = raw.toString('utf8');
  if ((contentType ?? '').includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object') throw new BodyParseError('body is not an object');
    return parsed as SlackBody;
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  if (typeof form.payload === 'string') {
    try {
      return JSON.parse(form.payload) as SlackBody;
    } catch {
      throw new BodyParseError('payload is not JSON');
    }
  }
  return form;
}

/**
 * The key that makes a delivery unique. Slack retries events with the same event_id, and a double
 * click or a replay repeats a trigger_id; either way the second copy must have no effect.
 */
export function deliveryKey(body: SlackBody): string | null {
  const event = textAt(body, 'event_id');
  if (event) return `event:${event}`;
  const trigger = textAt(body, 'trigger_id');
  if (trigger) return `trigger:${trigger}`;
  const actionTs = textAt(body, 'actions', 0, 'action_ts');
  return actionTs ? `action:${textAt(body, 'actions', 0, 'action_id')}:${actionTs}` : null;
}

export const workspaceOf = (body: SlackBody): string =>
  textAt(body, 'team_id') ?? textAt(body, 'team', 'id') ?? textAt(body, 'user', 'team_id') ?? textAt(body, 'enterprise_id') ?? 'unknown';
