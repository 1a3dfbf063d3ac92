import type { AuditedBy, AuditEvent } from '../../domain/practice/audit.js';
import type { AuditLog, PracticeStore } from '../../domain/practice/ports.js';
import { changeSetting, type Practice, type PracticeSettingError } from '../../domain/practice/practice.js';
import type { Clock } from '../../domain/shared/clock.js';
import { ok, type Result } from '../../domain/shared/result.js';

export type PracticeDeps = { readonly practices: PracticeStore; readonly audit: AuditLog; readonly clock: Clock };

/** Listeners told when a practice setting changes, e.g. to move its daily sync to a new time zone. */
export type PracticeChanged = (practice: Practice) => Promise<void>;

export function createPracticeUseCases(d: PracticeDeps, onChanged: PracticeChanged = async () => {}) {
  return {
    async set(practice: Practice, by: AuditedBy, setting: string, value: string): Promise<Result<Practice, PracticeSettingError>> {
      const changed = changeSetting(practice, setting, value);
      if (!changed.ok) return changed;
      await d.practices.save(changed.value);
      await d.audit.record({
        practiceId: practice.id, at: d.clock.now(), ...by, action: 'practice.updated',
        subject: setting, detail: { was: settingValue(practice, setting), now: settingValue(changed.value, setting) },
      });
      await onChanged(changed.value);
      return ok(changed.value);
    },

    recentAudit(practice: Practice, limit: number): Promise<AuditEvent[]> {
      return d.audit.recent(practice.id, limit);
    },
  };
}

const settingValue = (p: Practice, setting: string): string | number =>
  ({ name: p.name, timezone: p.timeZone, country: `${p.country} (${p.currency})`, 'invoice-day': p.invoiceDay })[setting] ?? '';

export type PracticeUseCases = ReturnType<typeof createPracticeUseCases>;
