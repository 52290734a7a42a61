/** Which URLs either program may send to: both the page's config and the app server's check with these. */
/** Plain http is only acceptable for a server on this machine (the local sandbox). */
export function isLoopback(u: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** The one check of every URL the app sends to: https (http on loopback), and no user name or password to leak. */
export function isSecureUrl(u: URL): boolean {
  return (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u))) && !u.username && !u.password;
}
