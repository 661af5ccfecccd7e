/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise). */
export interface Progress {
  tick(note?: string): void;
  done(note?: string): void;
}

export function createProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream | null = process.stderr,
): Progress {
  const started = Date.now();
  let count = 0;
  let lastDecile = -1;
  const line = (note: string): string => {
    const width = 24;
    const filled = Math.round((count / Math.max(total, 1)) * width);
    const elapsed = (Date.now() - started) / 1000;
    const eta = count > 0 && count < total ? ` eta ${Math.round((elapsed / count) * (total - count))}s` : '';
    return `${label.padEnd(20)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${elapsed.toFixed(0)}s${eta} ${note}`;
  };
  const draw = (note: string, final: boolean): void => {
    if (!stream) return;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line(note)}${final ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((count / Math.max(total, 1)) * 10);
    if (final || decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${line(note)}\n`);
    }
  };
  return {
    tick(note = '') {
      count++;
      draw(note, false);
    },
    done(note = '') {
      // A non-terminal stream already has the 100% line when every tick happened.
      const printed = count === total && !stream?.isTTY;
      count = total;
      if (!printed) draw(note, true);
    },
  };
}
