/** fast-check generators of retention catalogues, for the core's tests and the API's. */
import fc from 'fast-check';
import { FIELDS } from '../../fields';
import {
  ABSENT_SERVICE,
  ACTIONABLE_FIELDS,
  Catalogue,
  DEFAULT_CATALOGUE,
  Offer,
  parseCatalogue,
} from '../catalogue';

/** Any valid offer the catalogue's schema accepts: actionable fields only, any of their values. */
export const offerArb: fc.Arbitrary<unknown> = fc
  .record({
    set: fc.dictionary(
      fc.constantFrom(...ACTIONABLE_FIELDS),
      fc.constant(null).map(() => ''),
      { maxKeys: 3 },
    ),
    picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    discount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })),
    acceptance: fc.double({ min: 0.01, max: 1, noNaN: true }),
    oneOff: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 80 })),
    monthly: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 6, noNaN: true })),
  })
  .map(({ set, picks, discount, acceptance, oneOff, monthly }) => {
    const fields = Object.keys(set) as (typeof ACTIONABLE_FIELDS)[number][];
    const chosen = Object.fromEntries(
      fields.map((f, k) => {
        const values = FIELDS[f].values.filter((v) => !ABSENT_SERVICE.includes(v));
        return [f, values[picks[k] % values.length]];
      }),
    );
    return {
      id: 'generated',
      label: 'generated',
      set: chosen,
      discount_percent: fields.length === 0 && discount === 0 ? 10 : discount,
      cost: { one_off: oneOff, monthly },
      acceptance_rate: acceptance,
    };
  });

/** One to six generated offers (ids o0, o1, …) with the given economics. */
export const catalogueArb = (economics = DEFAULT_CATALOGUE.economics): fc.Arbitrary<Catalogue> =>
  fc
    .array(offerArb, { minLength: 1, maxLength: 6 })
    .map((offers) =>
      parseCatalogue(
        { economics, offers: offers.map((o, i) => ({ ...(o as Offer), id: `o${i}` })) },
        'generated',
      ),
    );
