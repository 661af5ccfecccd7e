/** `npm run score`: see USAGE in score-main.ts and api/README.md. */
import { main } from './score-main';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`score: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
