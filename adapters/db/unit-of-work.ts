import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

/**
 * A UnitOfWork on one PostgreSQL transaction: `storesOn` builds the stores over the transaction's own
 * entity manager, so every write they make commits or rolls back together.
 */
export const mikroOrmUnitOfWork = <S>(em: EntityManager, storesOn: (tx: EntityManager) => S): UnitOfWork<S> => ({
  run: (work) => em.transactional((tx) => work(storesOn(tx))),
});
