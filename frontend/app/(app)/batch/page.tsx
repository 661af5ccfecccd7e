import type { Metadata } from 'next';
import { BatchClient } from '../../../components/batch-client';
import { callApi } from '../../../lib/api-client';
import type { ModelInfo } from '@telco-churn/core/contracts';

export const metadata: Metadata = { title: 'Batch' };

export default async function BatchPage() {
  const model = await callApi<ModelInfo>('GET', '/model', undefined, { timeoutMs: 3000 }).catch(
    () => undefined,
  );
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Score a customer list</h1>
          <p>
            Upload a CSV, see who is most at risk first, and download the list with scores for your campaign
            tools.
          </p>
        </div>
      </div>
      <BatchClient bands={model?.risk_levels ?? { medium: 0.3, high: 0.6 }} />
    </>
  );
}
