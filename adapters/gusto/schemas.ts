import { z } from 'zod';

/**
 * Zod schemas for just the Gusto fields we read (Gusto's published OpenAPI). Unknown fields pass
 * through untouched and are dropped in mapping.ts, so a new Gusto field never breaks a sync.
 */
export const GustoTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Seconds; Gusto issues 7200. */
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
  scope: z.string().optional(),
  /** Unix seconds; Gusto's examples show it both as a number and as a string. We do not use it. */
  created_at: z.union([z.number(), z.string()]).optional(),
});
export type GustoTokenResponse = z.infer<typeof GustoTokenResponse>;

/** A system access token (grant_type=system_access): no refresh token; `created_at` comes as a number or a string. */
export const GustoSystemToken = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  created_at: z.union([z.number(), z.string()]).optional(),
});

export const GustoOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** Webhook-Subscription (OpenAPI): the verification token never appears in it. */
export const GustoWebhookSubscription = z.object({
  uuid: z.string().min(1),
  url: z.string(),
  status: z.enum(['pending', 'verified', 'removed', 'unreachable']),
  subscription_types: z.array(z.string()).default([]),
});
export type GustoWebhookSubscription = z.infer<typeof GustoWebhookSubscription>;

/**
 * Token-Info: `resource` is `{ type: "Company", uuid }` for a company token, another type for
 * other grants (`Oauth::Application` for a system token), and null when the token has none.
 */
export const GustoTokenInfo = z.object({
  scope: z.string().optional(),
  resource: z.object({ type: z.string().optional(), uuid: z.string().optional() }).nullable().optional(),
  resource_owner: z.object({ type: z.string().optional(), uuid: z.string().optional() }).nullable().optional(),
});
export type GustoTokenInfo = z.infer<typeof GustoTokenInfo>;

const nullableString = z.string().nullable().optional();

export const GustoCompany = z.object({
  uuid: z.string(),
  name: z.string(),
  trade_name: nullableString,
  entity_type: nullableString,
  company_status: nullableString,
});
export type GustoCompany = z.infer<typeof GustoCompany>;

/**
 * A location's fields, each read on its own (see readLocation): one odd value (a numeric zip, a
 * street that is not text) drops that field, never the location or the company.
 */
export const gustoLocationFields = {
  phone_number: nullableString,
  street_1: nullableString,
  street_2: nullableString,
  city: nullableString,
  state: nullableString,
  zip: nullableString,
  country: nullableString,
  mailing_address: z.boolean().nullable().optional(),
  filing_address: z.boolean().nullable().optional(),
  active: z.boolean().nullable().optional(),
};
export const GustoLocation = z.object({ uuid: z.string(), ...gustoLocationFields });
export type GustoLocation = z.infer<typeof GustoLocation>;

export const GustoTermination = z.object({
  active: z.boolean().nullable().optional(),
  /** The employee's last day of work. */
  effective_date: nullableString,
});

export const GustoEmployee = z.object({
  uuid: z.string(),
  first_name: nullableString,
  last_name: nullableString,
  onboarded: z.boolean().nullable().optional(),
  terminated: z.boolean().nullable().optional(),
  terminations: z.array(GustoTermination).nullable().optional(),
  jobs: z.array(z.object({ hire_date: nullableString })).nullable().optional(),
});
export type GustoEmployee = z.infer<typeof GustoEmployee>;

/** Contractors list with the same fields we need for counting. */
export const GustoContractor = z.object({
  uuid: z.string(),
  is_active: z.boolean().nullable().optional(),
  onboarded: z.boolean().nullable().optional(),
  onboarding_status: nullableString,
});
export type GustoContractor = z.infer<typeof GustoContractor>;
