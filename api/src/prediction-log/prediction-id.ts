import { randomFillSync } from 'node:crypto';

// Crockford's base32, as ULIDs use it: sorts as the numbers sort, no I L O U.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const POOL_SIZE = 4096;

/**
 * ULID-style ids: 10 characters of millisecond time, then 80 random bits. Within one millisecond
 * (and if the clock steps back) the random part of the last id is incremented instead, so the ids
 * of one process are unique and strictly increasing, and ids of different processes sort by time.
 */
export function createIdGenerator(now: () => number = Date.now) {
  const pool = new Uint8Array(POOL_SIZE);
  let poolAt = POOL_SIZE;
  let lastTime = -1;
  let timePart = '';
  const random = new Uint8Array(RANDOM_CHARS);

  const fillRandom = (): void => {
    if (poolAt + RANDOM_CHARS > POOL_SIZE) {
      randomFillSync(pool);
      poolAt = 0;
    }
    for (let i = 0; i < RANDOM_CHARS; i++) random[i] = pool[poolAt++] & 31;
    // The top digit below 16 leaves 2^79 increments of room before the part would overflow.
    random[0] &= 15;
  };

  const increment = (): void => {
    for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
      if (random[i] < 31) {
        random[i]++;
        return;
      }
      random[i] = 0;
    }
  };

  return function nextId(): string {
    const time = now();
    if (time > lastTime) {
      lastTime = time;
      let t = time;
      let text = '';
      for (let i = 0; i < TIME_CHARS; i++) {
        text = ALPHABET[t % 32] + text;
        t = Math.floor(t / 32);
      }
      timePart = text;
      fillRandom();
    } else {
      increment();
    }
    let id = timePart;
    for (let i = 0; i < RANDOM_CHARS; i++) id += ALPHABET[random[i]];
    return id;
  };
}

/** The millisecond time an id was made at. */
export function idTime(id: string): number {
  let t = 0;
  for (let i = 0; i < TIME_CHARS; i++) t = t * 32 + ALPHABET.indexOf(id[i]);
  return t;
}
