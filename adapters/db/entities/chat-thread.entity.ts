import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** The first message of a thread in one conversation; later posts with the same key reply under it. */
export const ChatThreadRow = defineEntity({
  name: 'ChatThreadRow',
  tableName: 'chat_thread',
  properties: (p) => ({
    practiceId: p.text().primary(),
    platform: p.text().primary(),
    place: p.text().primary(),
    threadKey: p.text().primary(),
    rootRef: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ChatThreadRow = InferEntity<typeof ChatThreadRow>;

/** The conversation a thread belongs to: the channel a proposal was sent from. */
export const ChatThreadHomeRow = defineEntity({
  name: 'ChatThreadHomeRow',
  tableName: 'chat_thread_home',
  properties: (p) => ({
    practiceId: p.text().primary(),
    threadKey: p.text().primary(),
    platform: p.text(),
    target: p.json<Record<string, string>>(),
    createdAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ChatThreadHomeRow = InferEntity<typeof ChatThreadHomeRow>;
