/** What each sign-in failure means and what to do about it: with every error's words, wherever one is shown. */
export const enAuthErrors = {
  'error.AUTHORIZATION_DENIED': 'Infobip did not allow the sign-in.',
  'error.AUTHORIZATION_DENIED.next':
    'If you cancelled it, sign in again. If not, your Infobip user may not have access to this app: ask an administrator of your Infobip account to give it access.',
  'error.INTERACTION_REQUIRED': 'Infobip needs you to sign in again.',
  'error.INTERACTION_REQUIRED.next': 'Sign in again.',
  'error.STATE_MISMATCH': 'An unexpected sign-in answer was ignored.',
  'error.STATE_MISMATCH.next': 'Sign in again from the card.',
  'error.FLOW_EXPIRED': 'The sign-in took too long and expired.',
  'error.FLOW_EXPIRED.next': 'Sign in again, and finish within 10 minutes.',
  'error.INVALID_CALLBACK': 'The sign-in answer was incomplete.',
  'error.INVALID_CALLBACK.next': 'Sign in again. If it happens again, tell an administrator.',
  'error.TOKEN_REQUEST_FAILED': 'Infobip refused to finish the sign-in.',
  'error.TOKEN_REQUEST_FAILED.next': "Sign in again. If it is refused again, ask an administrator to check the app's sign-in settings.",
  'error.TOKEN_ANSWER_INVALID': "Infobip's sign-in answer could not be used.",
  'error.TOKEN_ANSWER_INVALID.next': 'Tell an administrator: the details say what was wrong with it.',
  'error.FRAME_REFUSED': 'The Infobip sign-in page cannot be shown inside this card.',
  'error.FRAME_REFUSED.next': 'Sign in again: it opens in a small window.',
  'error.POPUP_BLOCKED': 'The browser blocked the sign-in window.',
  'error.POPUP_BLOCKED.next': 'Allow pop-ups for this site, then sign in again.',
  'error.POPUP_CLOSED': 'The sign-in window was closed, or lost its connection to this card.',
  'error.POPUP_CLOSED.next': 'Sign in again, and finish in the window that opens.',
  'error.POPUP_CUT': "The sign-in window lost its connection to this card as Infobip's sign-in page opened.",
  'error.POPUP_CUT.next':
    "Close that window and tell your Infobip administrator: Infobip's sign-in page cuts the window off from the card (Cross-Origin-Opener-Policy), so another try would end the same way.",
  'error.LINK_CUT': 'An unexpected sign-in answer was ignored.',
  'error.LINK_CUT.next':
    'If a card opened this window, Infobip’s sign-in page cut its connection to that card, so the sign-in cannot finish here. Close this window.',
  'error.REFRESH_FAILED': 'Your sign-in could not be renewed.',
  'error.REFRESH_FAILED.next': 'Sign in again.',
  'error.SIGNED_OUT': 'You signed out.',
  'error.SIGNED_OUT.next': 'Sign in again to continue.',
};
