/**
 * English, the reference language: every other language must have exactly the keys of all its
 * parts. This part is what every page needs; the others load with what shows them.
 * `{name}` marks a parameter. Sentences, not fragments, so translators can reorder freely.
 */
import type { enActionSettings } from './en-action-settings';
import type { enActions } from './en-actions';
import type { enAuthErrors } from './en-auth-errors';
import type { enConnections } from './en-connections';
import type { enErrors } from './en-errors';
import type { enCardHeader } from './en-card-header';
import type { enCardMore } from './en-card-more';
import type { enMessages } from './en-messages';
import type { enSettings } from './en-settings';
import type { enSignIn } from './en-sign-in';
import type { enSms } from './en-sms';

export const en = {
  'app.name': 'Exchange card',
  'fatal.title': 'This app could not start',
  'signIn.checking': 'Signing in…',
  'storage.card': 'This browser blocks storage for embedded apps: a reload signs you out and loses unsent text.',

  'who.signOut': 'Sign out',

  'card.title': 'Conversation',
  'msgs.heading': 'Messages',
  'msgs.loading': 'Loading messages…',
  'msgs.noConversation': 'Open a conversation to see its messages',
  'msgs.noConversationHint': 'This card shows the conversation that is open beside it.',
  'msgs.loadFailed': "Couldn't load the conversation",
  'msgs.refresh': 'Refresh',

  'sms.reply': 'Reply by SMS',
  'sms.loadFailed': "Couldn't load the SMS form",

  'error.retry': 'Try again',
};

export type MessageKey =
  | keyof typeof en
  | keyof typeof enErrors
  | keyof typeof enAuthErrors
  | keyof typeof enCardMore
  | keyof typeof enCardHeader
  | keyof typeof enMessages
  | keyof typeof enSignIn
  | keyof typeof enSettings
  | keyof typeof enSms
  | keyof typeof enConnections
  | keyof typeof enActionSettings
  | keyof typeof enActions;
/** The shape every language file must have: a missing or extra key is a compile error. */
export type Messages = Record<MessageKey, string>;
