import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import type { Writable } from 'node:stream';
import type { Environment } from '@telco-churn/config/env';
import { ConfigError } from '@telco-churn/config/errors';
import { createLogger, Logger } from '../logger';
import { loadArtifact } from '@telco-churn/core/artifact';
import { loadMonitorJobConfig } from './config';
import { MonitorEvent, MonitorJobDeps, MonitorRunResult, runMonitorJob } from './monitor-job';

export type MonitorHandler = (event: MonitorEvent) => Promise<MonitorRunResult>;

/**
 * The scheduled job's Lambda handler (`monitor.handler` in the API image). Settings and the model
 * are read once per container, in the init phase; a bad setting fails every run with its name.
 */
export function createMonitorHandler(
  env: Environment = process.env,
  options: { logStream?: Writable; renderHtml?: MonitorJobDeps['renderHtml'] } = {},
): MonitorHandler {
  let logger: Logger | undefined;
  const ready = (async (): Promise<MonitorJobDeps> => {
    const config = loadMonitorJobConfig(env);
    logger = createLogger({ level: config.logLevel, stream: options.logStream });
    const artifact = await loadArtifact(config.modelDir);
    const { region, endpoints } = config;
    return {
      config,
      logger,
      model: { reference: artifact.reference, metrics: artifact.metrics },
      athena: new AthenaClient({ region, endpoint: endpoints.athena }),
      s3: new S3Client({ region, endpoint: endpoints.s3, forcePathStyle: Boolean(endpoints.s3) }),
      cloudwatch: new CloudWatchClient({ region, endpoint: endpoints.cloudwatch }),
      renderHtml: options.renderHtml,
    };
  })();
  ready.catch((error: unknown) => {
    const setting = error instanceof ConfigError ? error.setting : undefined;
    const message = `Cannot start the monitor job: ${error instanceof Error ? error.message : String(error)}`;
    if (logger) logger.error(message, { setting });
    else console.error(JSON.stringify({ level: 'error', message, setting }));
  });
  return async (event) => {
    const deps = await ready;
    try {
      return await runMonitorJob(event ?? {}, deps);
    } catch (error) {
      deps.logger.error('monitor run failed', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      throw error;
    }
  };
}
