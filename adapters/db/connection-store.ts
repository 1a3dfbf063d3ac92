import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConnection, ConnectionStatus, TokenSet } from '../../domain/practice/connection.js';
import type { AppId } from '../../domain/apps/app-id.js';
import type { ConnectionStore } from '../../domain/practice/ports.js';
import type { ConnectionId, PracticeId } from '../../domain/shared/ids.js';
import { ConnectionRow } from './entities/connection.entity.js';
import type { SecretBox } from './secret-box.js';

type SealedTokens = { accessToken: string; refreshToken: string; expiresAt: string; scope?: string };

/** App connections, with their token sets sealed by the secret box on the way in and opened on the way out. */
export class MikroOrmConnectionStore implements ConnectionStore {
  constructor(private readonly em: EntityManager, private readonly box: SecretBox) {}

  private toDomain(r: ConnectionRow): AppConnection {
    const t = JSON.parse(this.box.open(r.tokensSealed)) as SealedTokens;
    const tokens: TokenSet = { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: new Date(t.expiresAt), ...(t.scope ? { scope: t.scope } : {}) };
    return {
      id: r.id as ConnectionId,
      practiceId: r.practiceId as PracticeId,
      provider: r.provider as AppId,
      externalId: r.externalId,
      label: r.label,
      status: r.status as ConnectionStatus,
      tokens,
      settings: r.settings,
      connectedAt: r.connectedAt,
      ...(r.lastSyncAt ? { lastSyncAt: r.lastSyncAt } : {}),
    };
  }

  private toRow(c: AppConnection): ConnectionRow {
    const sealed: SealedTokens = { ...c.tokens, expiresAt: c.tokens.expiresAt.toISOString() };
    return {
      id: c.id, practiceId: c.practiceId, provider: c.provider, externalId: c.externalId, label: c.label,
      status: c.status, tokensSealed: this.box.seal(JSON.stringify(sealed)), settings: { ...c.settings },
      connectedAt: c.connectedAt, lastSyncAt: c.lastSyncAt ?? null,
    };
  }

  async get(practiceId: PracticeId, id: ConnectionId): Promise<AppConnection | null> {
    const row = await this.em.findOne(ConnectionRow, { id, practiceId }, { refresh: true });
    return row ? this.toDomain(row) : null;
  }

  async list(practiceId: PracticeId, provider?: AppId): Promise<AppConnection[]> {
    const rows = await this.em.find(ConnectionRow, provider ? { practiceId, provider } : { practiceId }, { orderBy: { label: 'asc' }, refresh: true });
    return rows.map((r) => this.toDomain(r));
  }

  async findByExternalId(practiceId: PracticeId, provider: AppId, externalId: string): Promise<AppConnection | null> {
    const row = await this.em.findOne(ConnectionRow, { practiceId, provider, externalId }, { refresh: true });
    return row ? this.toDomain(row) : null;
  }

  async save(connection: AppConnection): Promise<void> {
    await this.em.upsert(ConnectionRow, this.toRow(connection));
  }

  async remove(practiceId: PracticeId, id: ConnectionId): Promise<void> {
    await this.em.nativeDelete(ConnectionRow, { id, practiceId });
  }
}
