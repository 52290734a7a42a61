import { describe, expect, test } from 'vitest';
import type { ConversationMessage } from '../../src/api/infobip/messages';
import { place } from '../../src/ui/day-groups';

const at = (day: number, hour: number, minute: number) => new Date(2024, 4, day, hour, minute).getTime();
const message = (id: string, direction: string, createdAt: number | undefined, channel = 'SMS'): ConversationMessage => ({
  id,
  direction,
  channel,
  from: '',
  to: '',
  contentType: 'TEXT',
  text: id,
  content: {},
  createdAt,
});

const shape = (messages: ConversationMessage[]) =>
  place(messages).map(({ message, day, first }) => `${day === undefined ? '' : '| '}${message.id}${first ? '*' : ''}`);

describe('where the list puts its separators', () => {
  test('a day heading before the first message of each day in the agent’s time zone', () => {
    const list = [message('a', 'INBOUND', at(1, 23, 58)), message('b', 'INBOUND', at(2, 0, 1)), message('c', 'INBOUND', at(2, 9, 0))];
    expect(shape(list)).toEqual(['| a*', '| b*', 'c*']);
    expect(place(list)[1]?.day).toBe(at(2, 0, 1));
  });

  test('one header per group: one side’s messages on one channel, each within five minutes of the one before', () => {
    const list = [
      message('a', 'INBOUND', at(1, 10, 0)),
      message('b', 'INBOUND', at(1, 10, 4)),
      message('c', 'INBOUND', at(1, 10, 9)),
      message('d', 'OUTBOUND', at(1, 10, 10)),
      message('e', 'OUTBOUND', at(1, 10, 10), 'WHATSAPP'),
      message('f', 'OUTBOUND', at(1, 10, 11), 'WHATSAPP'),
    ];
    expect(shape(list)).toEqual(['| a*', 'b', 'c', 'd*', 'e*', 'f']);
  });

  test('a message without a time starts a group of its own, and no day', () => {
    expect(shape([message('a', 'INBOUND', at(1, 10, 0)), message('b', 'INBOUND', undefined), message('c', 'INBOUND', at(1, 10, 1))])).toEqual([
      '| a*',
      'b*',
      'c*',
    ]);
  });
});
