import type { Metadata } from 'next';
import Link from 'next/link';
import { BatchClient } from '../../../components/batch-client';
import { CampaignClient } from '../../../components/campaign-client';
import { callApi } from '../../../lib/api-client';
import { RISK_LEVELS, type ModelInfo } from '@telco-churn/core/contracts';
import type { Assumptions } from '../../../lib/retention';

export const metadata: Metadata = { title: 'Batch' };

export default async function BatchPage({ searchParams }: { searchParams: Promise<{ mode?: string }> }) {
  const campaign = (await searchParams).mode === 'campaign';
  const [model, assumptions] = await Promise.all([
    campaign
      ? undefined
      : callApi<ModelInfo>('GET', '/model', undefined, { timeoutMs: 3000 }).catch(() => undefined),
    campaign
      ? callApi<Assumptions>('GET', '/retention/assumptions', undefined, { timeoutMs: 3000 }).catch(
          () => undefined,
        )
      : undefined,
  ]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{campaign ? 'Plan a retention campaign' : 'Score a customer list'}</h1>
          <p>
            {campaign
              ? 'Whom to contact, with which offer, within this month’s budget, and a holdout to measure it.'
              : 'Upload a CSV, see who is most at risk first, and download the list with scores for your campaign tools.'}
          </p>
        </div>
      </div>
      <nav className="actions-row" aria-label="Batch mode" style={{ marginBottom: '1rem' }}>
        <Link
          href="/batch"
          className={`btn small ${campaign ? 'secondary' : ''}`}
          aria-current={campaign ? undefined : 'page'}
        >
          Score a list
        </Link>
        <Link
          href="/batch?mode=campaign"
          className={`btn small ${campaign ? '' : 'secondary'}`}
          aria-current={campaign ? 'page' : undefined}
        >
          Plan a campaign
        </Link>
      </nav>
      {campaign ? (
        <CampaignClient assumptions={assumptions} />
      ) : (
        <BatchClient bands={model?.risk_levels ?? RISK_LEVELS} />
      )}
    </>
  );
}
