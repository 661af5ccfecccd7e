import { FIELD_NAMES } from '../../fields';
import { generateCustomers } from '../../synthetic';
import { binIndex, binLabels, createBinner, quantileEdges } from '../binning';
import { buildReferenceProfile, parseReferenceProfile } from '../profile';

describe('quantile bins', () => {
  it('cuts at the deciles of the values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    expect(quantileEdges(values, 10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('gives a ties-heavy column fewer bins, none of them empty', () => {
    const edges = quantileEdges([0, 0, 0, 0, 0, 0, 1, 1, 5, 9], 10);
    expect(edges).toEqual([1, 5, 9]);
  });

  it('closes each bin on the left', () => {
    expect(binIndex([10, 20], 9.99)).toBe(0);
    expect(binIndex([10, 20], 10)).toBe(1);
    expect(binIndex([10, 20], 25)).toBe(2);
  });

  it('labels the bins with open infinite ends', () => {
    expect(binLabels([1.5, 20])).toEqual(['(-inf,1.5)', '[1.5,20)', '[20,inf)']);
  });
});

describe('createBinner', () => {
  const customers = generateCustomers(500, 7).map((r) => r.customer);
  const profile = buildReferenceProfile({
    customers,
    scores: customers.map((_, i) => (i % 100) / 100),
    threshold: 0.5,
    modelVersion: 'test',
  });

  it('keeps categories and replaces every number by its reference bin', () => {
    const binned = createBinner(profile)(customers[0]);
    expect(Object.keys(binned)).toEqual(FIELD_NAMES);
    expect(binned.contract).toBe(customers[0].contract);
    for (const name of ['tenure', 'monthlyCharges', 'totalCharges'] as const) {
      const ref = profile.fields[name];
      expect(ref.bins).toContain(binned[name]);
      expect(binned[name]).not.toBe(String(customers[0][name]));
    }
  });

  it('bins numbers over the field range when the artifact has no profile', () => {
    const binned = createBinner()({ ...customers[0], monthlyCharges: 29.85 });
    expect(binned.monthlyCharges).toBe('[20,40)');
  });
});

describe('reference profile', () => {
  const customers = generateCustomers(300, 3).map((r) => r.customer);
  const profile = buildReferenceProfile({
    customers,
    scores: customers.map((c) => (c.contract === 'Month-to-month' ? 0.6 : 0.1)),
    threshold: 0.5,
    modelVersion: 'v1',
    createdAt: '2026-12-06T00:00:00.000Z',
  });

  it('counts every training row once in each field', () => {
    for (const name of FIELD_NAMES) {
      expect(profile.fields[name].counts.reduce((a, b) => a + b, 0)).toBe(300);
      expect(profile.fields[name].proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('records the share of training rows at or above the threshold', () => {
    const monthly = customers.filter((c) => c.contract === 'Month-to-month').length;
    expect(profile.score.positive_rate).toBeCloseTo(monthly / 300, 12);
  });

  it('reads back what it wrote, through JSON', () => {
    expect(parseReferenceProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });

  it('refuses a profile whose numeric bins and edges disagree, naming the field', () => {
    const broken = JSON.parse(JSON.stringify(profile));
    broken.fields.tenure.edges.pop();
    expect(() => parseReferenceProfile(broken, 'x.json')).toThrow(/x\.json: fields\.tenure\.edges/);
  });

  it('refuses a profile missing a field', () => {
    const broken = JSON.parse(JSON.stringify(profile));
    delete broken.fields.contract;
    expect(() => parseReferenceProfile(broken)).toThrow(/fields\.contract is missing/);
  });
});
