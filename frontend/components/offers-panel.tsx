import { formatMoney, formatPercent, type OfferResult, type RetentionAnswer } from '../lib/retention';

export type OffersStatus =
  { state: 'busy' } | { state: 'done'; answer: RetentionAnswer } | { state: 'error'; message: string };

const SHOWN = 8;

const describeChanges = (changes: OfferResult['changes']): string =>
  Object.entries(changes)
    .map(([field, value]) => `${field} → ${value}`)
    .join(', ');

/**
 * Value at risk and the offers ranked by expected net value, each with the model's probability
 * for the customer as the offer would leave them. "Apply" puts the offer's changes into the
 * form and scores it again, so the analyst can keep exploring from there.
 */
export function OffersPanel({
  status,
  onApply,
}: {
  status: OffersStatus;
  onApply: (offer: OfferResult) => void;
}) {
  if (status.state === 'busy')
    return (
      <p className="alert info small" role="status">
        Working out the offers…
      </p>
    );
  if (status.state === 'error')
    return (
      <p className="alert error small" role="alert" data-testid="offers-error">
        {status.message}
      </p>
    );
  const { answer } = status;
  return (
    <section className="panel stack" aria-labelledby="offers-title" data-testid="offers">
      <h2 id="offers-title">What to offer</h2>
      <div className="stat-grid">
        <div className="stat">
          <div className="v" data-testid="value-at-risk" data-value={answer.value_at_risk}>
            {formatMoney(answer.value_at_risk)}
          </div>
          <div className="k">
            value at risk over {answer.customer_value.horizon_months} months (margin{' '}
            {formatMoney(answer.customer_value.monthly_margin)}/month × churn probability)
          </div>
        </div>
      </div>
      {answer.offers.length === 0 ? (
        <p className="muted">No offer in the catalogue applies to this customer.</p>
      ) : (
        <div className="table-wrap">
          <table className="small" data-testid="offers-table">
            <thead>
              <tr>
                <th scope="col">Offer</th>
                <th scope="col" className="num">
                  Churn after
                </th>
                <th scope="col" className="num">
                  Cost if accepted
                </th>
                <th scope="col" className="num">
                  Expected net value
                </th>
                <th scope="col">
                  <span className="visually-hidden">Apply</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {answer.offers.slice(0, SHOWN).map((offer) => (
                <tr key={offer.id} data-offer={offer.id}>
                  <td>
                    {offer.id === answer.best_offer && <span className="badge risk-low">best</span>}{' '}
                    {offer.label}
                    <div className="muted">{describeChanges(offer.changes)}</div>
                  </td>
                  <td className="num" data-probability-after={offer.churn_probability_after}>
                    {formatPercent(offer.churn_probability_after)}
                  </td>
                  <td className="num">{formatMoney(offer.cost)}</td>
                  <td className={`num ${offer.expected_net_value > 0 ? 'down' : 'up'}`}>
                    {formatMoney(offer.expected_net_value)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn secondary small"
                      aria-label={`Apply ${offer.label} to the form`}
                      onClick={() => onApply(offer)}
                    >
                      Apply
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer.best_offer === null && answer.offers.length > 0 && (
        <p className="small">No offer is worth its cost for this customer: contacting them does not pay.</p>
      )}
      {answer.offers.length > SHOWN && (
        <p className="muted small">{answer.offers.length - SHOWN} more offers and pairs with lower value.</p>
      )}
      <p className="muted small">
        Model-based estimates, not causal effects: &ldquo;churn after&rdquo; is the model&apos;s probability
        for the customer with the offer&apos;s changes; expected net value weighs it by the assumed acceptance
        rate and subtracts the expected cost. Only a holdout group measures what an offer really does.
      </p>
    </section>
  );
}
