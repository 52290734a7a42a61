import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { openStore, sealed } from '../../src/storage/store';
import { saveToken } from '../../src/auth/token-store';
import { startSession } from '../../src/auth/signed-in';
import { memoryStore, type KeyValueStore } from '../../src/shared/key-value-store';
import { getMessages } from '../../src/api/infobip/messages';
import { CardScreen, type CardScreenProps } from '../../src/ui/CardScreen';
import { requests, useSandbox } from '../support/sandbox';
import { issuedRecord } from '../support/token';
import { findAlert, XSS, noInjectedElements, renderIn, signedIn } from './harness';

const { sandbox, config } = await useSandbox();

/** The card, once its SMS form (loaded on demand) is there; opened as the agent opens it (or by a waiting draft), unless `closed`. */
async function card(props: Partial<CardScreenProps> & { locale?: 'en' | 'ja'; user?: Record<string, unknown>; closed?: boolean } = {}) {
  const { locale = 'en', user, closed, ...rest } = props;
  const { record, infobip } = signedIn(sandbox, config, user);
  const all: CardScreenProps = { identity: record.identity, infobip, conversationId: 'c1', store: memoryStore(), persistent: true, ...rest };
  const rendered = renderIn(locale, <CardScreen {...all} />);
  await waitFor(() => document.querySelector('form.sms[aria-busy="false"]') ?? Promise.reject(new Error('no SMS form yet')), { timeout: 10_000 });
  // A waiting draft opens the composer by itself, with the form: then there is no "Reply by SMS" to press.
  const reply = !closed && screen.queryByRole('button', { name: locale === 'ja' ? 'SMS で返信' : 'Reply by SMS' });
  if (reply) fireEvent.click(reply);
  return { ...rendered, props: all };
}

const field = (name: RegExp) => screen.getByLabelText(name) as HTMLInputElement | HTMLTextAreaElement;
const type = (name: RegExp, value: string) => fireEvent.input(field(name), { target: { value } });
const send = () => fireEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
const smsRequests = () => requests(sandbox, '/sms/2/text/advanced').filter((r: { method: string }) => r.method === 'POST');

