import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

/** In memory there is nothing to commit: the work runs against the stores as they are. */
export const inMemoryUnitOfWork = <S>(stores: S): UnitOfWork<S> => ({ run: (work) => work(stores) });
