/**
 * English, the reference language: every other language must have exactly the keys of all three
 * parts. This part is what every page needs; the sign-in and settings parts load with their screens.
 * `{name}` marks a parameter. Sentences, not fragments, so translators can reorder freely.
 */
import type { enSettings } from './en-settings';
import type { enSignIn } from './en-sign-in';

export const en = {
  'app.name': 'Exchange card',
  'fatal.title': 'This app could not start',
  'signIn.checking': 'Signing in…',
  'storage.card': 'This browser blocks storage for embedded apps: a reload signs you out and loses unsent text.',

  'who.signedInAs': 'Signed in as',
  'who.user': 'User',
  'who.email': 'Email',
  'who.roles': 'Roles',
  'who.groups': 'Groups',
  'who.none': 'None',
  'who.signOut': 'Sign out',

  'card.title': 'Conversation',
  'msgs.heading': 'Messages',
  'connections.loadFailed': "Couldn't load the external connections",
  'msgs.loading': 'Loading messages…',
  'msgs.empty': 'No messages in this conversation yet',
  'msgs.noConversation': 'Open a conversation to see its messages',
  'msgs.noConversationHint': 'This card shows the conversation that is open beside it.',
  'msgs.loadFailed': "Couldn't load the conversation",
  'msgs.in': 'Received',
  'msgs.out': 'Sent',

  'sms.heading': 'Send an SMS',
  'sms.to': 'To',
  'sms.toHint': 'Phone number with country code, e.g. +41793026727',
  'sms.text': 'Message',
  'sms.from': 'From (optional)',
  'sms.fromHint': "Sender name or number. Empty: the account's default.",
  'sms.count': '{count} of {max} characters',
  'sms.send': 'Send SMS',
  'sms.sending': 'Sending…',
  'sms.sent': 'Infobip accepted the SMS.',
  'sms.messageId': 'Message ID',
  'sms.status': 'Status',
  'sms.failed': "Couldn't send the SMS",
  'sms.toMissing': 'Enter the phone number to send to.',
  'sms.toInvalid': 'Use 3 to 15 digits, optionally starting with +.',
  'sms.textMissing': 'Write the message.',
  'sms.textLong': 'The message is longer than {max} characters.',
  'sms.fromInvalid': 'Use up to 11 letters and digits, or up to 16 digits.',


  'error.serverSaid': '{server} said:',
  'error.fields': 'What it rejected:',
  'error.code': 'Error code: {code}',
  'error.retry': 'Try again',
  'error.UNKNOWN': 'Something went wrong.',
  'error.CONFIG_INVALID': "The app's configuration is not valid ({problem}). An administrator must fix it.",
  'error.BAD_CREDENTIALS': 'The credentials were refused: {problem} An administrator must update them on the settings page.',
  'error.NOT_CONFIGURED': 'The app is not fully set up: {problem} An administrator must fix it.',
  'error.NETWORK': 'The server could not be reached. Check the connection.',
  'error.TIMEOUT': 'The server took too long to answer.',
  'error.UNAUTHORIZED': 'Your sign-in is no longer valid.',
  'error.FORBIDDEN': 'Your Infobip user is not allowed to do this.',
  'error.NOT_FOUND': 'Infobip could not find it.',
  'error.BAD_REQUEST': 'Infobip did not accept the request.',
  'error.RATE_LIMITED': 'Too many requests. Wait a moment.',
  'error.SERVER': 'Infobip had a problem answering.',
  'error.INVALID_RESPONSE': 'The server answered something this app cannot read.',
  'error.MAYBE_SENT': 'The SMS may or may not have been sent. Check before sending again.',
};

export type MessageKey = keyof typeof en | keyof typeof enSignIn | keyof typeof enSettings;
/** The shape every language file must have: a missing or extra key is a compile error. */
export type Messages = Record<MessageKey, string>;
