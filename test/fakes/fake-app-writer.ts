import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { OutboxWriter } from '../../domain/outbox/ports.js';

/**
 * An app that, like a real one, makes a second record if asked to create twice: every create is
 * kept, so a test can count duplicates. It finds records by our reference (the idempotency key).
 */
export class FakeAppRecords {
  readonly created: { readonly reference: string; readonly id: string }[] = [];

  /** `failNext` lets a test make the app refuse a call now and then ('app-down', worth retrying). */
  writer(failNext: () => boolean = () => false): OutboxWriter {
    const down = () => Object.assign(new Error('fake app is down'), { kind: 'app-down' });
    return {
      lookup: async (e: OutboxEntry) => {
        if (failNext()) throw down();
        return this.created.find((r) => r.reference === e.idempotencyKey)?.id ?? null;
      },
      create: async (e: OutboxEntry) => {
        if (failNext()) throw down();
        const id = `APP-${this.created.length + 1}`;
        this.created.push({ reference: e.idempotencyKey, id });
        return id;
      },
    };
  }

  /** References the app holds more than one record for. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const r of this.created) seen.set(r.reference, (seen.get(r.reference) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([ref]) => ref);
  }
}
