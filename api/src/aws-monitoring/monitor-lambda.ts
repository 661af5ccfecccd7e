import { renderMonitorHtml } from '../monitoring/html';
import { createMonitorHandler } from './handler';

/**
 * The monitor job's entry point (`monitor.handler` in the Lambda image, the command
 * modules/monitor-job sets): same image and model as the API, another handler; the report's
 * HTML is the one `npm run monitor` writes.
 */
export const handler = createMonitorHandler(process.env, { renderHtml: renderMonitorHtml });
