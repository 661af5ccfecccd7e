import { ConfigError } from '../src/errors';
import { loadStubConfig } from './config';
import { startStub } from './index';

/** `npm run stub:sagemaker`: a SageMaker Runtime endpoint on PORT (default 8080) for local runs and tests. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadStubConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Cannot start the stub: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = (line: Record<string, unknown>) =>
    console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));
  const stub = await startStub({
    ...config,
    defaults: { fault: config.fault, latencyMs: config.latencyMs },
    log,
  });
  log({
    msg: 'stub SageMaker endpoint listening',
    url: stub.url,
    endpoints: config.endpoints,
    invoke: `POST ${stub.url}/endpoints/${config.endpoints[0]}/invocations`,
    model_dir: config.modelDir,
    fault: config.fault ?? null,
    latency_ms: config.latencyMs ?? 0,
    cold_start_ms: config.coldStartMs ?? 0,
  });
  const stop = () => void stub.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`Cannot start the stub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
