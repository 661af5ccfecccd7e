import type { ServerResponse } from 'node:http';

/** What SageMaker Runtime says about itself; names and codes as in the InvokeEndpoint API reference. */
export interface WireContext {
  requestId: string;
  endpointName: string;
  region: string;
  accountId: string;
}

export interface WireError {
  status: number;
  type: string;
  body: Record<string, unknown>;
}

const logLink = (ctx: WireContext) =>
  `See https://${ctx.region}.console.aws.amazon.com/cloudwatch/home?region=${ctx.region}#logEventViewer:group=/aws/sagemaker/Endpoints/${ctx.endpointName} in account ${ctx.accountId} for more information.`;

const plain = (status: number, type: string, message: string): WireError => ({
  status,
  type,
  body: { message },
});

/**
 * The container's own failure, as SageMaker relays it: always 424 ModelError, the container's
 * status in OriginalStatusCode (0 when it never answered) and its words quoted in Message.
 */
export function modelError(ctx: WireContext, originalStatus: number, originalMessage: string): WireError {
  const kind = originalStatus >= 400 && originalStatus < 500 ? 'client' : 'server';
  return {
    status: 424,
    type: 'ModelError',
    body: {
      ErrorCode:
        originalStatus >= 400 && originalStatus < 500
          ? 'CLIENT_ERROR_FROM_MODEL'
          : 'INTERNAL_FAILURE_FROM_MODEL',
      LogStreamArn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/sagemaker/Endpoints/${ctx.endpointName}`,
      Message: `Received ${kind} error (${originalStatus}) from primary with message "${originalMessage}". ${logLink(ctx)}`,
      OriginalMessage: originalMessage,
      OriginalStatusCode: originalStatus,
    },
  };
}

export const wireErrors = {
  endpointNotFound: (ctx: WireContext) =>
    plain(400, 'ValidationError', `Endpoint ${ctx.endpointName} of account ${ctx.accountId} not found.`),
  validation: (message: string) => plain(400, 'ValidationError', message),
  modelNotReady: (ctx: WireContext) =>
    plain(
      429,
      'ModelNotReadyException',
      `Model for endpoint ${ctx.endpointName} variant AllTraffic is not ready. Please try again later.`,
    ),
  throttling: () => plain(400, 'ThrottlingException', 'Rate exceeded'),
  internalFailure: () =>
    plain(500, 'InternalFailure', 'An internal error occurred while processing the request.'),
  serviceUnavailable: () =>
    plain(503, 'ServiceUnavailable', 'The service is unavailable. Try your call again.'),
  internalDependency: () =>
    plain(
      530,
      'InternalDependencyException',
      'Your request caused an exception with an internal dependency. Contact customer support.',
    ),
  modelCrash: (ctx: WireContext) =>
    modelError(ctx, 500, 'Internal Server Error: the model container failed while scoring'),
  modelTimeout: (ctx: WireContext) =>
    modelError(
      ctx,
      0,
      'Your invocation timed out while waiting for a response from container primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.',
    ),
  unknownOperation: (method: string, path: string) =>
    plain(
      404,
      'UnknownOperationException',
      `No operation matches ${method} ${path}; the stub speaks POST /endpoints/{EndpointName}/invocations`,
    ),
};

export function sendError(res: ServerResponse, requestId: string, error: WireError): void {
  const body = JSON.stringify(error.body);
  res.writeHead(error.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': error.type,
  });
  res.end(body);
}

export function sendBody(res: ServerResponse, requestId: string, contentType: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    'x-Amzn-Invoked-Production-Variant': 'AllTraffic',
  });
  res.end(body);
}
