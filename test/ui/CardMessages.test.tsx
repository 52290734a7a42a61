import { setTimeout as sleep } from 'node:timers/promises';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { memoryStore } from '../../src/shared/key-value-store';
import { CardScreen, type CardScreenProps } from '../../src/ui/CardScreen';
import { createInfobipClient } from '../../src/api/infobip/client';
import { issuedRecord } from '../support/token';
import { requests, useSandbox } from '../support/sandbox';
import { infobipTime } from '../sandbox/infobip.js';
import { XSS, noInjectedElements, renderIn, signedIn } from './harness';

const { sandbox, config } = await useSandbox();
afterEach(() => vi.restoreAllMocks());

function card(props: Partial<CardScreenProps> & { locale?: 'en' | 'ja' } = {}) {
  const { locale = 'en', ...rest } = props;
  const { record, infobip } = signedIn(sandbox, config);
  const all: CardScreenProps = { identity: record.identity, infobip, conversationId: 'c1', store: memoryStore(), persistent: true, ...rest };
  return renderIn(locale, <CardScreen {...all} />);
}

const texts = () =>
  within(screen.getByRole('list', { name: 'Messages' }))
    .queryAllByText(/^#\d+$/)
    .map((p) => p.textContent);
const numbered = (n: number) => Array.from({ length: n }, (_, i) => ({ content: { text: `#${i + 1}` } }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `#${from + i}`);
const logReads = () => requests(sandbox, '/sms/1/logs').filter((r: { method: string }) => r.method === 'GET');
const listRequests = (id: string) => requests(sandbox, `/ccaas/1/conversations/${id}/messages`).filter((r: { method: string }) => r.method === 'GET');

describe('a long conversation', () => {
  test('shows its newest messages first, oldest at the top, and loads earlier ones on request', async () => {
    sandbox.setMessages('long', numbered(150));
    card({ conversationId: 'long' });
    await screen.findByText('#150', {}, { timeout: 8000 });
    expect(texts()).toEqual(range(101, 150));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    await screen.findByText('#51', {}, { timeout: 8000 });
    expect(texts()).toEqual(range(51, 150));
    fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    await screen.findByText('#1', {}, { timeout: 8000 });
    expect(texts()).toEqual(range(1, 150));
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
    expect(listRequests('long').map((r: { query: Record<string, string> }) => r.query)).toEqual(
      [0, 1, 2].map((page) => ({ orderBy: 'createdAt:DESC', limit: '50', page: String(page) })),
    );
  }, 30_000);

  test('offers no "Load earlier" when every message is shown', async () => {
    card();
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });
});

describe('staying current', () => {
  test('Refresh shows new messages once, never twice', async () => {
    sandbox.setMessages('r', numbered(3));
    card({ conversationId: 'r' });
    await screen.findByText('#3', {}, { timeout: 8000 });
    sandbox.setMessages('r', numbered(4));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('#4', {}, { timeout: 8000 });
    expect(texts()).toEqual(range(1, 4));
  });

  test('reads the conversation again when the frame regains focus or becomes visible', async () => {
    sandbox.setMessages('r', numbered(3));
    card({ conversationId: 'r' });
    await screen.findByText('#3', {}, { timeout: 8000 });
    // The list listens from its first effect on, after it painted: an agent comes back later than that.
    await sleep(100);
    sandbox.setMessages('r', numbered(4));
    window.dispatchEvent(new Event('focus'));
    await screen.findByText('#4', {}, { timeout: 8000 });
    sandbox.setMessages('r', numbered(5));
    document.dispatchEvent(new Event('visibilitychange'));
    await screen.findByText('#5', {}, { timeout: 8000 });
    expect(texts()).toEqual(range(1, 5));
  });

  test('regaining focus reads the conversation once, quietly: Refresh stays enabled while it runs', async () => {
    let holding = false;
    let asked = 0;
    let release = () => {};
    const network: typeof fetch = (input, init) => {
      const answer = fetch(input, init);
      if (!holding || !String(input).includes('/messages')) return answer;
      asked++;
      return new Promise((resolve) => (release = () => resolve(answer)));
    };
    const record = issuedRecord(sandbox);
    const infobip = createInfobipClient(config, { current: async () => record, recover: async () => record }, { fetch: network, sleep: async () => {} });
    renderIn('en', <CardScreen identity={record.identity} infobip={infobip} conversationId="c1" store={memoryStore()} persistent />);
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.', {}, { timeout: 8000 });
    await sleep(100);
    holding = true;
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(asked).toBe(1));
    expect((screen.getByRole('button', { name: 'Refresh' }) as HTMLButtonElement).disabled).toBe(false);
    await sleep(200);
    expect(asked).toBe(1);
    release();
  });

  test('a first load that failed is read again when the frame regains focus', async () => {
    sandbox.failNext({ path: '/ccaas', status: 404 });
    card();
    await screen.findByRole('alert', {}, { timeout: 8000 });
    window.dispatchEvent(new Event('focus'));
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.', {}, { timeout: 8000 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a sent SMS appears in the conversation', async () => {
    card();
    await waitFor(() => expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('41793026727'));
    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Your parcel is on its way.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    const list = screen.getByRole('list', { name: 'Messages' });
    await waitFor(() => expect(within(list).getAllByText('Your parcel is on its way.')).toHaveLength(1));
  });

  test('an SMS sent while a refresh is under way still appears: the refresh it asks for waits its turn, not dropped', async () => {
    // The network holds the answer to the refresh the frame's focus started, read before the send.
    let holding = false;
    let arrived = false;
    let release = () => {};
    const network: typeof fetch = (input, init) => {
      const answer = fetch(input, init);
      if (!holding || !String(input).includes('/messages')) return answer;
      void answer.then(() => (arrived = true));
      return new Promise((resolve) => (release = () => resolve(answer)));
    };
    const record = issuedRecord(sandbox);
    const infobip = createInfobipClient(config, { current: async () => record, recover: async () => record }, { fetch: network, sleep: async () => {} });
    renderIn('en', <CardScreen identity={record.identity} infobip={infobip} conversationId="c1" store={memoryStore()} persistent />);
    await waitFor(() => expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('41793026727'), { timeout: 8000 });
    holding = true;
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(arrived).toBe(true));
    holding = false;

    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Sent during a refresh.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    await screen.findByText('Infobip accepted the SMS.', {}, { timeout: 8000 });
    release();
    const list = screen.getByRole('list', { name: 'Messages' });
    await waitFor(() => expect(within(list).getAllByText('Sent during a refresh.')).toHaveLength(1), { timeout: 8000 });
  });

  test('a refresh that fails keeps the messages and offers Try again', async () => {
    card();
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    sandbox.failNext({ path: '/ccaas', status: 404 });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('alert');
    expect(screen.getByText('Hi, my parcel 4471 has not arrived yet.')).toBeTruthy();
  });
});

describe('live, while the card is visible', () => {
  // The card's own timers run on a fake clock moved by the test; the sandbox and the network keep real time.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
    setVisibility('visible');
  });
  const setVisibility = (state: DocumentVisibilityState) => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  const status = () => screen.getAllByRole('status').map((region) => region.textContent?.trim());
  /** Real time for an answer the sandbox gave to reach the card, which then sets its next timer. */
  const landed = () => sleep(300);

  test('a message the customer writes appears by itself within 15 seconds, and a screen reader hears of it once', async () => {
    card();
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    const asked = listRequests('c1').length;
    await vi.advanceTimersByTimeAsync(14_000);
    expect(listRequests('c1')).toHaveLength(asked);
    sandbox.addMessage('c1', { content: { text: 'Any news about 4471?' } });
    await vi.advanceTimersByTimeAsync(1_000);
    await screen.findByText('Any news about 4471?');
    expect(listRequests('c1')).toHaveLength(asked + 1);
    expect(within(screen.getByRole('list', { name: 'Messages' })).getByRole('heading', { name: 'Today' })).toBeTruthy();
    expect(status()).toContain('1 new message');
    const region = screen.getByText('1 new message', { selector: '[role="status"]', exact: false });
    const said = region.textContent;
    // Nothing new: the next poll is quiet (no announcement again, and Refresh stays enabled while it runs).
    sandbox.behave({ delayMs: { '/ccaas': 1000 } });
    await landed();
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(listRequests('c1')).toHaveLength(asked + 2));
    expect(screen.getByRole('button', { name: 'Refresh' }).hasAttribute('disabled')).toBe(false);
    await waitFor(() => expect(sandbox.busy).toBe(false));
    await landed();
    expect(region.textContent).toBe(said);
  });

  test('a failing poll shows nothing and waits longer before the next; a success returns to 15 seconds', async () => {
    card();
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    const asked = listRequests('c1').length;
    sandbox.failNext({ path: '/ccaas', status: 503, count: 3 });
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(listRequests('c1')).toHaveLength(asked + 3));
    await landed();
    expect(screen.queryByRole('alert')).toBeNull();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(listRequests('c1')).toHaveLength(asked + 3);
    await vi.advanceTimersByTimeAsync(1_000);
    await waitFor(() => expect(listRequests('c1')).toHaveLength(asked + 4));
    await landed();
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(listRequests('c1')).toHaveLength(asked + 5));
  });

  test('asks nothing while the frame is hidden, and at once when it is shown again', async () => {
    card();
    await screen.findByText('Hi, my parcel 4471 has not arrived yet.');
    setVisibility('hidden');
    const asked = listRequests('c1').length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(listRequests('c1')).toHaveLength(asked);
    sandbox.addMessage('c1', { content: { text: 'Hello?' } });
    setVisibility('visible');
    await screen.findByText('Hello?');
    // Shown again: one read, not one from the list and another from the poll.
    expect(listRequests('c1')).toHaveLength(asked + 1);
  });

  test("a sent SMS's status on the message, in words, until it is final", async () => {
    card();
    await waitFor(() => expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('41793026727'));
    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Your parcel is on its way.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    const list = screen.getByRole('list', { name: 'Messages' });
    const sent = await waitFor(() => within(list).getByText('Your parcel is on its way.').closest('li') as HTMLElement);
    expect(within(sent).getByText('On its way')).toBeTruthy();
    // The SMS the agent sent is no news to them.
    expect(status()).not.toContain('1 new message');
    sandbox.setSmsStatus('DELIVERED');
    await landed();
    await vi.advanceTimersByTimeAsync(15_000);
    await within(sent).findByText('Delivered');
    expect(within(sent).getByText('Delivered').getAttribute('title')).toBe('DELIVERED_TO_HANDSET — Message delivered to handset');
    expect(status()).toContain('Your SMS: Delivered');
    // Final: no more questions about it.
    const logs = logReads().length;
    await vi.advanceTimersByTimeAsync(30_000);
    await landed();
    expect(logReads()).toHaveLength(logs);
  });

  test("a status Infobip refuses to show is asked no more, and never slows the conversation's reads", async () => {
    card();
    await waitFor(() => expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('41793026727'));
    fireEvent.click(screen.getByRole('button', { name: 'Reply by SMS' }));
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Your parcel is on its way.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    const list = screen.getByRole('list', { name: 'Messages' });
    await within(list).findByText('On its way');
    sandbox.failNext({ path: '/sms/1/logs', status: 403 });
    await landed();
    const asked = listRequests('c1').length;
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(logReads()).toHaveLength(1));
    await landed();
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(listRequests('c1')).toHaveLength(asked + 2));
    await landed();
    expect(logReads()).toHaveLength(1);
    expect(within(list).getByText('On its way')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('in Japanese, an SMS that could not be delivered says so', async () => {
    card({ locale: 'ja' });
    await waitFor(() => expect((screen.getByLabelText('宛先') as HTMLInputElement).value).toBe('41793026727'));
    fireEvent.click(screen.getByRole('button', { name: 'SMS で返信' }));
    fireEvent.input(screen.getByLabelText('本文'), { target: { value: 'お荷物は明日届きます。' } });
    fireEvent.click(screen.getByRole('button', { name: 'SMS を送信' }));
    const list = screen.getByRole('list', { name: 'メッセージ' });
    const sent = await waitFor(() => within(list).getByText('お荷物は明日届きます。').closest('li') as HTMLElement);
    expect(within(sent).getByText('配信待ち')).toBeTruthy();
    sandbox.setSmsStatus('UNDELIVERABLE');
    await landed();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await within(sent).findByText('配信できませんでした')).toBeTruthy();
  });
});

