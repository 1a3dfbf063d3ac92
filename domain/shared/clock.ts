/** Time enters the domain only as a value handed in by a Clock. */
export interface Clock {
  now(): Date;
}

/** New ids come from outside the domain too, so tests can make them predictable. */
export interface IdGenerator {
  next(): string;
}
