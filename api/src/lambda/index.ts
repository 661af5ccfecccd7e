import { createLambdaHandler } from './handler';

/**
 * The Lambda entry point (`index.handler` in the bundle): API Gateway HTTP API, payload 2.0,
 * stage `/v1`. Built at import, so the container's init phase loads the model and the SDK.
 */
export const handler = createLambdaHandler(process.env);
