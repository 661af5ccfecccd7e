/** What EventBridge Scheduler takes as a recurring expression: rate(...) or a 6-field cron(...). */
export const SCHEDULE_EXPRESSION =
  /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/;
