import path from 'node:path';
import { main } from '../cli';
import { labelledCsv } from './fixtures/data';
import { tempFiles } from './helpers';

const output = () => {
  const out: string[] = [];
  const err: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
  return { out, err };
};

afterEach(() => jest.restoreAllMocks());

describe('the sagemaker CLI', () => {
  it('prints the usage and exits 2 for an unknown command', async () => {
    const { err } = output();
    expect(await main(['deploy'])).toBe(2);
    expect(err.join('')).toMatch(/^unknown command "deploy"\nusage:/);
  });

  it('exits 2 naming a missing option before touching AWS', async () => {
    const { err } = output();
    expect(await main(['transform', '--input', 's3://churn-bucket/x.csv'])).toBe(2);
    expect(err[0]).toBe('error: --model-uri is required\n');
  });

  it('exits 2 naming an unknown option', async () => {
    const { err } = output();
    expect(await main(['evaluate', '--modle', 'm'])).toBe(2);
    expect(err[0]).toMatch(/^error: Unknown option '--modle'/);
  });

  it('evaluates a local model.tar.gz and prints the headline metrics as JSON', async () => {
    const { out, err } = output();
    const test = tempFiles({ 'test.csv': labelledCsv(400, 102) })['test.csv'];
    const model = path.join(__dirname, 'fixtures', 'sagemaker-model.tar.gz');
    expect(await main(['evaluate', '--model', model, '--test', test, '--threshold', '0.4'])).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({ threshold: 0.4, confusion_matrix: expect.any(Object) });
    expect(result.roc_curve).toBeUndefined();
    expect(err.join('')).toMatch(/^400 rows \(91 positive\), 30 trees, threshold 0\.4: AUC 0\.85/);
  });

  it('exits 1 naming the file when the test rows cannot be read', async () => {
    const { err } = output();
    const model = path.join(__dirname, 'fixtures', 'sagemaker-model.tar.gz');
    expect(await main(['evaluate', '--model', model, '--test', '/nonexistent/test.csv'])).toBe(1);
    expect(err[0]).toMatch(/^error: \/nonexistent\/test\.csv: cannot read it/);
  });
});
