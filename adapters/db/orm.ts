import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrationsList } from './migrations.js';

export type OrmOptions = {
  readonly url: string;
  /** Pool size. */
  readonly poolMax?: number;
  readonly debug?: boolean;
  /** Where MikroORM's own messages go (migrations applied); silent by default. */
  readonly log?: (message: string) => void;
  /** The query builder's warnings (a pooled connection that dropped); knex prints them to the console otherwise. */
  readonly warn?: (message: string) => void;
};

/** Opens MikroORM on PostgreSQL with every entity and the committed migrations. */
export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.url,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // While the server is unreachable a command fails in seconds (an error card), not after knex's 60 s.
    driverOptions: {
      acquireConnectionTimeout: 5_000,
      log: { warn: (m: unknown) => options.warn?.(String(m)), error: (m: unknown) => options.warn?.(String(m)), deprecate: () => {}, debug: () => {} },
    },
    debug: options.debug ?? false,
    logger: (message) => options.log?.(message),
    // Each unit of work runs in its own context (inScope); a global identity map would leak between users.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
  });
}

/** Applies every migration not yet applied. Safe to run on every start and from several processes. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
