/**
 * Validates the configuration when the server starts, so a production server without a password
 * hash or a strong session secret stops at once instead of failing on the first sign-in; and
 * stamps each request with its peer address, which route handlers cannot otherwise see.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigOrExit } = await import('./lib/startup');
    checkConfigOrExit();
    const { installPeerAddressStamp } = await import('./lib/client-address');
    await installPeerAddressStamp();
  }
}
