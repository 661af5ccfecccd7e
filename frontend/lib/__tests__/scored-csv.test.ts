import { parseCsv } from '@telco-churn/core/csv';
import type { ScoredRow } from '../batch-types';
import { scoredCsv } from '../scored-csv';

const row = (line: number, probability: number): ScoredRow => ({
  line,
  customerId: `C${line}`,
  probability,
  willChurn: probability >= 0.5,
  predictionId: `01KBT3M6Z8QF7J6W2ZB9X4C${line}DE`,
  risk: probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low',
  tenure: 1,
  contract: 'Month-to-month',
  monthlyCharges: 50,
  internetService: 'DSL',
  drivers: ['Contract: Month-to-month', 'Tenure: 1'],
});

describe('the scored CSV', () => {
  const upload = 'customerID,Note,tenure\nC2,"says ""hi"", twice",1\nC3,"two\nlines",1\nC5,bad,abc\n';

  it('keeps every uploaded column and row as it was and appends the scores', () => {
    const out = parseCsv(scoredCsv(upload, [row(2, 0.7312), row(3, 0.1)], []));
    expect(out[0].fields).toEqual([
      'customerID',
      'Note',
      'tenure',
      'churn_probability',
      'will_churn',
      'risk_level',
      'top_risk_drivers',
      'scoring_error',
      'prediction_id',
    ]);
    expect(out[1].fields).toEqual([
      'C2',
      'says "hi", twice',
      '1',
      '0.7312',
      'Yes',
      'high',
      'Contract: Month-to-month; Tenure: 1',
      '',
      '01KBT3M6Z8QF7J6W2ZB9X4C2DE',
    ]);
    expect(out[2].fields.slice(0, 4)).toEqual(['C3', 'two\nlines', '1', '0.1']);
  });

  it('matches rows by the physical line the server reported, also after a multi-line field', () => {
    const out = parseCsv(scoredCsv(upload, [row(5, 0.2)], [{ line: 3, field: 'x', message: 'y' }]));
    expect(out[3].fields[3]).toBe('0.2');
  });

  it('gives unscored rows the reasons instead of a score', () => {
    const out = parseCsv(
      scoredCsv(
        upload,
        [],
        [
          { line: 5, field: 'tenure', message: 'tenure must be a whole number from 0 to 100' },
          { line: 5, field: 'gender', message: 'gender is required' },
        ],
      ),
    );
    expect(out[3].fields.slice(3)).toEqual([
      '',
      '',
      '',
      '',
      'tenure: tenure must be a whole number from 0 to 100; gender: gender is required',
      '',
    ]);
  });
});

describe('the scored CSV opened in a spreadsheet', () => {
  it('neutralises a customerID that would run as a formula, and keeps negative numbers as numbers', () => {
    const upload = 'customerID,balance\n"=HYPERLINK(""http://evil.example"",""x"")",-12.5\n@SUM(1+1),-3\n';
    const out = parseCsv(scoredCsv(upload, [row(2, 0.5), row(3, 0.2)], []));
    expect(out[1].fields.slice(0, 2)).toEqual(['\'=HYPERLINK("http://evil.example","x")', '-12.5']);
    expect(out[2].fields.slice(0, 2)).toEqual(["'@SUM(1+1)", '-3']);
  });
});
