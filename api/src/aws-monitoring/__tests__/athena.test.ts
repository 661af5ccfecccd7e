import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaQueryError, queryRows, runQuery } from '../athena';
import { resultPages } from './athena-fake';

const athena = mockClient(AthenaClient);
beforeEach(() => athena.reset());

const options = (extra = {}) => ({
  client: new AthenaClient({ region: 'eu-central-1' }),
  workgroup: 'churn-test-monitoring',
  database: 'churn_test_monitoring',
  sleep: () => Promise.resolve(),
  ...extra,
});
const state = (State: `${QueryExecutionState}`, StateChangeReason?: string) => ({
  QueryExecution: { Status: { State: State as QueryExecutionState, StateChangeReason } },
});

describe('runQuery', () => {
  it('starts the query in the workgroup and database, then polls until it succeeds', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolves(state('SUCCEEDED'));
    await expect(runQuery(options(), 'SELECT 1')).resolves.toBe('q1');
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toEqual({
      QueryString: 'SELECT 1',
      WorkGroup: 'churn-test-monitoring',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'churn_test_monitoring' },
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
  });

  it("reports a failed query with Athena's reason and the query id", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q2' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves(state('FAILED', "TABLE_NOT_FOUND: line 2:6: Table 'x' does not exist"));
    const error = await runQuery(options(), 'SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).message).toBe(
      "Athena query q2 failed: TABLE_NOT_FOUND: line 2:6: Table 'x' does not exist",
    );
    expect((error as AthenaQueryError).queryExecutionId).toBe('q2');
  });

  it('stops a query that outlives the timeout, and says so', async () => {
    let clock = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q3' });
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const run = runQuery(
      options({ timeoutMs: 1000, now: () => clock, sleep: async (ms: number) => void (clock += ms) }),
      'SELECT 1',
    );
    await expect(run).rejects.toThrow(/q3 still RUNNING after 1000 ms: stopped/);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({
      QueryExecutionId: 'q3',
    });
  });

  it('backs off between polls, doubling up to 5 s', async () => {
    const waits: number[] = [];
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q4' });
    const stub = athena.on(GetQueryExecutionCommand);
    for (let i = 0; i < 6; i++) stub.resolvesOnce(state('RUNNING'));
    stub.resolves(state('SUCCEEDED'));
    await runQuery(options({ pollMs: 1000, sleep: async (ms: number) => void waits.push(ms) }), 'SELECT 1');
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

describe('queryRows', () => {
  it('follows NextToken through every page and drops only the header row', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`id-${i}`, String(i)]);
    const pages = resultPages(['prediction_id', 'n'], rows, 2);
    athena
      .on(GetQueryResultsCommand)
      .callsFake((input) =>
        pages.find((_, i) => (i === 0 ? !input.NextToken : pages[i - 1].NextToken === input.NextToken)),
      );
    const got = [];
    for await (const row of queryRows(options({ pageSize: 2 }), 'q5')) got.push(row);
    expect(got).toEqual(rows.map(([prediction_id, n]) => ({ prediction_id, n })));
    const tokens = athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(tokens).toEqual([
      { QueryExecutionId: 'q5', NextToken: undefined, MaxResults: 2 },
      { QueryExecutionId: 'q5', NextToken: 'page-2', MaxResults: 2 },
      { QueryExecutionId: 'q5', NextToken: 'page-4', MaxResults: 2 },
    ]);
  });

  it('reads SQL NULL as undefined', async () => {
    athena.on(GetQueryResultsCommand).resolves(resultPages(['a', 'b'], [['x', null]], 10)[0]);
    const got = [];
    for await (const row of queryRows(options(), 'q6')) got.push(row);
    expect(got).toEqual([{ a: 'x', b: undefined }]);
  });
});
