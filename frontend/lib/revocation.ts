/**
 * Sessions ended on sign-out, by token id, each kept until the token would have expired anyway
 * (so the list never outgrows the sessions of one SESSION_MAX_AGE_SECONDS).
 *
 * In this process's memory: with several UI tasks behind the load balancer, a sign-out ends the
 * token on the task that served it, and the other tasks accept it until it expires. The README
 * ("Security") says so and what a shared store would change.
 */
export class RevocationList {
  private readonly ended = new Map<string, number>();

  /** `exp`: the token's expiry, seconds since the epoch. */
  revoke(tokenId: string, exp: number, now = Date.now()): void {
    this.ended.set(tokenId, exp);
    for (const [id, until] of this.ended) if (until <= now / 1000) this.ended.delete(id);
  }

  isRevoked(tokenId: string): boolean {
    return this.ended.has(tokenId);
  }
}

const LIST = Symbol.for('churn-ui.revoked-sessions');

/** The process's list, on globalThis: the proxy and the routes are separate bundles of one process. */
export function revokedSessions(): RevocationList {
  const global = globalThis as { [LIST]?: RevocationList };
  global[LIST] ??= new RevocationList();
  return global[LIST];
}
