/** The log bucket's folders: each has its own retention and its own readers. */
export const PREDICTIONS_PREFIX = 'predictions/';
export const OUTCOMES_PREFIX = 'outcomes/';
/** Records Firehose could not deliver, by error type and day. */
export const ERRORS_PREFIX = 'errors/';
export const QUERY_RESULTS_PREFIX = 'athena-results/';
/** The monitor job's monitor.json / monitor.html, by day and `latest/`. */
export const REPORTS_PREFIX = 'reports/';
