/** `npm run campaign`: see USAGE in campaign-main.ts and packages/churn-core/src/retention/README.md. */
import { main } from './campaign-main';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`campaign: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
