import { archiveService, type Service, type ServiceId } from '../../domain/proposals/service.js';
import { parseOffering } from '../../domain/proposals/service-input.js';
import { normaliseName } from '../../domain/practice/client.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';

type Deps = Pick<ProposalDeps, 'services' | 'audit' | 'clock' | 'ids'>;
type Pairs = Readonly<Record<string, string>>;

/** Finds a service by id or by name (exact, then a unique prefix), archived ones only when asked. */
export const findService = async (d: Pick<ProposalDeps, 'services'>, actor: Pick<Actor, 'practice'>, ref: string, includeArchived = false):
  Promise<Result<Service, ProposalError>> => {
  const all = await d.services.list(actor.practice.id, { includeArchived });
  const key = normaliseName(ref);
  const exact = all.filter((s) => s.id === ref || normaliseName(s.name) === key);
  const matches = exact.length ? exact : all.filter((s) => normaliseName(s.name).startsWith(key));
  if (matches.length === 1) return ok(matches[0]!);
  if (matches.length > 1) return err({ kind: 'ambiguous', what: 'service', ref, matches: matches.map((s) => s.name) });
  return err({ kind: 'not-found', what: 'service', ref, hint: 'See them with `services`, or add one with `service add`.' });
};

export function createServiceUseCases(d: Deps) {
  const audit = (actor: Actor, action: string, s: Service, detail?: Record<string, unknown>) => d.audit.record({
    practiceId: actor.practice.id, at: d.clock.now(), actor: actor.user.displayName, chat: actor.user.identities[0]?.platform ?? 'system',
    action, subject: s.name, detail: { serviceId: s.id, ...detail },
  });

  return {
    list: (actor: Actor, includeArchived = false): Promise<Service[]> => d.services.list(actor.practice.id, { includeArchived }),

    find: (actor: Actor, ref: string) => findService(d, actor, ref),

    async add(actor: Actor, pairs: Pairs): Promise<Result<Service, ProposalError>> {
      const parsed = parseOffering(pairs, { country: actor.practice.country, currency: actor.practice.currency });
      if (!parsed.ok) return parsed;
      const clash = (await d.services.list(actor.practice.id)).find((s) => normaliseName(s.name) === normaliseName(parsed.value.name));
      if (clash) return err({ kind: 'invalid-field', field: 'name', reason: `there is already a service called "${clash.name}"; edit it with \`service edit\`` });
      const now = d.clock.now();
      const service: Service = {
        ...parsed.value, id: d.ids.next() as ServiceId, practiceId: actor.practice.id, currency: actor.practice.currency,
        archived: false, createdAt: now, updatedAt: now,
      };
      await d.services.save(service);
      await audit(actor, 'service.created', service);
      return ok(service);
    },

    async edit(actor: Actor, ref: string, pairs: Pairs): Promise<Result<Service, ProposalError>> {
      const found = await findService(d, actor, ref);
      if (!found.ok) return found;
      if (!Object.keys(pairs).length) return err({ kind: 'invalid-field', field: 'fields', reason: 'say what to change, e.g. price=300 or billing=monthly' });
      const parsed = parseOffering(pairs, { country: actor.practice.country, currency: actor.practice.currency }, found.value);
      if (!parsed.ok) return parsed;
      // The parsed offering carries the template the service keeps; one it dropped (`xpm-template=none`) is unlinked.
      const { xpmJobTemplate: _unlinked, ...kept } = found.value;
      const service: Service = { ...kept, ...parsed.value, updatedAt: d.clock.now() };
      await d.services.save(service);
      await audit(actor, 'service.updated', service, { fields: Object.keys(pairs) });
      return ok(service);
    },

    /** Archived services stay on every proposal that already uses them; they just can't be added again. */
    async archive(actor: Actor, ref: string): Promise<Result<Service, ProposalError>> {
      const found = await findService(d, actor, ref);
      if (!found.ok) return found;
      const service = archiveService(found.value, d.clock.now());
      await d.services.save(service);
      await audit(actor, 'service.archived', service);
      return ok(service);
    },
  };
}
export type ServiceUseCases = ReturnType<typeof createServiceUseCases>;
