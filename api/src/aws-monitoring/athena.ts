import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';

/** A query that failed, was cancelled or ran out of time; keeps Athena's reason and the query id. */
export class AthenaQueryError extends Error {
  constructor(
    message: string,
    readonly queryExecutionId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AthenaQueryError';
  }
}

export interface AthenaQueryOptions {
  client: AthenaClient;
  workgroup: string;
  database: string;
  /** First wait between status checks; doubles up to 5 s. Default 500 ms. */
  pollMs?: number;
  /** The query is stopped and reported after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Rows per GetQueryResults page, at most 1,000. Default 1,000. */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a query in the workgroup (its enforced settings say where results go) and waits for it. */
export async function runQuery(options: AthenaQueryOptions, sql: string): Promise<string> {
  const { client } = options;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: options.workgroup,
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: options.database },
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('Athena started a query without an id');
  const deadline = now() + (options.timeoutMs ?? 600_000);
  let wait = options.pollMs ?? 500;
  for (;;) {
    const { QueryExecution: execution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = execution?.Status?.State;
    if (state === QueryExecutionState.SUCCEEDED) return id;
    if (state === QueryExecutionState.FAILED || state === QueryExecutionState.CANCELLED) {
      const reason = execution?.Status?.StateChangeReason ?? 'no reason given';
      throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()}: ${reason}`, id);
    }
    if (now() >= deadline) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      throw new AthenaQueryError(
        `Athena query ${id} still ${state ?? 'unknown'} after ${options.timeoutMs ?? 600_000} ms: stopped`,
        id,
      );
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 5000);
  }
}

/** A result row by column name; SQL NULL is `undefined`. */
export type Row = Record<string, string | undefined>;

/**
 * The rows of a finished query, page by page (GetQueryResults pagination). The first row of the
 * first page repeats the column names and is skipped.
 */
export async function* queryRows(options: AthenaQueryOptions, queryExecutionId: string): AsyncGenerator<Row> {
  let token: string | undefined;
  let first = true;
  do {
    const page = await options.client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: queryExecutionId,
        NextToken: token,
        MaxResults: options.pageSize ?? 1000,
      }),
    );
    const columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
    const rows = page.ResultSet?.Rows ?? [];
    for (let r = first ? 1 : 0; r < rows.length; r++) {
      const data = rows[r].Data ?? [];
      const row: Row = {};
      for (let c = 0; c < columns.length; c++) row[columns[c]] = data[c]?.VarCharValue;
      yield row;
    }
    first = false;
    token = page.NextToken;
  } while (token);
}
