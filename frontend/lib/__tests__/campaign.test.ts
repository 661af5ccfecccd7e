import { parseCsv } from '@telco-churn/core/csv';
import { CAMPAIGN_COLUMNS, campaignCsv, cumulativeCurve, thinCurve, type CampaignRow } from '../campaign';

const row = (line: number, net: number, cost: number, offer: string | null = 'autopay'): CampaignRow => ({
  line,
  customerId: `C-${line}`,
  probability: 0.5,
  valueAtRisk: 100,
  bestOffer: offer,
  expectedNetValue: net,
  cost,
  selected: net > 0,
  group: net > 0 ? 'treatment' : 'none',
  predictionId: `01KBT3M6Z8QF7J6W2ZB9X4C${line.toString().padStart(3, '0')}`,
});

describe('the cumulative value curve', () => {
  it('adds customers most value for the money first and peaks where adding them stops paying', () => {
    const { points, peak } = cumulativeCurve([row(2, 30, 10), row(3, 5, 20), row(4, -4, 15), row(5, -9, 60)]);
    expect(points.map((p) => [p.cost, p.value])).toEqual([
      [0, 0],
      [10, 30],
      [30, 35],
      [90, 26],
      [105, 22],
    ]);
    expect(peak).toEqual({ count: 2, cost: 30, value: 35 });
  });

  it('leaves out customers without an offer worth making', () => {
    const { points } = cumulativeCurve([row(2, 12, 10), row(3, 0, 0, null)]);
    expect(points).toHaveLength(2);
  });

  it('thins a long curve but keeps its ends and its peak', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i + 2, 2500 - i, 5));
    const { points, peak } = cumulativeCurve(rows);
    const thin = thinCurve(points, peak, 100);
    expect(thin.length).toBeLessThanOrEqual(101);
    expect(thin[0]).toBe(points[0]);
    expect(thin[thin.length - 1]).toBe(points[points.length - 1]);
    expect(thin).toContain(peak);
  });
});

describe('the campaign CSV', () => {
  it('has one record per customer with the columns the contact tools read', () => {
    const rows = [row(2, 30, 10), { ...row(3, -1, 0, null), customerId: 'C, "quoted"' }];
    const records = parseCsv(campaignCsv(rows));
    expect(records[0].fields).toEqual(CAMPAIGN_COLUMNS);
    expect(records[1].fields).toEqual(['C-2', '2', '0.5', '100', 'autopay', '30', '10', 'Yes', 'treatment', '01KBT3M6Z8QF7J6W2ZB9X4C002']);
    expect(records[2].fields).toEqual(['C, "quoted"', '3', '0.5', '100', '', '-1', '0', 'No', 'none', '01KBT3M6Z8QF7J6W2ZB9X4C003']);
  });
});
