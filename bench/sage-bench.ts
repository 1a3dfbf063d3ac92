/**
 * What the Sage benchmarks share: a bench database, the Sage sandbox with its per-business limit
 * raised (so the bot's own cost shows), a practice with one admin, and Sage signed in to as a person
 * does it in chat (the sign-in link, Approve, then the callback).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { MikroOrmUserStore } from '../adapters/db/user-store.js';
import { approveSageConsent } from '../adapters/sandbox/sage.js';
import { newPractice, type Practice } from '../domain/practice/practice.js';
import type { User } from '../domain/practice/user.js';
import { asId } from '../domain/shared/ids.js';
import type { AppUseCases } from '../src/apps/use-cases.js';
import { startSageApi, type SageApiHost } from '../src/compose-sandboxes.js';
import { openBenchDatabase } from './databases.js';

export type SageBench = {
  readonly kind: string;
  readonly orm: MikroORM;
  readonly host: SageApiHost;
  readonly sandbox: NonNullable<SageApiHost['sandbox']>;
  /** The sandbox's UK business. */
  readonly business: string;
  readonly practice: Practice;
  readonly user: User;
  close(): Promise<void>;
};

export async function openSageBench(database: string, practiceId: string, callsPerMinute: number): Promise<SageBench> {
  const db = await openBenchDatabase(database);
  const orm = await openOrm({ url: db.url, poolMax: 5 });
  const host = await startSageApi({});
  const close = async () => {
    await host.close();
    await orm.close(true);
    await db.drop();
  };
  try {
    await migrate(orm);
    const sandbox = host.sandbox!;
    sandbox.faults.callsPerMinute(callsPerMinute);
    const practice = newPractice(asId(practiceId), 'Bench practice', new Date());
    const user: User = { id: asId('bench-user'), practiceId: practice.id, displayName: 'Bench', role: 'admin', identities: [{ platform: 'shell', workspaceId: 'bench', userId: 'bench' }], createdAt: new Date() };
    await new MikroOrmPracticeStore(orm.em.fork()).create(practice, { platform: 'shell', workspaceId: 'bench' });
    await new MikroOrmUserStore(orm.em.fork()).add(user);
    return { kind: db.kind, orm, host, sandbox, business: sandbox.businesses().find((b) => b.currency === 'GBP')!.id, practice, user, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Signs in to Sage for the bench's practice; choosing the business is left to the caller (it starts the first sync). */
export async function signInToSage(b: SageBench, sage: AppUseCases, inScope: <T>(fn: () => Promise<T>) => Promise<T>): Promise<void> {
  const card = await inScope(() => sage.connect.connectCard(b.practice, b.user));
  const back = new URL((await approveSageConsent(card.buttons?.find((x) => x.url)?.url ?? '')).headers.get('location') ?? '');
  const connected = await inScope(() => sage.connect.handleCallback({ code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' }));
  if (!connected.ok) throw new Error(`Sage sign-in failed: ${connected.error.reason}`);
}
