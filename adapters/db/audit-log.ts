import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEvent } from '../../domain/practice/audit.js';
import type { AuditLog } from '../../domain/practice/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { AuditEventRow } from './entities/audit.entity.js';

export class MikroOrmAuditLog implements AuditLog {
  constructor(private readonly em: EntityManager) {}

  async record(e: AuditEvent): Promise<void> {
    await this.em.insert(AuditEventRow, {
      practiceId: e.practiceId, at: e.at, actor: e.actor, chat: e.chat, action: e.action,
      subject: e.subject ?? null, detail: e.detail ? { ...e.detail } : null,
    });
  }

  async recent(practiceId: PracticeId, limit: number): Promise<AuditEvent[]> {
    const rows = await this.em.find(AuditEventRow, { practiceId }, { orderBy: { at: 'desc', id: 'desc' }, limit });
    return rows.map((r) => ({
      practiceId: r.practiceId as PracticeId,
      at: r.at,
      actor: r.actor,
      chat: r.chat as AuditEvent['chat'],
      action: r.action,
      ...(r.subject ? { subject: r.subject } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  }
}
