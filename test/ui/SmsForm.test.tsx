/**
 * The SMS form against the sandbox: the number is read as the agent means it and shown in
 * international form before anything is sent, an impossible one is refused at the field, another
 * number than the conversation's asks first, and the SMS's parts are counted as Infobip bills them.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/preact';
import { createRef } from 'preact';
import { describe, expect, test, vi } from 'vitest';
import { memoryStore } from '../../src/shared/key-value-store';
import { chooseReply } from '../../src/ui/reply-choice';
import { SmsComposer } from '../../src/ui/SmsComposer';
import { SmsForm, type SmsFormProps } from '../../src/ui/SmsForm';
import { requests, useSandbox } from '../support/sandbox';
import { renderIn, signedIn } from './harness';

const { sandbox, config } = await useSandbox();

/** The form beside a conversation whose customer is `suggestedTo` (Infobip's form: no "+"). */
async function form(props: Partial<SmsFormProps> & { locale?: 'en' | 'ja' } = {}) {
  const { locale = 'en', ...rest } = props;
  const { infobip } = signedIn(sandbox, config);
  renderIn(locale, <SmsForm infobip={infobip} store={memoryStore()} conversationId="c1" suggestedTo="41793026727" channel="SMS" {...rest} />);
  // Ready once it reads phone numbers (the library loads with the form) and has filled in the conversation's.
  await waitFor(() => expect(document.querySelector('form.sms')?.getAttribute('aria-busy')).toBe('false'));
  if (rest.suggestedTo !== undefined || !('suggestedTo' in rest)) await waitFor(() => expect(to().value).not.toBe(''));
}

const to = () => document.getElementById('sms-to') as HTMLInputElement;
const text = () => document.getElementById('sms-text') as HTMLTextAreaElement;
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const hint = (id: string) => document.getElementById(`${id}-hint`)?.textContent;
const error = (id: string) => document.getElementById(`${id}-error`)?.textContent;
const submit = () => fireEvent.submit(document.querySelector('form.sms') as HTMLFormElement);
const smsRequests = () => requests(sandbox, '/sms/2/text/advanced').filter((r: { method: string }) => r.method === 'POST');
const nothingSent = async () => {
  await new Promise((r) => setTimeout(r, 50));
  expect(smsRequests()).toHaveLength(0);
};

describe('never a wrong number', () => {
  test('12-34 is refused at the field, saying what to do, and nothing is sent (it once went to "1234")', async () => {
    await form();
    type(to(), '12-34');
    type(text(), 'Hello');
    submit();
    expect(error('sms-to')).toBe('Too short for a phone number (country: Switzerland). Check the digits, or start with + and the country code.');
    expect(to().getAttribute('aria-invalid')).toBe('true');
    expect(to().getAttribute('aria-describedby')).toContain('sms-to-error');
    expect(document.activeElement).toBe(to());
    await nothingSent();
  });

  test("shows the conversation's number in international form, with its country, before anything is sent", async () => {
    await form();
    expect(to().value).toBe('41793026727');
    expect(hint('sms-to')).toBe('Sends to +41 79 302 67 27 (Switzerland)');
  });

  test("a Japanese agent's domestic 090-1234 is refused in Japanese; 090-1234-5678 in a Japanese conversation goes to +81 90 1234 5678", async () => {
    await form({ locale: 'ja', suggestedTo: '819012345678', channel: 'WHATSAPP' });
    type(to(), '090-1234');
    type(text(), 'お待たせしました');
    fireEvent.click(screen.getByRole('button', { name: 'SMS を送信' }));
    expect(error('sms-to')).toBe('電話番号としては桁数が足りません（国：日本）。数字を確かめるか、+ と国番号から入力してください。');
    await nothingSent();

    type(to(), '090-1234-5678');
    expect(hint('sms-to')).toBe('+81 90 1234 5678（日本）に送信します');
    fireEvent.click(screen.getByRole('button', { name: 'SMS を送信' }));
    await screen.findByText('Infobip が SMS を受け付けました。');
    // The conversation's own number: no question asked.
    expect(sandbox.sent).toEqual([{ messages: [{ destinations: [{ to: '819012345678' }], text: 'お待たせしました' }] }]);
  });

  test("domestic input is read in the conversation's country, whatever the agent's", async () => {
    await form({ suggestedTo: '4915112345678' });
    type(to(), '01511 2345678');
    expect(hint('sms-to')).toBe('Sends to +49 1511 2345678 (Germany)');
  });

  test('without a conversation, in the agent’s country; Infobip’s form without + is read too', async () => {
    await form({ conversationId: undefined, suggestedTo: undefined });
    expect(hint('sms-to')).toBe('Domestic (United States), or + and the country code, e.g. +12025550143');
    type(to(), '(202) 555-0143');
    expect(hint('sms-to')).toBe('Sends to +1 202 555 0143 (United States)');
    type(to(), '4915112345678');
    expect(hint('sms-to')).toBe('Sends to +49 1511 2345678 (Germany)');
  });

  test('a number with its country code that no country gives out is refused as such', async () => {
    await form();
    type(to(), '+41 00 000 00 00');
    type(text(), 'Hello');
    submit();
    expect(error('sms-to')).toBe('No phone number has this country code and these digits. Check both against the customer’s number.');
    await nothingSent();
  });
});

