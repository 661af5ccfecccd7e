import type { Writable } from 'node:stream';
import winston from 'winston';
import type { LogLevel } from './config';

export type Logger = winston.Logger;

// winston's key for the formatted line (triple-beam's MESSAGE).
const MESSAGE = Symbol.for('message');
const safeJson = winston.format.json();

/**
 * One JSON line per entry: time, level, message, then the metadata. Plain JSON.stringify is
 * several times cheaper than winston's safe-stable-stringify on the hot path; it only falls
 * back to the safe one for what JSON.stringify refuses (cycles, BigInt).
 */
const jsonLine = winston.format((info) => {
  const { level, message, ...meta } = info;
  const entry = { time: new Date().toISOString(), level, message, ...meta };
  try {
    (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(entry);
    return info;
  } catch {
    return safeJson.transform(info, safeJson.options);
  }
});

export interface LoggerOptions {
  level: LogLevel;
  /** Where the lines go; stdout by default (CloudWatch reads it on Lambda and ECS). */
  stream?: Writable;
}

export function createLogger({ level, stream = process.stdout }: LoggerOptions): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: jsonLine(),
    transports: [new winston.transports.Stream({ stream })],
  });
}
