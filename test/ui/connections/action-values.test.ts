import { describe, expect, test } from 'vitest';
import type { ConversationMessage } from '../../../src/api/infobip/messages';
import { askAiPreset, byCustomerNumberPreset, callByUidPreset } from '../../../src/shared/action-presets';
import { cardValues, variablesFor } from '../../../src/ui/connections/action-values';

const message = (direction: 'INBOUND' | 'OUTBOUND', text: string | undefined, contentType = 'TEXT'): ConversationMessage =>
  ({
    direction,
    text,
    contentType,
    channel: 'WHATSAPP',
    from: direction === 'INBOUND' ? '41793026727' : '447860099299',
    to: direction === 'INBOUND' ? '447860099299' : '41793026727',
    content: {},
  }) as unknown as ConversationMessage;

describe('the conversation’s values an action runs with', () => {
  const messages = [
    message('INBOUND', 'Where is my parcel?'),
    message('OUTBOUND', 'Let me check.'),
    message('INBOUND', undefined, 'IMAGE'),
    message('OUTBOUND', 'It is at the depot.'),
  ];

  test('the customer’s address and channel from the newest message, and only text messages, oldest first', () => {
    expect(cardValues('c1', messages)).toEqual({
      conversationId: 'c1',
      customerNumber: '41793026727',
      channel: 'WHATSAPP',
      texts: ['Where is my parcel?', 'Let me check.', 'It is at the depot.'],
    });
  });

  test('an action gets only the values its templates use, and its number of recent messages', () => {
    const values = cardValues('c1', messages);
    expect(variablesFor(byCustomerNumberPreset(), values)).toEqual({ customerNumber: '41793026727' });
    expect(variablesFor({ ...askAiPreset(), recentMessages: 2 }, values)).toEqual({
      channel: 'WHATSAPP',
      recentMessages: ['Let me check.', 'It is at the depot.'],
    });
    expect(variablesFor(callByUidPreset(), values, 'call_1')).toEqual({ input: 'call_1' });
  });

  test('nothing is sent while a value it needs is not known (the messages still loading)', () => {
    const loading = cardValues('c1', undefined);
    expect(variablesFor(byCustomerNumberPreset(), loading)).toBeUndefined();
    expect(variablesFor(askAiPreset(), loading)).toBeUndefined();
    expect(variablesFor(callByUidPreset(), loading, 'call_1')).toEqual({ input: 'call_1' });
  });
});