describe("another number than the conversation's", () => {
  test('asks first, naming both numbers; "Don’t send" sends nothing and goes back to the number', async () => {
    await form();
    type(to(), '+49 1511 2345678');
    type(text(), 'Wrong person?');
    submit();
    const question = screen.getByRole('group');
    expect(question.textContent).toContain('This SMS goes to +49 1511 2345678, not to this conversation’s customer (+41 79 302 67 27).');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Send to +49 1511 2345678' }));
    fireEvent.click(screen.getByRole('button', { name: 'Don’t send' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(to());
    await nothingSent();
  });

  test('sends to it once the agent says so', async () => {
    await form();
    type(to(), '+49 1511 2345678');
    type(text(), 'Meant for Lena');
    submit();
    fireEvent.click(screen.getByRole('button', { name: 'Send to +49 1511 2345678' }));
    await screen.findByText('Infobip accepted the SMS.');
    expect(sandbox.sent).toEqual([{ messages: [{ destinations: [{ to: '4915112345678' }], text: 'Meant for Lena' }] }]);
  });

  test('a changed number or text withdraws the question: the yes was for what it showed', async () => {
    await form();
    type(to(), '+49 1511 2345678');
    type(text(), 'Hello');
    submit();
    screen.getByRole('group');
    type(to(), '+49 1511 2345679');
    expect(screen.queryByRole('group')).toBeNull();
    submit();
    screen.getByRole('group');
    type(text(), 'Hello again');
    expect(screen.queryByRole('group')).toBeNull();
    await nothingSent();
  });
});

describe('the parts of the SMS, before it is sent', () => {
  test('GSM-7 and its 160, then 153 a part', async () => {
    await form();
    expect(hint('sms-text')).toBe('Up to 160 characters per SMS; 70 with emoji or Japanese.');
    type(text(), 'Your parcel is at the depot.');
    expect(hint('sms-text')).toBe('28 of 160 characters: 1 SMS (GSM-7)');
    type(text(), 'x'.repeat(161));
    expect(hint('sms-text')).toBe('161 of 306 characters: 2 SMS (GSM-7)');
  });

  test('an emoji makes it Unicode, counts two, and says which character did it', async () => {
    await form();
    type(text(), `Thanks! 😀${'x'.repeat(60)}`);
    expect(hint('sms-text')).toBe('70 of 70 characters: 1 SMS (Unicode, because of “😀”)');
    type(text(), `Thanks! 😀${'x'.repeat(61)}`);
    expect(hint('sms-text')).toBe('71 of 134 characters: 2 SMS (Unicode, because of “😀”)');
  });

  test('in Japanese', async () => {
    await form({ locale: 'ja' });
    type(text(), 'こんにちは');
    expect(hint('sms-text')).toBe('5 / 70 文字：SMS 1 通（Unicode。「こ」などを含むため）');
  });
});

describe('on a conversation of another channel', () => {
  test('says plainly that it sends an SMS, not a WhatsApp message', async () => {
    await form({ suggestedTo: '819012345678', channel: 'WHATSAPP' });
    expect(screen.getByText(/^This sends an SMS/).textContent).toBe('This sends an SMS to the customer’s number, not a WhatsApp message.');
  });

  test('in Japanese', async () => {
    await form({ locale: 'ja', suggestedTo: '819012345678', channel: 'WHATSAPP' });
    expect(screen.getByText(/SMS を送ります/).textContent).toContain('WhatsApp のメッセージではありません');
  });

  test('on an SMS conversation says nothing of the kind', async () => {
    await form();
    expect(screen.queryByText(/This sends an SMS/)).toBeNull();
  });
});

describe('“Use in reply”: a connection’s answer into the message', () => {
  test('opens the composer with the text in the message; what the agent typed stays, the chosen text after it', async () => {
    const { infobip } = signedIn(sandbox, config);
    const onDraft = vi.fn();
    renderIn(
      'en',
      <SmsComposer
        open={false}
        reply={createRef()}
        onDraft={onDraft}
        onClose={() => {}}
        onSent={() => {}}
        infobip={infobip}
        store={memoryStore()}
        conversationId="c1"
        suggestedTo="41793026727"
        channel="SMS"
      />,
    );
    await waitFor(() => expect(document.querySelector('form.sms')?.getAttribute('aria-busy')).toBe('false'));
    await act(() => chooseReply('Your parcel is at the depot.'));
    await waitFor(() => expect(text().value).toBe('Your parcel is at the depot.'));
    expect(onDraft).toHaveBeenCalledTimes(1);
    type(text(), 'Hello Ana,');
    await act(() => chooseReply('Pickup until 18:00.'));
    await waitFor(() => expect(text().value).toBe('Hello Ana,\n\nPickup until 18:00.'));
    await nothingSent();
  });
});