describe('the header', () => {
  test('names the customer and the channel, so side-by-side cards are told apart', async () => {
    await card();
    // The number first, then the name Infobip's People has for it, the number grouped beside the channel.
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ana Horvat'));
    expect(document.querySelector('.channel')?.textContent).toBe('SMS · +41 793 026 727');
    expect(document.querySelector('.channel svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(requests(sandbox, '/people/2/persons')[0]?.query).toEqual({ type: 'PHONE', identifier: '41793026727' });
  });

  test('a customer People does not know is named by their number, grouped for reading; the channel is a word', async () => {
    await card({ conversationId: 'c2', closed: true });
    await waitFor(() => expect(document.querySelector('.channel')?.textContent).toBe('WhatsApp · +81 901 234 5678'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Kenji Sato');
    await card({ conversationId: 'c3', closed: true });
    await waitFor(() => expect(screen.getAllByRole('heading', { level: 1 })[1]?.textContent).toBe('+49 151 123 456 78'));
  });

  test('an empty conversation is a new conversation on its channel, from the conversation itself', async () => {
    await card({ conversationId: 'c-empty', closed: true, locale: 'ja' });
    await waitFor(() => expect(document.querySelector('.channel')?.textContent).toBe('SMS'));
    expect(requests(sandbox, '/ccaas/1/conversations/c-empty').filter((r: { method: string }) => r.method === 'GET')).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('新しい会話');
  });

  test('says "Conversation" until a customer is known', async () => {
    await card({ conversationId: undefined });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Conversation');
  });

  test('shows the agent in a menu with their email', async () => {
    await card();
    const agent = screen.getByRole('button', { name: 'developeruser developer@infobip.com' });
    expect(agent.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(agent);
    expect(await screen.findByText('developer@infobip.com', { selector: '.menu p' })).toBeTruthy();
    expect(agent.getAttribute('aria-expanded')).toBe('true');
  });

  test('shows markup in the username and email as literal text', async () => {
    await card({ user: { username: XSS, email: `${XSS}@example.com` } });
    fireEvent.click(screen.getByRole('button', { name: `${XSS} ${XSS}@example.com` }));
    expect(await screen.findByText(`${XSS}@example.com`, { selector: '.menu p' })).toBeTruthy();
    expect(noInjectedElements()).toBe(true);
  });

  test('Sign out is not the first tab stop, and asks before it signs out', async () => {
    let signedOut = 0;
    await card({ onSignOut: () => signedOut++ });
    const first = document.querySelector<HTMLElement>('button, [tabindex="0"], input, textarea, summary');
    expect(first?.textContent).toBe('developeruser developer@infobip.com');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'developeruser developer@infobip.com' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(signedOut).toBe(0);
    const confirm = screen.getByRole('group', { name: /Sign out of this app\?/ });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(signedOut).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    fireEvent.click(within(screen.getByRole('group', { name: /Sign out of this app\?/ })).getByRole('button', { name: 'Sign out' }));
    expect(signedOut).toBe(1);
  });

  test('Escape closes the menu and gives focus back to the agent button', async () => {
    await card({ onSignOut: () => {} });
    const agent = screen.getByRole('button', { name: 'developeruser developer@infobip.com' });
    fireEvent.click(agent);
    const signOut = await screen.findByRole('button', { name: 'Sign out' });
    fireEvent.keyDown(signOut, { key: 'Escape' });
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(document.activeElement).toBe(agent);
  });
});

describe('the conversation', () => {
  test('says it is loading, then lists the messages with their direction and time', async () => {
    sandbox.behave({ delayMs: { '/ccaas': 3000 } });
    await card();
    expect(screen.getByText('Loading messages…').getAttribute('role')).toBe('status');
    const list = await screen.findByRole('list', { name: 'Messages' }, { timeout: 10_000 });
    // The day's heading, then its messages.
    const [day, ...items] = within(list).getAllByRole('listitem');
    expect(within(day!).getByRole('heading', { level: 3 }).textContent).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(Date.UTC(2024, 4, 1, 10, 0)),
    );
    expect(items).toHaveLength(5);
    expect(items[0]?.textContent).toContain('Received');
    expect(items[0]?.textContent).toContain('Hi, my parcel 4471 has not arrived yet.');
    expect(items[1]?.textContent).toContain('Sent');
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(Date.UTC(2024, 4, 1, 10, 0));
    expect(items[0]?.querySelector('time')?.textContent).toBe(time);
    expect(items[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2024-05-01T10:00:00.000Z');
  });

  test('shows the messages start-up already asked for, without asking again', async () => {
    const { infobip } = signedIn(sandbox, config);
    const firstMessages = getMessages(infobip, 'c1', 0);
    await firstMessages;
    const before = requests(sandbox, '/ccaas/1/conversations/c1/messages').length;
    await card({ firstMessages });
    expect(within(await screen.findByRole('list', { name: 'Messages' })).getAllByText(/^(Received|Sent)$/)).toHaveLength(5);
    expect(requests(sandbox, '/ccaas/1/conversations/c1/messages')).toHaveLength(before);
  });

  test('when Infobip refuses the stored token start-up asked with, renews it once and shows the messages', async () => {
    const store = sealed(memoryStore());
    const stored = issuedRecord(sandbox, 3600);
    await saveToken(store, stored);
    const { infobip } = startSession({ config, store }, stored);
    sandbox.expireTokens();
    await card({ infobip, firstMessages: getMessages(infobip, 'c1', 0) });
    expect(within(await screen.findByRole('list', { name: 'Messages' })).getAllByText(/^(Received|Sent)$/)).toHaveLength(5);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(requests(sandbox, '/exchange/1/oauth/token').filter((r: { method: string }) => r.method === 'POST')).toHaveLength(1);
  });

  test('says when the conversation has no messages yet', async () => {
    await card({ conversationId: 'c-empty' });
    expect(await screen.findByText('No messages in this conversation yet')).toBeTruthy();
  });

  test('without a conversation, asks to open one and asks Infobip for nothing', async () => {
    await card({ conversationId: undefined });
    expect(screen.getByText('Open a conversation to see its messages')).toBeTruthy();
    expect(requests(sandbox, '/ccaas/1/conversations/undefined/messages')).toHaveLength(0);
    expect(sandbox.log.filter((r: { path: string }) => r.path.startsWith('/ccaas'))).toHaveLength(0);
  });

  test('shows markup in message text as literal text', async () => {
    sandbox.setMessages('x', [{ content: { text: XSS } }]);
    await card({ conversationId: 'x' });
    expect(await screen.findByText(XSS)).toBeTruthy();
    expect(noInjectedElements()).toBe(true);
  });

  test('a failed load shows what failed, the server’s words, and a Try again that works', async () => {
    sandbox.failNext({ path: '/ccaas', status: 503, count: 3 });
    await card();
    const alert = await findAlert();
    expect(alert.textContent).toContain("Couldn't load the conversation");
    expect(alert.textContent).toContain('Infobip had a problem answering.');
    expect(alert.textContent).toContain('Infobip said:');
    expect(alert.textContent).toContain('Service temporarily unavailable');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Hi, my parcel 4471 has not arrived yet.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a refusal that retrying cannot fix offers no Try again', async () => {
    await card({ conversationId: 'nope' });
    const alert = await findAlert();
    expect(alert.textContent).toContain('Infobip could not find it.');
    expect(alert.textContent).toContain('Conversation nope not found');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  test('speaks Japanese, with times in the Japanese format', async () => {
    await card({ locale: 'ja' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('会話');
    const list = await screen.findByRole('list', { name: 'メッセージ' });
    const [day, first] = within(list).getAllByRole('listitem');
    expect(day?.textContent).toBe(new Intl.DateTimeFormat('ja', { dateStyle: 'full' }).format(Date.UTC(2024, 4, 1, 10, 0)));
    expect(first?.textContent).toContain('受信');
    const time = new Intl.DateTimeFormat('ja', { timeStyle: 'short' }).format(Date.UTC(2024, 4, 1, 10, 0));
    expect(first?.querySelector('time')?.textContent).toBe(time);
    expect(screen.getByRole('heading', { name: 'SMS で返信' })).toBeTruthy();
  });

  test('warns that nothing survives a reload when storage is blocked', async () => {
    await card({ persistent: false });
    expect(screen.getByText(/blocks storage for embedded apps/)).toBeTruthy();
  });
});

describe('the SMS form', () => {
  test('every field has a label', async () => {
    await card({ conversationId: undefined });
    expect(field(/^To$/)).toBeTruthy();
    expect(field(/^Message$/)).toBeTruthy();
    expect(field(/^From \(optional\)$/)).toBeTruthy();
  });

  test('prefills To with the customer of the conversation', async () => {
    await card();
    await waitFor(() => expect(field(/^To$/).value).toBe('41793026727'));
  });

  test('never overwrites a To the agent has touched, even one they emptied before the conversation loaded', async () => {
    await card();
    fireEvent.input(field(/^To$/), { target: { value: '4179' } });
    fireEvent.input(field(/^To$/), { target: { value: '' } });
    await screen.findByText('Great, thank you! Can I pick it up myself instead?');
    expect(field(/^To$/).value).toBe('');
  });

  test('leaves To alone once the agent is in it: a number filled in while they type would join what they type', async () => {
    sandbox.behave({ delayMs: { '/ccaas': 1500 } });
    await card();
    fireEvent.focus(field(/^To$/));
    await screen.findByText('Great, thank you! Can I pick it up myself instead?');
    // Time for the effects that follow the messages (the prefill among them) to run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(field(/^To$/).value).toBe('');
  });

  test('checks what was typed before sending, and sends nothing when it is wrong', async () => {
    await card({ conversationId: undefined });
    send();
    const to = field(/^To$/);
    const text = field(/^Message$/);
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('sms-to-error')?.textContent).toBe('Enter the phone number to send to.');
    expect(to.getAttribute('aria-describedby')).toContain('sms-to-error');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('sms-text-error')?.textContent).toBe('Write the message.');
    expect(document.activeElement).toBe(to);

    type(/^To$/, '12');
    type(/^Message$/, 'x'.repeat(1601));
    type(/^From/, 'TooLongSender');
    send();
    // Read where the agent is (the browser says en-US): too short for any number there.
    expect(document.getElementById('sms-to-error')?.textContent).toBe(
      'Too short for a phone number (country: United States). Check the digits, or start with + and the country code.',
    );
    expect(document.getElementById('sms-text-error')?.textContent).toBe('The message is longer than 1600 characters.');
    expect(document.getElementById('sms-from-error')?.textContent).toBe('Use up to 11 letters and digits, or up to 16 digits.');
    await new Promise((r) => setTimeout(r, 50));
    expect(smsRequests()).toHaveLength(0);
  });

  test('a fixed field loses its error as soon as it is edited', async () => {
    await card({ conversationId: undefined });
    send();
    type(/^To$/, '+41 79 302 67 27');
    expect(field(/^To$/).hasAttribute('aria-invalid')).toBe(false);
    expect(document.getElementById('sms-to-error')).toBeNull();
  });

  test('sends, disables Send meanwhile, then shows the message ID and status', async () => {
    sandbox.behave({ delayMs: { '/sms': 150 } });
    await card();
    await waitFor(() => expect(field(/^To$/).value).toBe('41793026727'));
    type(/^Message$/, 'Your parcel is on its way.');
    type(/^From/, 'InfoSMS');
    send();
    const button = screen.getByRole('button', { name: 'Sending…' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await waitFor(() => expect(screen.getByText('Infobip accepted the SMS.')).toBeTruthy());
    const status = screen.getByText('Infobip accepted the SMS.').closest('[role="status"]') as HTMLElement;
    expect(status.textContent).toMatch(/Message ID\d{19}/);
    expect(status.textContent).toContain('PENDING_ACCEPTED — Message sent to next instance');
    expect(sandbox.sent).toEqual([{ messages: [{ destinations: [{ to: '41793026727' }], from: 'InfoSMS', text: 'Your parcel is on its way.' }] }]);
    // The composer closes, saying so beside "Reply by SMS"; opened again, it is ready for the next one.
    await screen.findByText('SMS sent.');
    expect(screen.queryByRole('button', { name: 'Send SMS' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    expect((screen.getByRole('button', { name: 'Send SMS' }) as HTMLButtonElement).disabled).toBe(false);
    expect(field(/^Message$/).value).toBe('');
  });

  test('a rejected SMS shows Infobip’s words at the field they name, and keeps what was typed', async () => {
    sandbox.behave({ sms: 'reject', smsRejectText: `${XSS} is not a valid destination` });
    await card();
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Please keep me');
    send();
    const alert = await findAlert();
    expect(alert.textContent).toContain("Couldn't send the SMS");
    expect(alert.querySelector('details')?.textContent).toContain('Infobip said: “Bad request”');
    expect(alert.textContent).not.toContain('messages[0]');
    await waitFor(() => expect(document.getElementById('sms-to-error')?.textContent).toBe(`${XSS} is not a valid destination`));
    expect(field(/^To$/).getAttribute('aria-invalid')).toBe('true');
    expect(noInjectedElements()).toBe(true);
    expect(field(/^Message$/).value).toBe('Please keep me');
    expect(field(/^To$/).value).toBe('41793026727');
  });

  test('when the SMS may or may not have gone, says so, keeps the text and never sends it again by itself', async () => {
    sandbox.failNext({ path: '/sms', status: 503 });
    await card();
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Did this go?');
    send();
    const alert = await findAlert();
    expect(alert.textContent).toContain('The SMS may or may not have been sent: the answer was lost on the way.');
    expect(alert.textContent).toContain('Refresh the conversation and check before you send it again.');
    expect(within(alert).queryByRole('button')).toBeNull();
    expect(field(/^Message$/).value).toBe('Did this go?');
    await new Promise((r) => setTimeout(r, 100));
    expect(smsRequests()).toHaveLength(1);
  });
});

describe('sending never fails silently', () => {
  test('a send stopped by a sign-out says it was not sent, keeps the text, and one Send after sign-in sends it', async () => {
    const store = memoryStore();
    const { record } = signedIn(sandbox, config);
    // The page's client once its session has signed out (here, or in another card).
    const gone = startSession({ config, store: sealed(memoryStore()) }, record);
    await gone.session.signOut();
    const before = renderIn('en', <CardScreen identity={record.identity} infobip={gone.infobip} conversationId="c1" store={store} persistent />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reply by SMS' }));
    await screen.findByLabelText('Message');
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Still here after signing in');
    send();
    await screen.findByText(/^Not sent — you were signed out/);
    before.unmount();
    // Signed in again: the card comes back with the draft, the composer open, and says what happened to it.
    await card({ store, closed: true });
    await screen.findByRole('button', { name: 'Send SMS' });
    await waitFor(() => expect(field(/^Message$/).value).toBe('Still here after signing in'));
    expect(screen.getByRole('alert').textContent).toMatch(/^Not sent — you were signed out/);
    expect(smsRequests()).toHaveLength(0);
    send();
    await screen.findByText('Infobip accepted the SMS.');
    expect(screen.queryByText(/Not sent/)).toBeNull();
    expect(sandbox.sent).toHaveLength(1);
  });

  test('a new error replaces the previous one: no stale "may have been sent" under a new mistake', async () => {
    sandbox.failNext({ path: '/sms', status: 503 });
    await card();
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Did this go?');
    send();
    await findAlert();
    type(/^Message$/, '');
    send();
    expect(document.getElementById('sms-text-error')?.textContent).toBe('Write the message.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('after a send, the composer closes and focus moves to "Reply by SMS", "SMS sent." beside it with the message ID and status, not to the page', async () => {
    await card();
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Focus test');
    send();
    await screen.findByText('SMS sent.');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Reply by SMS'));
    const note = screen.getByText('SMS sent.').closest('[role="status"]');
    expect(note?.textContent).toMatch(/^SMS sent\. Message ID \d+ · On its way$/);
  });

  test('full-width digits and separators typed with a Japanese IME are sent as plain digits, in Infobip’s international form', async () => {
    await card();
    type(/^To$/, '＋４１　７９（３０２）６７－２７');
    type(/^Message$/, 'IME');
    send();
    await screen.findByText('Infobip accepted the SMS.');
    expect(sandbox.sent[0]).toMatchObject({ messages: [{ destinations: [{ to: '41793026727' }] }] });
  });
});

describe('the draft', () => {
  const draftOf = (store: KeyValueStore, id = 'c1') => store.get(`draft:sms:${id}`);

  test('survives the card being unmounted and shown again (e.g. after signing in again)', async () => {
    const store = memoryStore();
    const first = await card({ store });
    await waitFor(() => expect(field(/^To$/).value).toBe('41793026727'));
    type(/^To$/, '+4915112345678');
    type(/^Message$/, 'Half-typed');
    type(/^From/, 'Shop');
    first.unmount();
    await card({ store });
    await waitFor(() => expect(field(/^Message$/).value).toBe('Half-typed'));
    expect(field(/^To$/).value).toBe('+4915112345678');
    expect(field(/^From/).value).toBe('Shop');
  });

  test('survives a reload: it is in IndexedDB under the conversation’s key', async () => {
    const opened = await openStore('draft-reload-test');
    expect(opened.persistent).toBe(true);
    const before = await card({ store: opened.store });
    type(/^Message$/, 'Typed before the reload');
    await waitFor(async () => expect(await draftOf(opened.store)).toMatchObject({ text: 'Typed before the reload' }));
    before.unmount();

    const { store: reopened } = await openStore('draft-reload-test');
    await card({ store: reopened });
    await waitFor(() => expect(field(/^Message$/).value).toBe('Typed before the reload'));
  });

  test('without a conversation it is kept under "-"', async () => {
    const store = memoryStore();
    await card({ store, conversationId: undefined });
    type(/^Message$/, 'No conversation');
    await waitFor(async () => expect(await draftOf(store, '-')).toMatchObject({ text: 'No conversation' }));
  });

  test('is cleared after a successful send', async () => {
    const store = memoryStore();
    await card({ store });
    type(/^To$/, '41793026727');
    type(/^Message$/, 'Sent soon');
    await waitFor(async () => expect(await draftOf(store)).toBeDefined());
    send();
    await screen.findByText('Infobip accepted the SMS.');
    await new Promise((r) => setTimeout(r, 400));
    expect(await draftOf(store)).toBeUndefined();
  });

  test('wins over the customer’s address from the conversation', async () => {
    const store = memoryStore();
    await store.set('draft:sms:c1', { to: '447700900123', text: 'Mine', from: '' });
    await card({ store });
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    await waitFor(() => expect(field(/^Message$/).value).toBe('Mine'));
    expect(field(/^To$/).value).toBe('447700900123');
  });
});

describe('Japanese', () => {
  test('says the SMS status in words, keeping Infobip’s status labelled as theirs', async () => {
    await card({ locale: 'ja' });
    await waitFor(() => expect(field(/^宛先$/).value).toBe('41793026727'));
    type(/^本文$/, 'テスト');
    fireEvent.click(screen.getByRole('button', { name: 'SMS を送信' }));
    await screen.findByText('送信処理中です。Infobip が受け付け、配信の確認を待っています。');
    expect(screen.getByText(/^Infobip のステータス：PENDING_ACCEPTED/)).toBeTruthy();
  });

  test('uses 宛先 for the destination everywhere, also in errors', async () => {
    await card({ locale: 'ja', conversationId: undefined });
    fireEvent.click(screen.getByRole('button', { name: 'SMS を送信' }));
    expect(document.getElementById('sms-to-error')?.textContent).toContain('宛先');
    expect(document.body.textContent).not.toContain('送信先');
  });
});

describe('the example number', () => {
  test("follows the agent's region", async () => {
    const { exampleNumber } = await import('../../src/ui/example-number');
    expect(exampleNumber('en', ['en-GB'])).toBe('+447700900123');
    expect(exampleNumber('en', ['en-US'])).toBe('+12025550143');
    expect(exampleNumber('ja', ['ja-JP', 'en-US'])).toBe('+819012345678');
    expect(exampleNumber('ja', ['en-US'])).toBe('+819012345678');
  });
});

describe('the SMS composer', () => {
  test('starts closed: the conversation first, one "Reply by SMS" line under it', async () => {
    await card({ closed: true });
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    const reply = screen.getByRole('button', { name: 'Reply by SMS' });
    expect(reply.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(reply);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.id).toBe('sms-text'));
  });

  test('closing keeps what was typed, and gives focus back to "Reply by SMS"', async () => {
    await card();
    type(/^Message$/, 'Half-typed');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Reply by SMS'));
    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    expect(field(/^Message$/).value).toBe('Half-typed');
  });

  test('opens by itself when a draft is waiting for this conversation (after a reload or signing in again)', async () => {
    const store = memoryStore();
    await store.set('draft:sms:c1', { to: '41793026727', text: 'Waiting', from: '' });
    await card({ store, closed: true });
    await screen.findByRole('button', { name: 'Send SMS' });
    expect(field(/^Message$/).value).toBe('Waiting');
  });
});
