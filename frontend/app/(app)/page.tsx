import type { Metadata } from 'next';
import { PredictForm } from '../../components/predict-form';
import { callApi } from '../../lib/api-client';
import type { ModelInfo } from '@telco-churn/core/contracts';
import type { Assumptions } from '../../lib/retention';

export const metadata: Metadata = { title: 'Predict' };

export default async function PredictPage() {
  // The risk bands come from the API; the form still works when it is down.
  const [model, assumptions] = await Promise.all([
    callApi<ModelInfo>('GET', '/model', undefined, { timeoutMs: 3000 }).catch(() => undefined),
    callApi<Assumptions>('GET', '/retention/assumptions', undefined, { timeoutMs: 3000 }).catch(
      () => undefined,
    ),
  ]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Predict churn for one customer</h1>
          <p>
            Enter what the customer has with us; dependent services follow the phone and internet choices.
          </p>
        </div>
      </div>
      <PredictForm bands={model?.risk_levels} assumptions={assumptions} />
    </>
  );
}
