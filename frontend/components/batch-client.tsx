'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { UiError } from '../lib/ui-error';
import { decodeUtf8 } from '@telco-churn/core/csv-stream';
import type { BatchEvent, InvalidRow, ScoredRow } from '../lib/batch-types';
import { MAX_REPORTED_ERRORS, MAX_UPLOAD_BYTES } from '../lib/batch-types';
import { scoredCsv } from '../lib/scored-csv';
import { downloadCsv, pickedFile } from '../lib/download';
import { BatchSummary } from './batch-summary';
import { BatchTable } from './batch-table';

interface State {
  phase: 'idle' | 'uploading' | 'scoring' | 'done' | 'failed';
  fileName?: string;
  total: number;
  done: number;
  scored: ScoredRow[];
  invalid: InvalidRow[];
  /** Rows not scored, all of them: `invalid` lists only the first problems. */
  invalidRows: number;
  note?: string;
  message?: string;
  threshold?: number;
  elapsedMs?: number;
}

const INITIAL: State = { phase: 'idle', total: 0, done: 0, scored: [], invalid: [], invalidRows: 0 };
const INVALID_SHOWN = 200;

async function readEvents(response: Response, onEvent: (event: BatchEvent) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) onEvent(JSON.parse(line) as BatchEvent);
    }
  }
}

