import bcrypt from 'bcryptjs';
import { BcryptPool, PasswordCheckError } from '../bcrypt-pool';
import { QueueFullError } from '../one-at-a-time';
import { checkCredentials, dummyHashLike } from '../auth';
import { parseConfig } from '../config';

const HASH = bcrypt.hashSync('right', 10);

describe('bcrypt on worker threads', () => {
  const pool = new BcryptPool(1);
  afterAll(() => pool.close());

  it('answers like bcrypt for the right and a wrong password', async () => {
    await expect(pool.compare('right', HASH)).resolves.toBe(true);
    await expect(pool.compare('wrong', HASH)).resolves.toBe(false);
  });

  it('keeps the event loop free while it checks', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const checks = Promise.all(Array.from({ length: 4 }, () => pool.compare('wrong', HASH)));
    const started = performance.now();
    await checks;
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A check that blocked the loop would leave no room for the 5 ms timer to fire.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it('reports a check bcrypt cannot do as an error, not as a wrong password', async () => {
    await expect(pool.compare(undefined as unknown as string, HASH)).rejects.toBeInstanceOf(
      PasswordCheckError,
    );
    await expect(pool.compare('right', HASH)).resolves.toBe(true);
  });
});

it('refuses a check when too many already wait, and still answers those', async () => {
  const small = new BcryptPool(1, 2);
  const cheap = bcrypt.hashSync('x', 4);
  const accepted = [small.compare('x', cheap), small.compare('x', cheap), small.compare('y', cheap)];
  await expect(small.compare('x', cheap)).rejects.toBeInstanceOf(QueueFullError);
  await expect(Promise.all(accepted)).resolves.toEqual([true, true, false]);
  await small.close();
});

describe('the dummy hash for unknown user names', () => {
  it('has the configured hash’s variant and cost, and matches no password', () => {
    const hash = bcrypt.hashSync('right', 6);
    const dummy = dummyHashLike(hash);
    expect(bcrypt.getRounds(dummy)).toBe(6);
    expect(dummy.slice(0, 7)).toBe(hash.slice(0, 7));
    expect(dummy).toMatch(/^\$2b\$06\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.compareSync('right', dummy)).toBe(false);
  });

  it('checks an unknown user name against the dummy, never against the real hash', async () => {
    const config = parseConfig({
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD_HASH: HASH,
    } as unknown as NodeJS.ProcessEnv);
    const seen: string[] = [];
    const compare = async (_: string, hash: string) => {
      seen.push(hash);
      return hash === HASH;
    };
    expect(await checkCredentials('nobody', 'right', config, compare)).toBe(false);
    expect(await checkCredentials('admin', 'right', config, compare)).toBe(true);
    expect(seen).toEqual([dummyHashLike(HASH), HASH]);
    expect(bcrypt.getRounds(seen[0])).toBe(10);
  });
});
