import { describe, expect, it } from 'vitest';
import { addressElements, xpmWriteDate } from '../../../adapters/xpm/bodies.js';
import { toAddress, toBusinessStructure } from '../../../adapters/xpm/mapping.js';

describe('XPM mapping: addresses', () => {
  it('reads the multi-line street text as a first line and the rest, beside the city, region, postcode and country', () => {
    expect(toAddress({ lines: ' Unit 4 \r\n12 High Street\n\nHolbeck ', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS1 4AB', country: 'United Kingdom' }))
      .toEqual({ line1: 'Unit 4', line2: '12 High Street\nHolbeck', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS1 4AB', country: 'United Kingdom' });
  });

  it('has no address when XPM has none, and keeps a lone postcode rather than losing it', () => {
    expect(toAddress({ lines: '', city: ' ' })).toBeUndefined();
    expect(toAddress({ postcode: '02134' })).toEqual({ line1: '', city: '', postcode: '02134', country: '' });
  });

  it('writes our address as the same elements, street or postal, and reads back what it wrote', () => {
    const ours = { line1: 'PO Box 77', line2: 'Mill Lane', city: 'Leeds', postcode: 'LS2 9ZZ', country: 'United Kingdom' };

    const postal = addressElements('Postal', ours);

    expect(postal).toEqual({ PostalAddress: 'PO Box 77\nMill Lane', PostalCity: 'Leeds', PostalRegion: '', PostalPostCode: 'LS2 9ZZ', PostalCountry: 'United Kingdom' });
    expect(toAddress({ lines: postal.PostalAddress, city: postal.PostalCity, region: postal.PostalRegion, postcode: postal.PostalPostCode, country: postal.PostalCountry })).toEqual(ours);
  });

  it('empties every part of an address we removed', () => {
    expect(addressElements('', null)).toEqual({ Address: '', City: '', Region: '', PostCode: '', Country: '' });
  });
});

describe('XPM mapping: structures and dates', () => {
  it('maps the common structure names a practice configures, and any other as other', () => {
    expect(['Company', 'Sole Trader', 'Limited Liability Partnership', 'Trust', 'Individual', 'Ltd.', 'Family Office', '', undefined].map(toBusinessStructure))
      .toEqual(['limited-company', 'sole-trader', 'llp', 'trust', 'individual', 'limited-company', 'other', undefined, undefined]);
  });

  it('writes a day as yyyyMMdd and refuses anything else', () => {
    expect(xpmWriteDate('2026-12-01')).toBe('20261201');
    expect(() => xpmWriteDate('2026-12-1')).toThrow(RangeError);
  });
});
