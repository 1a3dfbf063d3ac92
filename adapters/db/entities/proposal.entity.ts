import { defineEntity, type InferEntity } from '@mikro-orm/core';

/** Content, history and acceptance are JSON documents: they are read whole and never queried inside. */
export const ProposalRow = defineEntity({
  name: 'ProposalRow',
  tableName: 'proposal',
  uniques: [{ properties: ['practiceId', 'number'] }],
  indexes: [{ properties: ['practiceId', 'status', 'updatedAt'] }, { properties: ['status', 'expiresAt'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    number: p.integer(),
    status: p.text(),
    clientId: p.text(),
    clientName: p.text(),
    currency: p.text(),
    createdBy: p.text(),
    version: p.integer(),
    content: p.json<Record<string, unknown>>(),
    history: p.json<unknown[]>(),
    sentAt: p.datetime().columnType('timestamptz').nullable(),
    sentBy: p.text().nullable(),
    sentTo: p.text().nullable(),
    expiresAt: p.datetime().columnType('timestamptz').nullable(),
    reminders: p.integer().default(0),
    lastReminderAt: p.datetime().columnType('timestamptz').nullable(),
    viewedAt: p.datetime().columnType('timestamptz').nullable(),
    /** When the proposal left sent/viewed: accepted, declined, expired or revoked. */
    closedAt: p.datetime().columnType('timestamptz').nullable(),
    closedBy: p.text().nullable(),
    declineReason: p.text().nullable(),
    acceptance: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ProposalRow = InferEntity<typeof ProposalRow>;

/** One row per link issued; the token itself is never stored, only its SHA-256. */
export const ProposalLinkRow = defineEntity({
  name: 'ProposalLinkRow',
  tableName: 'proposal_link',
  indexes: [{ properties: ['practiceId', 'proposalId'] }],
  properties: (p) => ({
    hash: p.text().primary(),
    practiceId: p.text(),
    proposalId: p.text(),
  }),
});
export type ProposalLinkRow = InferEntity<typeof ProposalLinkRow>;

export const ServiceRow = defineEntity({
  name: 'ServiceRow',
  tableName: 'service',
  indexes: [{ properties: ['practiceId', 'archived'] }],
  properties: (p) => ({
    id: p.text().primary(),
    practiceId: p.text(),
    name: p.text(),
    description: p.text(),
    currency: p.text(),
    price: p.json<Record<string, unknown>>(),
    billing: p.json<Record<string, unknown>>(),
    taxRate: p.json<Record<string, unknown>>(),
    taxMode: p.text(),
    included: p.boolean(),
    ledgerAccount: p.text().nullable(),
    xpmJobTemplate: p.text().nullable(),
    archived: p.boolean(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
  }),
});
export type ServiceRow = InferEntity<typeof ServiceRow>;

export const ProposalTemplateRow = defineEntity({
  name: 'ProposalTemplateRow',
  tableName: 'proposal_template',
  properties: (p) => ({
    practiceId: p.text().primary(),
    key: p.text().primary(),
    id: p.text(),
    name: p.text(),
    perEmployee: p.boolean(),
    content: p.json<Record<string, unknown>>(),
  }),
});
export type ProposalTemplateRow = InferEntity<typeof ProposalTemplateRow>;
