/** English for the sign-in screens: loaded with them, since most card loads find a valid token. */
export const enSignIn = {
  'signIn.title': 'Sign in',
  'signIn.signedOut': 'You are signed out. Sign in with your Infobip account to use this app.',
  'signIn.needsClick': 'Sign in with your Infobip account to use this app. Because it runs inside Infobip, sign-in opens in a small window.',
  'signIn.button': 'Sign in',
  'signIn.popupOpen': 'Finish signing in in the window that opened.',
  'signIn.reopen': 'Open the sign-in window again',
  'signIn.failed': 'Sign-in failed',
  'signIn.close': 'Close this window',
  'storage.signIn': 'This browser blocks storage for embedded apps: you will need to sign in again after a reload.',
  'error.AUTHORIZATION_DENIED': 'Infobip did not allow the sign-in.',
  'error.INTERACTION_REQUIRED': 'Infobip needs you to sign in again.',
  'error.STATE_MISMATCH': 'An unexpected sign-in answer was ignored.',
  'error.FLOW_EXPIRED': 'The sign-in took too long and expired.',
  'error.INVALID_CALLBACK': 'The sign-in answer was incomplete.',
  'error.TOKEN_REQUEST_FAILED': 'Infobip refused to finish the sign-in.',
  'error.TOKEN_ANSWER_INVALID': "Infobip's sign-in answer could not be used.",
  'error.FRAME_REFUSED': 'The Infobip sign-in page cannot be shown inside this card.',
  'error.POPUP_BLOCKED': 'The browser blocked the sign-in window. Allow pop-ups for this site.',
  'error.POPUP_CLOSED': 'The sign-in window was closed, or lost its connection to this card.',
  'error.POPUP_CUT':
    "The sign-in window lost its connection to this card as Infobip's sign-in page opened: that page cuts it (Cross-Origin-Opener-Policy), so a sign-in there cannot reach the card, and another try would end the same way. Close that window, and ask your Infobip administrator.",
  'error.LINK_CUT':
    'An unexpected sign-in answer was ignored. If a card opened this window, Infobip’s sign-in page cut its connection to that card, so the sign-in cannot finish here. Close this window.',
  'error.REFRESH_FAILED': 'Your sign-in could not be renewed.',
  'error.SIGNED_OUT': 'You signed out.',
};
