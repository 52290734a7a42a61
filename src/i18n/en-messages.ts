/** English for the message list's parts loaded after the first screen: days, new messages, a sent SMS's status, media. */
export const enMessages = {
  'msgs.today': 'Today',
  'msgs.yesterday': 'Yesterday',
  'msgs.newOne': '1 new message',
  'msgs.newMany': '{count} new messages',
  'msgs.smsStatus': 'Your SMS: {status}',
  'msgs.status.PENDING': 'On its way',
  'msgs.status.DELIVERED': 'Delivered',
  'msgs.status.UNDELIVERABLE': 'Not delivered',
  'msgs.status.EXPIRED': 'Expired, not delivered',
  'msgs.status.REJECTED': 'Rejected, not sent',
  'msgs.status.other': 'Status: {name}',
  'msgs.video': 'Video (opens in a new tab)',
  'msgs.audio': 'Audio (opens in a new tab)',
  'msgs.sticker': 'Sticker',
};
