/** What the card loads right after its first screen, in one request: the SMS composer and the external connections' actions. */
export { SmsComposer } from './SmsComposer';
export { CardConnections } from './CardConnections';
