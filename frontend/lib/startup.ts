import { ConfigError, getConfig } from './config';

/** Node.js only: stops the server at once, naming what is missing, when the configuration is bad. */
export function checkConfigOrExit(): void {
  try {
    const config = getConfig();
    console.log(
      `churn-ui: API ${config.apiUrl} (auth ${config.apiAuth}), user "${config.adminUsername}"` +
        (config.adminPasswordHash ? '' : ' with the development password (never in production)'),
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`churn-ui: ${error.message}`);
    process.exit(1);
  }
}
