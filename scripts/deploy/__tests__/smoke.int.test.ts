import { startTestApp, TestApp } from '../../../api/src/__tests__/fixtures';
import { signedFetch, smoke, SmokeTarget } from '../smoke';

// The smoke test's requests against the real Express app (local predictor): the sample customer
// must validate and the response must carry a probability, or the cloud smoke test would lie.
describe('smoke against the real API app', () => {
  let app: TestApp;
  let target: SmokeTarget;
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  beforeAll(async () => {
    app = await startTestApp();
    target = { url: new URL(app.url), region: 'eu-central-1' };
  });
  afterAll(() => app.close());

  it('gets a 200 from /health and a churn probability from /predict', async () => {
    const fetcher: typeof signedFetch = (t, method, path, body) =>
      signedFetch(t, method, path, body, { credentials });
    const [health, predict] = await smoke(target, fetcher);
    expect(health).toEqual(expect.objectContaining({ ok: true }));
    expect(predict).toEqual(
      expect.objectContaining({ ok: true, detail: expect.stringMatching(/churn_probability/) }),
    );
  });

  it('reports the local app as open to unsigned calls (only API Gateway enforces SigV4)', async () => {
    const checks = await smoke(target, (t, m, p, b) => signedFetch(t, m, p, b, { credentials }));
    expect(checks[2]).toEqual(expect.objectContaining({ ok: false, detail: '200' }));
  });
});
