/** English for the sign-in screens: loaded with them, since most card loads find a valid token. */
export const enSignIn = {
  'signIn.title': 'Sign in',
  'signIn.signedOut': 'You are signed out. Sign in with your Infobip account to use this app.',
  'signIn.serverKept':
    'You are signed out in this browser, but the app server could not be reached to end your session there. It ends by itself when that sign-in expires.',
  'signIn.needsClick': 'Sign in with your Infobip account to use this app. Because it runs inside Infobip, sign-in opens in a small window.',
  'signIn.button': 'Sign in',
  'signIn.popupOpen': 'Finish signing in in the window that opened.',
  'signIn.reopen': 'Open the sign-in window again',
  'signIn.failed': 'Sign-in failed',
  'signIn.again': 'Sign in again',
  'signIn.close': 'Close this window',
  'storage.signIn': 'This browser blocks storage for embedded apps: you will need to sign in again after a reload.',
};
