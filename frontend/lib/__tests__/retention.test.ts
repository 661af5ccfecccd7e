import { DEFAULT_CATALOGUE, withOverrides } from '@telco-churn/core/retention/catalogue';
import { DEFAULT_CUSTOMER, PRESETS, toFormValues } from '../form-state';
import { applyChanges, splitAssumptionErrors, toDraft, toOverrides, type Assumptions } from '../retention';

const defaults: Assumptions = DEFAULT_CATALOGUE;

describe('assumption overrides', () => {
  it('sends neither economics nor offers when the analyst changed nothing', () => {
    expect(toOverrides(defaults, toDraft(defaults)).overrides).toEqual({});
  });

  it('sends only the economics keys that were edited, as numbers', () => {
    const draft = toDraft(defaults);
    draft.economics.margin_rate = '0.35';
    expect(toOverrides(defaults, draft).overrides).toEqual({ economics: { margin_rate: 0.35 } });
  });

  it('builds overrides the core accepts, with the edited offer and without the unticked one', () => {
    const draft = toDraft(defaults);
    draft.offers[0].enabled = false;
    draft.offers[2].acceptance_rate = '0.5';
    const { overrides, offerIds } = toOverrides(defaults, draft);
    const resolved = withOverrides(DEFAULT_CATALOGUE, overrides);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    expect(resolved.value.offers.map((o) => o.id)).toEqual(defaults.offers.slice(1).map((o) => o.id));
    expect(resolved.value.offers[1].acceptance_rate).toBe(0.5);
    expect(offerIds).toEqual(defaults.offers.slice(1).map((o) => o.id));
  });

  it('puts the core’s message for a bad value next to the input it is about', () => {
    const draft = toDraft(defaults);
    draft.offers[0].enabled = false;
    draft.offers[3].monthly = '-2';
    draft.economics.horizon_months = 'twelve';
    const { overrides, offerIds } = toOverrides(defaults, draft);
    const resolved = withOverrides(DEFAULT_CATALOGUE, overrides);
    expect(resolved.ok).toBe(false);
    const errors = resolved.ok ? [] : resolved.errors;
    const { assumptions, other } = splitAssumptionErrors(errors, offerIds);
    expect(other).toEqual([]);
    expect(assumptions[`${defaults.offers[3].id}.monthly`]).toBe('offers[2].cost.monthly must be ≥ 0');
    expect(assumptions['economics.horizon_months']).toBe('economics.horizon_months must be a number');
  });

  it('leaves errors that are not about an assumption for the caller', () => {
    const customerError = { field: 'customer.tenure', message: 'tenure must be a whole number' };
    expect(splitAssumptionErrors([customerError], []).other).toEqual([customerError]);
  });
});

describe('applying an offer to the form', () => {
  it('sets the offer’s fields and the discounted bill, leaving the rest', () => {
    const values = toFormValues(DEFAULT_CUSTOMER);
    const next = applyChanges(values, { contract: 'One year', monthlyCharges: 63.32 });
    expect(next).toEqual({ ...values, contract: 'One year', monthlyCharges: '63.32' });
  });

  it('ignores a change to a field the form does not have', () => {
    const values = toFormValues(PRESETS[1].customer);
    expect(applyChanges(values, { notAField: 'x' })).toEqual(values);
  });
});
