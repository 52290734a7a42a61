/**
 * The customer at the top of the card: their name where Infobip's People has one, the number grouped
 * for reading, and the channel as a word with its icon. Loaded after the first screen (the card shows
 * the bare address until then); the name comes after that, so nothing here delays the messages.
 */
import type { InfobipClient } from '../api/infobip/client';
import { getConversation } from '../api/infobip/conversation';
import { personName } from '../api/infobip/people';
import { useT, type MessageKey } from '../i18n';
import { enCardHeader } from '../i18n/en-card-header';
import { displayNumber } from './phone-display';
import { useLoad } from './use-load';

export interface CustomerHeaderProps {
  infobip: InfobipClient;
  conversationId: string;
  /** The customer's address and channel from the messages; undefined while there are none. */
  address: string | undefined;
  channel: string | undefined;
  /** The messages are loaded and there are none: the conversation's own fields (channel, topic) are all there is. */
  empty: boolean;
}

/** 16 px glyphs in the text's colour: a speech bubble for chats, an envelope for email, a handset for calls. */
const BUBBLE = 'M2 3h12v8H6l-3 3v-3H2z';
const ICONS: Record<string, string> = {
  EMAIL: 'M1.5 3.5h13v9h-13zM1.5 3.5 8 9l6.5-5.5',
  VOICE: 'M4 1.5 6.5 4 5 6c1 2 3 4 5 5l2-1.5 2.5 2.5-2 2C7 14 2 9 2 3.5z',
};

function ChannelIcon({ channel }: { channel: string }) {
  return (
    <svg class="channel-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d={ICONS[channel] ?? BUBBLE} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
    </svg>
  );
}

/** A phone number's digits, as People finds a person by: an address that is not one has no person to find. */
const isPhone = (address: string | undefined): address is string => !!address && /^\+?\d{8,15}$/.test(address);

export function CustomerHeader({ infobip, conversationId, address, channel, empty }: CustomerHeaderProps) {
  const t = useT(enCardHeader);
  // Best effort: a header without a name or a topic still names the customer by number, so a failed
  // look-up says nothing (the messages' own alert speaks for a session or network problem).
  const [name] = useLoad(isPhone(address) ? (signal) => personName(infobip, address, signal) : undefined, address);
  const [conversation] = useLoad(empty ? (signal) => getConversation(infobip, conversationId, signal) : undefined, `${conversationId}${empty}`);
  const own = conversation.state === 'ready' ? conversation.value : undefined;
  const via = channel || own?.channel;
  const known = name.state === 'ready' && name.value;
  const number = address && displayNumber(address);
  const key = `head.channel.${via}`;
  // A channel this card has no word for is still said as a word: `KAKAO_SANGDAM` → `Kakao sangdam`.
  const word = via && (key in enCardHeader ? t(key as MessageKey) : via.charAt(0) + via.slice(1).toLowerCase().replaceAll('_', ' '));
  return (
    <div class="customer">
      <h1>{known || number || own?.topic || t('head.newConversation')}</h1>
      <p class="quiet channel">
        {via && (
          <span class="via">
            <ChannelIcon channel={via} />
            {word}
          </span>
        )}
        {/* The space outside the spans is where the line breaks when the number does not fit beside the channel. */}
        {known && number && (
          <>
            {' '}
            <span dir="ltr">· {number}</span>
          </>
        )}
      </p>
    </div>
  );
}
