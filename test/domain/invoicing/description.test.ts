import { describe, expect, it } from 'vitest';
import { plainDescription } from '../../../domain/invoicing/description.js';

describe('service descriptions as plain text for the ledger', () => {
  it('keeps paragraphs and bullets and drops the emphasis marks', () => {
    const markdown = 'Your **statutory** accounts, *filed on time*.\r\n\r\n- Year-end accounts\n* Corporation tax return\n\n\nPrices: 5 * 3 hours.';

    expect(plainDescription(markdown)).toEqual({
      text: 'Your statutory accounts, filed on time.\n\n- Year-end accounts\n- Corporation tax return\n\nPrices: 5 * 3 hours.', cut: false,
    });
  });

  it('cuts a long description at a word boundary with an ellipsis, and says it was cut', () => {
    const long = 'Monthly bookkeeping and reconciliation '.repeat(40);

    const { text, cut } = plainDescription(long, 100);

    expect(cut).toBe(true);
    expect(text).toBe(`${'Monthly bookkeeping and reconciliation '.repeat(2)}Monthly bookkeeping…`);
    expect(text.length).toBeLessThanOrEqual(100);
  });

  it('cuts a single endless word where it must, and leaves a short text whole', () => {
    expect(plainDescription('x'.repeat(30), 10)).toEqual({ text: `${'x'.repeat(9)}…`, cut: true });
    expect(plainDescription('Exactly ten', 11)).toEqual({ text: 'Exactly ten', cut: false });
    expect(plainDescription('')).toEqual({ text: '', cut: false });
  });
});
