// The part of newman's node API the collection runner uses (newman ships no types).
declare module 'newman' {
  export interface RunOptions {
    collection: string | object;
    environment?: string | object;
    envVar?: { key: string; value: string }[];
    reporters?: string | string[];
    timeoutRequest?: number;
  }
  export interface Failure {
    source?: { name?: string };
    error: { name?: string; test?: string; message: string };
  }
  export interface Summary {
    run: {
      failures: Failure[];
      stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
    };
  }
  export function run(
    options: RunOptions,
    callback: (error: Error | null, summary: Summary) => void,
  ): unknown;
}
