import { parseScores, ResponseFormatError } from '../sagemaker-response';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseScores', () => {
  it('reads one score per line with a trailing newline, as the XGBoost 1.7-1 container answers text/csv', () => {
    expect(Array.from(parseScores(bytes('0.60263735\n0.1\n1.0\n'), 'text/csv; charset=utf-8', 3))).toEqual([
      0.60263735, 0.1, 1,
    ]);
  });

  it('reads comma-separated scores, as older containers answered', () => {
    expect(Array.from(parseScores(bytes('0.25,0.5,0.75'), 'text/csv', 3))).toEqual([0.25, 0.5, 0.75]);
  });

  it('reads scientific notation as Python writes small floats', () => {
    expect(parseScores(bytes('1.2e-05\n'), 'text/csv', 1)[0]).toBeCloseTo(1.2e-5, 12);
  });

  it('reads the JSON predictions list answered for Accept: application/json', () => {
    const body = bytes(JSON.stringify({ predictions: [{ score: 0.3 }, { score: 0.9 }] }));
    expect(Array.from(parseScores(body, 'application/json', 2))).toEqual([0.3, 0.9]);
  });

  it('reads JSON even when the content type says otherwise', () => {
    expect(Array.from(parseScores(bytes('{"predictions":[{"score":0.4}]}'), 'text/csv', 1))).toEqual([0.4]);
  });

  it('refuses a count of scores that differs from the rows sent', () => {
    expect(() => parseScores(bytes('0.1\n0.2\n'), 'text/csv', 3)).toThrow('expected 3 scores, got 2');
    expect(() => parseScores(bytes(''), 'text/csv', 1)).toThrow('expected 1 scores, got 0');
  });

  it('refuses scores that are not probabilities', () => {
    expect(() => parseScores(bytes('1.5\n'), 'text/csv', 1)).toThrow('not a probability');
    expect(() => parseScores(bytes('-0.1\n'), 'text/csv', 1)).toThrow('not a probability');
    expect(() => parseScores(bytes('{"predictions":[{"score":null}]}'), 'application/json', 1)).toThrow(
      'predictions[0].score',
    );
  });

  it('refuses a body that is not numbers, naming the first bad token', () => {
    expect(() => parseScores(bytes('<html>oops</html>'), 'text/html', 1)).toThrow(ResponseFormatError);
    expect(() => parseScores(bytes('0.1\nnan\n'), 'text/csv', 2)).toThrow('score 2 is not a number: "nan"');
  });

  it('refuses JSON without a predictions list', () => {
    expect(() => parseScores(bytes('{"scores":[0.1]}'), 'application/json', 1)).toThrow(
      'no "predictions" list',
    );
    expect(() => parseScores(bytes('{"predictions":'), 'application/json', 1)).toThrow('does not parse');
  });
});
