import type { FieldError } from '@telco-churn/core/contracts';

/** What the UI's own routes send the browser when something fails. */
export interface UiError {
  kind:
    | 'validation'
    | 'warming'
    | 'unavailable'
    | 'timeout'
    | 'unauthenticated'
    | 'forbidden'
    | 'bad_request'
    | 'failed';
  message: string;
  fieldErrors?: FieldError[];
  retryAfterSeconds?: number;
  requestId?: string;
}
