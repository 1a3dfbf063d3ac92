import { describe, expect, it } from 'vitest';
import { jobKey, jobMarker } from '../../../domain/jobs/job.js';
import { chargeKey } from '../../../domain/invoicing/ports.js';

describe('job markers', () => {
  it('name the proposal, the line and the period, the same on every call', () => {
    expect(jobMarker(42, 'ab12cd34ef56', '2026-04-01')).toBe('P-42-ab12cd34ef56-20260401');
    expect(jobMarker(42, 'ab12cd34ef56', 'once')).toBe('P-42-ab12cd34ef56-once');
    expect(jobMarker(42, 'ab12cd34ef56', '2026-04-01')).toBe(jobMarker(42, 'ab12cd34ef56', '2026-04-01'));
  });

  it('differ for every (proposal, line, period), even when line ids contain dashes', () => {
    const slots: [number, string, string][] = [
      [1, 'l1', 'once'], [1, 'l1', '2026-04-01'], [1, 'l1', '2026-05-01'], [1, 'l2', 'once'], [12, 'l1', 'once'],
      [1, '2-l1', 'once'], [1, 'l1-1', 'once'], [1, 'l1-2', 'once'], [11, 'l1', 'once'], [1, '1-l1', 'once'],
    ];

    const markers = slots.map(([n, l, p]) => jobMarker(n, l, p));

    expect(new Set(markers).size).toBe(slots.length);
  });

  it('refuse a proposal number or line id that could not tell jobs apart', () => {
    expect(() => jobMarker(0, 'l1', 'once')).toThrow(RangeError);
    expect(() => jobMarker(1.5, 'l1', 'once')).toThrow(RangeError);
    expect(() => jobMarker(1, '', 'once')).toThrow(RangeError);
  });
});

describe('job keys', () => {
  it('are the charge keys of the same (schedule, period), so a job slot and a charge slot read alike', () => {
    expect(jobKey('p1:l1', '2026-04-01')).toBe(chargeKey('p1:l1', '2026-04-01'));
    expect(jobKey('p1:l1', 'once')).not.toBe(jobKey('p1:l1', '2026-04-01'));
  });
});
