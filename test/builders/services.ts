import type { Service, ServiceId } from '../../domain/proposals/service.js';
import { asId } from '../../domain/shared/ids.js';
import { line } from './proposals.js';

/** Practice pr1's library service "Company formation": £150 fixed, upfront, VAT 20%, unless told otherwise. */
export const libraryService = (over: Partial<Service> = {}): Service => {
  const { id: _line, section: _section, quantity: _quantity, ...offering } = line({ name: 'Company formation', description: 'Registering the company.', price: { kind: 'fixed', amount: 15000 } });
  return {
    ...offering, id: 'svc-1' as ServiceId, practiceId: asId('pr1'), currency: 'GBP', archived: false,
    createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z'), ...over,
  };
};
