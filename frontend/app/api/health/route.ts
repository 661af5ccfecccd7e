// The ALB's health check: no session, no call to the API, so a slow model never cycles the task.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', service: 'churn-ui' }, { headers: { 'cache-control': 'no-store' } });
}
