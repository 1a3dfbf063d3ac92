import { z } from 'zod';
import { decimalToHundredths } from './money.js';

/**
 * Zod schemas for just the Sage Accounting v3.1 fields we read (Sage's own Swagger,
 * swagger.full.json and swagger.user_businesses.json). Responses nest related records
 * (`contact: { id, displayed_as, $path }`); requests name them by `*_id`. Unknown fields pass
 * through and are dropped when mapped, so a new Sage field never breaks a call.
 */

const text = z.string().nullable().optional();

/** A decimal as Sage sends it, string or number, read into exact hundredths (see money.ts). */
export const sageHundredths = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const hundredths = decimalToHundredths(value);
  if (hundredths === null) {
    ctx.addIssue({ code: 'custom', message: `not a decimal with at most two places: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return hundredths;
});

/** `{ id, displayed_as, $path }`: how a response names a related record. */
export const SageRef = z.object({ id: z.string().min(1), displayed_as: text });

/**
 * A list page. Sage's pages spell the page size both `$itemsPerPage` and `$items_per_page`, and the
 * published Swagger wrongly declares bare arrays: `sagePage` takes the envelope or an array.
 */
export const sagePage = <T extends z.ZodType>(item: T) => z.union([
  z.object({
    $items: z.array(item),
    $next: z.string().nullable().optional(),
    $total: z.number().optional(),
    $page: z.number().optional(),
    $itemsPerPage: z.number().optional(),
    $items_per_page: z.number().optional(),
  }),
  z.array(item).transform(($items) => ({ $items, $next: null })),
]);

export const SageTokenResponse = z.object({
  access_token: z.string().min(1),
  /** Seconds: 300 (five minutes). */
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1),
  /** Seconds: 2,678,400 (31 days). Not kept: a refresh inside that window rotates it anyway. */
  refresh_token_expires_in: z.coerce.number().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
  /** The Sage user who granted access. */
  requested_by_id: z.string().optional(),
});

/** Business (User Accounts Swagger): `country` is `{ id: "GB", displayed_as }`. */
export const SageBusinessRecord = z.object({
  id: z.string().min(1),
  name: text,
  displayed_as: text,
  country: SageRef.nullable().optional(),
});
export type SageBusinessRecord = z.infer<typeof SageBusinessRecord>;

/** LedgerAccount: `nominal_code` is an integer in the Swagger; a string is accepted too. */
export const SageLedgerAccountRecord = z.object({
  id: z.string().min(1),
  nominal_code: z.union([z.number().int(), z.string()]).nullable().optional(),
  name: text,
  display_name: text,
  displayed_as: text,
});
export type SageLedgerAccountRecord = z.infer<typeof SageLedgerAccountRecord>;

/** TaxRate: `percentage` is the current rate (20.0 for 20 %). */
export const SageTaxRateRecord = z.object({
  id: z.string().min(1),
  name: text,
  displayed_as: text,
  percentage: z.union([z.string(), z.number()]).nullable().optional(),
});
export type SageTaxRateRecord = z.infer<typeof SageTaxRateRecord>;

/**
 * Contact: its own `email`, and the main contact person's, which is where a new contact's email is
 * written (a list carries the person's email only with nested attributes). `tax_number` is the VAT
 * registration number, `registered_number` the Companies House number; `deleted_at` is set only on
 * what `deleted_since` answers.
 */
export const SageContactRecord = z.object({
  id: z.string().min(1),
  name: text,
  displayed_as: text,
  reference: text,
  email: text,
  main_contact_person: z.object({ email: text }).nullable().optional(),
  tax_number: text,
  registered_number: text,
  created_at: text,
  updated_at: text,
  deleted_at: text,
});
export type SageContactRecord = z.infer<typeof SageContactRecord>;

export const SageLink = z.object({ href: z.string(), rel: text, type: text });

/** SalesInvoice: `contact` nested, amounts decimal; `links` carries the page in Sage's web app. */
export const SageInvoiceRecord = z.object({
  id: z.string().min(1),
  displayed_as: text,
  invoice_number: text,
  reference: text,
  contact: SageRef,
  total_amount: sageHundredths,
  links: z.array(SageLink).nullable().optional(),
});
export type SageInvoiceRecord = z.infer<typeof SageInvoiceRecord>;

/** Sage's error body is an array of these (response_codes guide). */
export const SageErrorItem = z.object({
  $severity: text,
  $dataCode: text,
  $message: text,
  $source: text,
});
export type SageErrorItem = z.infer<typeof SageErrorItem>;
