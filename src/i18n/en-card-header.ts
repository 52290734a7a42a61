/** English for the card's header, loaded after the first screen: the customer's channel in words. */
export const enCardHeader = {
  'head.channel.SMS': 'SMS',
  'head.channel.MMS': 'MMS',
  'head.channel.RCS': 'RCS',
  'head.channel.WHATSAPP': 'WhatsApp',
  'head.channel.VIBER_BM': 'Viber',
  'head.channel.VIBER': 'Viber',
  'head.channel.FACEBOOK_MESSENGER': 'Messenger',
  'head.channel.INSTAGRAM_DM': 'Instagram',
  'head.channel.TELEGRAM': 'Telegram',
  'head.channel.LINE': 'LINE',
  'head.channel.LIVE_CHAT': 'Live chat',
  'head.channel.APPLE_BUSINESS_CHAT': 'Apple Messages',
  'head.channel.EMAIL': 'Email',
  'head.channel.VOICE': 'Voice',
  'head.newConversation': 'New conversation',
};
