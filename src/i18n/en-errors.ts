/** English for why something failed: loaded with error-text.ts, the first time something fails. */
export const enErrors = {
  'error.serverSaid': '{server} said:',
  'error.fields': 'What it rejected:',
  'error.code': 'Error code: {code}',
  'error.UNKNOWN': 'Something went wrong.',
  'error.CONFIG_INVALID': "The app's configuration is not valid ({problem}). An administrator must fix it.",
  'error.BAD_CREDENTIALS': 'The credentials were refused: {problem} An administrator must update them on the settings page.',
  'error.NOT_CONFIGURED': 'The app is not fully set up: {problem} An administrator must fix it.',
  'error.NETWORK': 'The server could not be reached. Check the connection.',
  'error.TIMEOUT': 'The server took too long to answer.',
  'error.UNAUTHORIZED': 'Your sign-in is no longer valid.',
  'error.FORBIDDEN': 'Your {server} user is not allowed to do this.',
  'error.NOT_FOUND': '{server} could not find it.',
  'error.BAD_REQUEST': '{server} did not accept the request.',
  'error.RATE_LIMITED': 'Too many requests. Wait a moment.',
  'error.SERVER': '{server} had a problem answering.',
  'error.INVALID_RESPONSE': 'The server answered something this app cannot read.',
  'error.REDIRECTED':
    '{server} answered with a redirect to another address. The app does not follow it, so no credential went there. An administrator must check the address.',
  'error.DESTINATION_REFUSED':
    "The app server does not connect to {server}'s address: it is not a public https address, or the server's operator does not allow it. An administrator must check the address.",
  'error.MAYBE_SENT': 'The SMS may or may not have been sent. Check before sending again.',
};
