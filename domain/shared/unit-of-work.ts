/**
 * Runs work against stores bound to one database transaction: everything it writes commits together,
 * or nothing does when it throws. `S` is the set of stores the work needs.
 */
export interface UnitOfWork<S> {
  run<T>(work: (stores: S) => Promise<T>): Promise<T>;
}
