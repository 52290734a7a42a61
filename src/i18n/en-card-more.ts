/** English for the card's parts loaded on demand (messages that are not text, the agent menu, the connections' actions). */
export const enCardMore = {
  'connections.loadFailed': "Couldn't load the external connections",
  'msgs.image': 'Image',
  'msgs.openImage': 'Open the image',
  'msgs.location': 'Location',
  'msgs.file': 'File',
  'msgs.template': 'Template “{name}”',
  'msgs.unknown': 'A {type} message this card cannot show',
  'who.confirm': 'Sign out of this app? Every card will ask you to sign in again.',
  'who.cancel': 'Cancel',
  'sms.group.PENDING': 'On its way: Infobip has accepted it and not yet heard it was delivered.',
  'sms.group.DELIVERED': 'Delivered to the phone.',
  'sms.group.UNDELIVERABLE': 'Could not be delivered.',
  'sms.group.EXPIRED': 'Expired before it could be delivered.',
  'sms.group.REJECTED': 'Rejected by Infobip.',
  'sms.group.other': 'Infobip reported a status this card does not know.',
  'sms.infobipStatus': 'Infobip’s status: {name}',
};