describe('what a message is', () => {
  test('an image with its caption and a link to open it; a location as a link; a file by its name; a template by its name', async () => {
    sandbox.setMessages('rich', [
      { contentType: 'IMAGE', content: { url: `${sandbox.url}/media/e07.png`, caption: 'The error on the display' } },
      { contentType: 'LOCATION', content: { latitude: 46.05, longitude: 14.5, name: 'Depot', address: 'Main Street 12' } },
      { contentType: 'DOCUMENT', content: { url: `${sandbox.url}/media/invoice-4471.pdf` } },
      { contentType: 'TEMPLATE', content: { templateName: 'order_update' } },
      { contentType: 'CAROUSEL', content: { text: 'Pick one of these' } },
      { contentType: 'BUTTON_REPLY', content: {} },
      { content: { text: '' } },
    ]);
    card({ conversationId: 'rich' });
    const link = await screen.findByRole('link', { name: 'Open the image' });
    expect(link.getAttribute('href')).toBe(`${sandbox.url}/media/e07.png`);
    expect(screen.getByRole('img', { name: 'The error on the display' })).toBeTruthy();
    expect(screen.getByText('The error on the display', { selector: 'p' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Depot, Main Street 12' }).getAttribute('href')).toContain('mlat=46.05&mlon=14.5');
    expect(screen.getByRole('link', { name: 'invoice-4471.pdf' })).toBeTruthy();
    expect(screen.getByText('Template “order_update”')).toBeTruthy();
    expect(screen.getByText('A CAROUSEL message this card cannot show')).toBeTruthy();
    expect(screen.getByText('Pick one of these')).toBeTruthy();
    expect(screen.getByText('A BUTTON_REPLY message this card cannot show')).toBeTruthy();
    expect(screen.getByText('Empty message')).toBeTruthy();
    for (const item of screen.getByRole('list', { name: 'Messages' }).querySelectorAll('.msg')) {
      expect(item.querySelector('p:not(.meta)')?.textContent).toBeTruthy();
    }
  });

  test('a video and an audio message play in the card, each with a link that says it opens a new tab; a sticker is a picture', async () => {
    sandbox.setMessages('rich', [
      { contentType: 'VIDEO', content: { url: `${sandbox.url}/media/clip.webm`, caption: 'How it sounds' } },
      { contentType: 'AUDIO', content: { url: `${sandbox.url}/media/voice.wav` } },
      { contentType: 'STICKER', content: { url: `${sandbox.url}/media/sticker.png` } },
    ]);
    const { container } = card({ conversationId: 'rich' });
    const video = await screen.findByRole('link', { name: 'Video (opens in a new tab)' });
    expect(video.getAttribute('href')).toBe(`${sandbox.url}/media/clip.webm`);
    expect(video.getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('link', { name: 'Audio (opens in a new tab)' }).getAttribute('href')).toBe(`${sandbox.url}/media/voice.wav`);
    expect(container.querySelector('video')?.getAttribute('src')).toBe(`${sandbox.url}/media/clip.webm`);
    expect(container.querySelector('video')?.hasAttribute('controls')).toBe(true);
    expect(container.querySelector('audio')?.getAttribute('src')).toBe(`${sandbox.url}/media/voice.wav`);
    expect(container.querySelector('audio')?.hasAttribute('controls')).toBe(true);
    expect(screen.getByText('How it sounds')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Sticker' }).getAttribute('src')).toBe(`${sandbox.url}/media/sticker.png`);
    expect(screen.queryByText(/cannot show/)).toBeNull();
  });

  test('web addresses in a text are links that open a new tab; a javascript: address and markup stay text', async () => {
    const text = `Track it: https://track.example.com/4471?ref=sms. Or javascript:alert(1) ${XSS}`;
    sandbox.setMessages('x', [{ content: { text } }]);
    card({ conversationId: 'x' });
    const link = await screen.findByRole('link', { name: 'https://track.example.com/4471?ref=sms' });
    expect(link.getAttribute('href')).toBe('https://track.example.com/4471?ref=sms');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getAllByRole('link')).toHaveLength(1);
    expect(link.closest('p')?.textContent).toBe(text);
    expect(noInjectedElements()).toBe(true);
  });

  test('a collapsed long text never links to half an address', async () => {
    const address = 'https://example.com/a-rather-long-path/that-the-cut-would-halve';
    const text = `${'word '.repeat(53)}${address} and more words after it. ${'end '.repeat(20)}`;
    sandbox.setMessages('x', [{ content: { text } }]);
    card({ conversationId: 'x' });
    await screen.findByRole('button', { name: 'Show more' });
    expect(screen.getByRole('link').getAttribute('href')).toBe(address);
    expect(screen.getByRole('link').textContent).toBe(address);
  });

  test('never links to anything but a web address', async () => {
    sandbox.setMessages('rich', [{ contentType: 'IMAGE', content: { url: 'javascript:alert(1)' } }]);
    card({ conversationId: 'rich' });
    expect(await screen.findByText('A IMAGE message this card cannot show')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  test('a long text collapses behind "Show more"', async () => {
    const long = `Start. ${'word '.repeat(100)}End.`;
    sandbox.setMessages('x', [{ content: { text: long } }]);
    card({ conversationId: 'x' });
    const more = await screen.findByRole('button', { name: 'Show more' });
    expect(screen.queryByText(/End\.$/)).toBeNull();
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(screen.getByText(long)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
  });
});

describe('days and groups', () => {
  /** Minutes after the agent's midnight today (negative: before it). */
  const midnight = new Date().setHours(0, 0, 0, 0);
  const today = (minutes: number) => infobipTime(midnight + minutes * 60_000);

  test('a heading for each day: "Today", "Yesterday", else the date; who, when and where once per group', async () => {
    sandbox.setMessages('d', [
      { content: { text: 'Last week' }, createdAt: today(-7 * 24 * 60) },
      { content: { text: 'Yesterday at noon' }, createdAt: today(-12 * 60) },
      { content: { text: 'First' }, createdAt: today(1) },
      { content: { text: 'Second' }, createdAt: today(3) },
      { direction: 'OUTBOUND', content: { text: 'Reply' }, createdAt: today(4) },
    ]);
    card({ conversationId: 'd' });
    const list = await screen.findByRole('list', { name: 'Messages' });
    await within(list).findByText('Reply');
    const week = midnight - 7 * 24 * 60 * 60_000;
    const sameYear = new Date(week).getFullYear() === new Date().getFullYear();
    const date = new Intl.DateTimeFormat('en', sameYear ? { weekday: 'long', month: 'long', day: 'numeric' } : { dateStyle: 'full' }).format(week);
    expect(
      within(list)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual([date, 'Yesterday', 'Today']);
    const meta = (text: string) => within(list).getByText(text).closest('li')!.querySelector('.meta')!;
    expect(meta('First').classList.contains('sr-only')).toBe(false);
    // Said for a screen reader, hidden on screen: the group's first message said it.
    expect(meta('Second').classList.contains('sr-only')).toBe(true);
    expect(meta('Second').textContent).toContain('Received');
    expect(meta('Reply').classList.contains('sr-only')).toBe(false);
    expect(
      within(list)
        .getAllByText(/· SMS$/)
        .filter((p) => !p.classList.contains('sr-only')),
    ).toHaveLength(4);
  });
});

describe('times', () => {
  test('recent ones are relative, with the full date in the title', async () => {
    const at = Date.now() - 5 * 60_000;
    sandbox.setMessages('t', [{ content: { text: 'hi' }, createdAt: new Date(at).toISOString().replace('Z', '+0000') }]);
    card({ conversationId: 't' });
    const time = (await screen.findByText('hi')).closest('li')!.querySelector('time')!;
    expect(time.textContent).toBe(new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' }).format(-5, 'minute'));
    expect(time.getAttribute('title')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'long' }).format(at));
  });

  test("follow the agent's regional format, not always the US one", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB', 'en']);
    card();
    const time = (await screen.findByText('Hi, my parcel 4471 has not arrived yet.')).closest('li')!.querySelector('time')!;
    const at = Date.UTC(2024, 4, 1, 10, 0);
    for (const style of [{ dateStyle: 'full' }, { timeStyle: 'short' }] as const) {
      expect(new Intl.DateTimeFormat('en-GB', style).format(at)).not.toBe(new Intl.DateTimeFormat('en-US', style).format(at));
    }
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(new Intl.DateTimeFormat('en-GB', { dateStyle: 'full' }).format(at));
    expect(time.textContent).toBe(new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' }).format(at));
  });
});

describe('while loading', () => {
  test('reserves the space of the messages with placeholders hidden from assistive technology', async () => {
    sandbox.behave({ delayMs: { '/ccaas': 150 } });
    const { container } = card();
    const skeleton = container.querySelector('.msgs[aria-hidden="true"]');
    expect(skeleton?.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    await screen.findByRole('list', { name: 'Messages' });
    expect(container.querySelector('.skeleton')).toBeNull();
  });
});
