/** What each sign-in failure means: with every error's words, wherever one is shown. */
export const enAuthErrors = {
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
