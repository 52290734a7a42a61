/** English for the message list, which loads beside the conversation's messages. */
export const enMessages = {
  'msgs.empty': 'No messages in this conversation yet',
  'msgs.in': 'Received',
  'msgs.out': 'Sent',
  'msgs.earlier': 'Load earlier messages',
  'msgs.loadingEarlier': 'Loading earlier messages…',
  'msgs.showMore': 'Show more',
  'msgs.showLess': 'Show less',
  'msgs.noText': 'Empty message',
};
