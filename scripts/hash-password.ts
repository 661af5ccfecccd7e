/**
 * `npm run hash-password` prints the bcrypt hash for ADMIN_PASSWORD_HASH. The password comes from
 * the first argument, or from standard input (piped, or typed without echo on a terminal) so it
 * need not land in the shell history.
 */
import bcrypt from 'bcryptjs';

const COST = 12;
const MIN_LENGTH = 10;

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) {
      let data = '';
      stdin.setEncoding('utf8');
      stdin.on('data', (chunk) => (data += chunk));
      stdin.on('end', () => resolve(data.replace(/\r?\n$/, '')));
      stdin.on('error', reject);
      return;
    }
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (key: string) => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function main(): Promise<void> {
  const password = process.argv[2] ?? (await readHidden('Password to hash: '));
  if (password.length < MIN_LENGTH) {
    console.error(`hash-password: the password must be at least ${MIN_LENGTH} characters long`);
    process.exit(1);
  }
  const hash = await bcrypt.hash(password, COST);
  console.log(hash);
  console.error(
    "Set ADMIN_PASSWORD_HASH to this value (single-quote it in a shell or .env file: it contains '$').",
  );
}

main().catch((error: Error) => {
  console.error(`hash-password: ${error.message}`);
  process.exit(1);
});