export function BatchClient({ bands }: { bands: { medium: number; high: number } }) {
  const [state, setState] = useState<State>(INITIAL);
  const fileText = useRef('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const file = pickedFile(fileInput.current);
    if (typeof file === 'string') return setState({ ...INITIAL, phase: 'failed', message: file });
    const started = performance.now();
    let text: string;
    try {
      // Read strictly: a Latin-1 file would otherwise turn every accented letter into U+FFFD.
      text = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      return setState({
        ...INITIAL,
        phase: 'failed',
        message: `The file could not be read: ${(error as Error).message}`,
      });
    }
    fileText.current = text;
    let current: State = { ...INITIAL, phase: 'uploading', fileName: file.name };
    setState(current);
    const update = (next: Partial<State>) => {
      current = { ...current, ...next };
      setState(current);
    };
    try {
      const response = await fetch('/api/batch', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: text,
      });
      if (response.status === 401) return window.location.assign('/login?error=expired');
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: UiError };
        return update({
          phase: 'failed',
          message: body.error?.message ?? `Upload failed (HTTP ${response.status}).`,
        });
      }
      await readEvents(response, (e) => {
        if (e.type === 'start')
          update({ phase: 'scoring', total: e.total, invalid: e.invalid, invalidRows: e.invalidRows });
        else if (e.type === 'progress')
          update({
            done: e.done,
            note: undefined,
            scored: current.scored.concat(e.scored),
            invalid: e.invalid.length ? current.invalid.concat(e.invalid) : current.invalid,
            invalidRows: current.invalidRows + (e.done - current.done - e.scored.length),
          });
        else if (e.type === 'warming') update({ note: `${e.message} (next try in ${e.retryInSeconds} s)` });
        else if (e.type === 'error') update({ phase: 'failed', message: e.message });
        else if (e.type === 'done')
          update({ phase: 'done', threshold: e.threshold, elapsedMs: performance.now() - started });
      });
    } catch {
      update({ phase: 'failed', message: 'The connection to the UI server broke off while scoring.' });
    }
  }

  function download() {
    downloadCsv(
      scoredCsv(
        fileText.current,
        state.scored,
        state.invalid,
        state.invalid.length >= MAX_REPORTED_ERRORS
          ? `not scored (only the first ${MAX_REPORTED_ERRORS} problems are listed)`
          : undefined,
      ),
      state.fileName ?? 'customers.csv',
      'scored',
    );
  }

  const busy = state.phase === 'uploading' || state.phase === 'scoring';
  const invalidLines = state.invalidRows;
  return (
    <div className="stack">
      <form className="panel stack" onSubmit={onSubmit} aria-labelledby="upload-h" data-ready={ready}>
        <h2 id="upload-h">Upload customers</h2>
        <p className="muted small" style={{ margin: 0 }}>
          A CSV with the Telco file&apos;s columns (customerID, gender, SeniorCitizen, …, Churn optional) or
          the API&apos;s field names (gender, seniorCitizen, …). Up to {MAX_UPLOAD_BYTES / 1048576} MB. Need
          one?{' '}
          <a href="/api/sample?rows=500" download>
            Download a sample of 500 synthetic customers
          </a>
          .
        </p>
        <div className="actions-row">
          <div className="field">
            <label className="field-label" htmlFor="csv-file">
              CSV file
            </label>
            <input
              id="csv-file"
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              required
              disabled={busy}
            />
          </div>
          <button className="btn" type="submit" disabled={busy} style={{ alignSelf: 'end' }}>
            {busy ? 'Scoring…' : 'Score file'}
          </button>
          {state.phase === 'done' && (
            <button type="button" className="btn secondary" onClick={download} style={{ alignSelf: 'end' }}>
              Download scored CSV
            </button>
          )}
        </div>
        {state.phase !== 'idle' && state.phase !== 'failed' && (
          <div role="status" aria-live="polite" className="stack" style={{ gap: '0.3rem' }}>
            <progress max={state.total || 1} value={state.done} aria-label="Scoring progress" />
            <span className="small" data-testid="progress-text">
              {state.phase === 'uploading'
                ? `Uploading and checking ${state.fileName}…`
                : state.phase === 'done'
                  ? `Done: ${state.scored.length.toLocaleString('en-US')} customers scored, ${invalidLines} rows with errors, in ${((state.elapsedMs ?? 0) / 1000).toFixed(1)} s.`
                  : `Scored ${state.done.toLocaleString('en-US')} of ${state.total.toLocaleString('en-US')} rows…`}
              {state.note ? ` ${state.note}` : ''}
            </span>
          </div>
        )}
        {state.phase === 'failed' && (
          <p className="alert error" role="alert">
            {state.message}
            {state.scored.length > 0 ? ` ${state.scored.length} rows were scored before it stopped.` : ''}
          </p>
        )}
      </form>
      {state.scored.length > 0 && (
        <div className={state.invalid.length > 0 ? 'grid-2' : undefined}>
          <BatchSummary
            rows={state.scored}
            invalidRows={invalidLines}
            threshold={state.threshold}
            bands={bands}
          />
          {state.invalid.length > 0 && <InvalidList rows={state.invalid} count={invalidLines} />}
        </div>
      )}
      {state.scored.length === 0 && state.invalid.length > 0 && (
        <InvalidList rows={state.invalid} count={invalidLines} />
      )}
      {state.scored.length > 0 && <BatchTable rows={state.scored} />}
    </div>
  );
}

export function InvalidList({ rows, count = rows.length }: { rows: readonly InvalidRow[]; count?: number }) {
  const sorted = [...rows].sort((a, b) => a.line - b.line);
  return (
    <section className="panel" aria-labelledby="invalid-h" data-testid="invalid-rows">
      <h2 id="invalid-h">Rows not scored ({count.toLocaleString('en-US')})</h2>
      <p className="muted small">Fix these in the file and upload it again; every other row was scored.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Customer</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, INVALID_SHOWN).map((row, i) => (
              <tr key={`${row.line}-${row.field}-${i}`}>
                <td className="num">{row.line}</td>
                <td>{row.customerId ?? '–'}</td>
                <td>{row.field}</td>
                <td>{row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > INVALID_SHOWN && (
        <p className="small muted">
          {sorted.length - INVALID_SHOWN} more problems are listed in the scored CSV&apos;s scoring_error
          column.
        </p>
      )}
      {rows.length >= MAX_REPORTED_ERRORS && (
        <p className="small muted" data-testid="errors-capped">
          Only the first {MAX_REPORTED_ERRORS.toLocaleString('en-US')} problems are listed; the file has{' '}
          {count.toLocaleString('en-US')} rows with problems.
        </p>
      )}
    </section>
  );
}
