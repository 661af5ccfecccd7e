import defaults from '../retention.json';
import {
  DEFAULT_CATALOGUE,
  PROTECTED_FIELDS,
  RetentionConfigError,
  parseCatalogue,
  withOverrides,
} from '../catalogue';

const offer = DEFAULT_CATALOGUE.offers[0];

function errorsOf(input: unknown): string[] {
  try {
    parseCatalogue(input, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(RetentionConfigError);
    return (error as RetentionConfigError).errors.map((e) => e.message);
  }
  throw new Error('expected the catalogue to be refused');
}

describe('the retention catalogue', () => {
  it('ships between 6 and 10 offers that pass its own validation', () => {
    expect(DEFAULT_CATALOGUE.offers.length).toBeGreaterThanOrEqual(6);
    expect(DEFAULT_CATALOGUE.offers.length).toBeLessThanOrEqual(10);
    expect(DEFAULT_CATALOGUE.economics).toEqual(defaults.economics);
  });

  it('names the offer and key of a negative monthly cost', () => {
    const offers = [...defaults.offers];
    offers[3] = { ...offers[3], cost: { one_off: 0, monthly: -2 } };
    expect(errorsOf({ ...defaults, offers })).toEqual(['offers[3].cost.monthly must be ≥ 0']);
  });

  it('names every bad economics key at once', () => {
    expect(errorsOf({ ...defaults, economics: { margin_rate: 1.5, horizon_months: 1.5 } })).toEqual([
      'economics.margin_rate must be ≤ 1',
      'economics.horizon_months must be a whole number',
      'economics.contact_cost is required',
    ]);
  });

  it.each(PROTECTED_FIELDS)('refuses an offer that sets the protected field %s', (field) => {
    const offers = [{ ...offer, set: { [field]: 'Yes' } }];
    expect(errorsOf({ ...defaults, offers })).toEqual([
      expect.stringMatching(new RegExp(`^offers\\[0\\]\\.set\\.${field} is not a field an offer may change`)),
    ]);
  });

  it('refuses a value the field does not take, and "No internet service" as a target', () => {
    const offers = [
      { ...offer, set: { contract: 'Three year' } },
      { ...offer, id: 'b', set: { techSupport: 'No internet service' } },
    ];
    expect(errorsOf({ ...defaults, offers })).toEqual([
      'offers[0].set.contract must be one of Month-to-month, One year, Two year',
      'offers[1].set.techSupport must be one of Yes, No',
    ]);
  });

  it('refuses an offer that changes nothing, a repeated id and an acceptance rate over 1', () => {
    const offers = [
      { id: 'noop', label: 'Nothing', cost: {}, acceptance_rate: 0.5 },
      { ...offer, acceptance_rate: 1.2 },
      { ...offer },
    ];
    expect(errorsOf({ ...defaults, offers })).toEqual([
      'offers[0] changes nothing: give set or discount_percent',
      'offers[1].acceptance_rate must be ≤ 1',
      'offers[2] repeats the offer id of an earlier offer',
    ]);
  });

  it('merges request economics over the defaults key by key and replaces the offers whole', () => {
    const result = withOverrides(DEFAULT_CATALOGUE, {
      economics: { horizon_months: 24 },
      offers: [{ id: 'x', label: 'X', discount_percent: 5, cost: {}, acceptance_rate: 0.2 }],
    });
    expect(result.ok && result.value.economics).toEqual({
      ...DEFAULT_CATALOGUE.economics,
      horizon_months: 24,
    });
    expect(result.ok && result.value.offers.map((o) => o.id)).toEqual(['x']);
  });

  it('takes back the offers it answers, unchanged (the UI edits and returns them)', () => {
    const result = withOverrides(DEFAULT_CATALOGUE, JSON.parse(JSON.stringify(DEFAULT_CATALOGUE)));
    expect(result).toEqual({ ok: true, value: DEFAULT_CATALOGUE });
  });

  it('names the request entry at fault in an override', () => {
    const result = withOverrides(DEFAULT_CATALOGUE, { economics: { contact_cost: '5' }, offers: [] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: 'economics.contact_cost', message: 'economics.contact_cost must be a number' },
      { field: 'offers', message: 'offers must contain at least 1 items' },
    ]);
  });
});

describe('__proto__ keys', () => {
  it('names a __proto__ key in overridden economics or offers instead of dropping it', () => {
    const economics = JSON.parse('{"margin_rate": 0.4, "__proto__": {"polluted": true}}');
    const offers = JSON.parse(JSON.stringify(DEFAULT_CATALOGUE.offers));
    offers[1].set = JSON.parse('{"contract": "One year", "__proto__": {"x": 1}}');
    const result = withOverrides(DEFAULT_CATALOGUE, { economics, offers });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'economics.__proto__', message: 'economics.__proto__ is not a known key' },
        { field: 'offers.1.set.__proto__', message: 'offers[1].set.__proto__ is not a known key' },
      ],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a whole catalogue file that carries a __proto__ key, naming it', () => {
    const file = JSON.parse(JSON.stringify(defaults));
    file.economics = JSON.parse(`{"__proto__": {}, ${JSON.stringify(defaults.economics).slice(1)}`);
    expect(() => parseCatalogue(file, 'mine.json')).toThrow(/economics\.__proto__ is not a known key/);
  });
});
