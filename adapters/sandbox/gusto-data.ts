/** The Gusto simulator's records, shaped like Gusto's own payloads so the real client reads them unchanged. */
export type SimTermination = { uuid: string; version: string; active: boolean; effective_date: string; cancelable: boolean; run_termination_payroll: boolean };

export type SimEmployee = {
  uuid: string; first_name: string; last_name: string; email: string; company_uuid: string; version: string;
  department: string | null; terminated: boolean; onboarded: boolean; onboarding_status: string;
  current_employment_status: string | null;
  jobs: { uuid: string; hire_date: string; title: string; primary: boolean }[];
  terminations: SimTermination[];
};

export type SimContractor = {
  uuid: string; company_uuid: string; version: string; type: 'Individual' | 'Business'; wage_type: 'Fixed' | 'Hourly';
  first_name: string | null; last_name: string | null; business_name: string | null;
  is_active: boolean; onboarded: boolean; onboarding_status: string;
};

export type SimLocation = {
  uuid: string; version: string; company_uuid: string; phone_number: string; street_1: string; street_2: string | null;
  city: string; state: string; zip: string; country: string; mailing_address: boolean; filing_address: boolean;
  active: boolean; created_at: string; updated_at: string;
};

export type SimCompany = {
  uuid: string; name: string; trade_name: string | null; entity_type: string; ein: string; slug: string;
  company_status: 'Approved'; tier: string; is_suspended: boolean; contractor_only: boolean;
  locations: SimLocation[]; employees: SimEmployee[]; contractors: SimContractor[];
};

/** The company resource as GET /v1/companies/{id} returns it (locations without phone, as Gusto does). */
export const companyPayload = (c: SimCompany) => ({
  uuid: c.uuid, name: c.name, trade_name: c.trade_name, entity_type: c.entity_type, ein: c.ein, slug: c.slug,
  company_status: c.company_status, tier: c.tier, is_suspended: c.is_suspended, contractor_only: c.contractor_only,
  locations: c.locations.map(({ street_1, street_2, city, state, zip, country, active }) => ({ street_1, street_2, city, state, zip, country, active })),
});
