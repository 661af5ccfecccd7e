import type { Server } from 'node:http';
import { createAppFromConfig } from './app';
import { loadConfig } from './config';
import { ConfigError } from './errors';
import { batchedStream, createLogger } from './logger';

/** `npm run start:api`: the app on HOST:PORT (default 127.0.0.1:8000) with the predictor the config names. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start the API: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, stream: batchedStream() });
  const { app, predictor, artifact } = await createAppFromConfig(config, logger);
  const server: Server = app.listen(config.port, config.host);
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    logger.info('listening', {
      url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
      host: config.host,
      port,
      predictor: predictor.kind,
      model_version: artifact.params.modelVersion,
      model_dir: artifact.dir,
    });
  });
  server.on('error', (error) => {
    logger.error('cannot listen', { host: config.host, port: config.port, error: error.message });
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    server.close(() => {
      void predictor.close?.().finally(() => process.exit(0));
    });
    // Keep-alive sockets would hold close() open; idle ones can go now, busy ones finish first.
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Cannot start the API: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
