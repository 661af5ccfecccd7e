import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';

/** A ready-to-upload example: synthetic customers in the Telco file's layout (no real data). */
export function GET(request: Request) {
  const rows = Math.min(Math.max(Number(new URL(request.url).searchParams.get('rows')) || 200, 1), 10000);
  return new Response(toTelcoCsv(generateCustomers(rows, 20261124)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sample-customers-${rows}.csv"`,
    },
  });
}
