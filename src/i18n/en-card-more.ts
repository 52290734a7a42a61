/** English for the card's parts loaded on demand (messages that are not text, the agent menu). */
export const enCardMore = {
  'msgs.image': 'Image',
  'msgs.openImage': 'Open the image',
  'msgs.location': 'Location',
  'msgs.file': 'File',
  'msgs.template': 'Template “{name}”',
  'msgs.unknown': 'A {type} message this card cannot show',
  'who.confirm': 'Sign out of this app? Every card will ask you to sign in again.',
  'who.cancel': 'Cancel',
};
