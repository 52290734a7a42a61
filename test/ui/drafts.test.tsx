/** Signing out forgets the agent's SMS drafts: on a shared PC the next agent must not find them. */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { openStore } from '../../src/storage/store';
import { memoryStore, type KeyValueStore } from '../../src/shared/key-value-store';
import { clearDrafts } from '../../src/ui/drafts';
import { SmsForm } from '../../src/ui/SmsForm';
import { useSandbox } from '../support/sandbox';
import { renderIn, signedIn } from './harness';

const { sandbox, config } = await useSandbox();

const names = async (store: KeyValueStore) => ((await store.keys?.()) ?? []).sort();
const typeText = (value: string) => fireEvent.input(screen.getByLabelText('Message'), { target: { value } });

function form(store: KeyValueStore, conversationId = 'c1') {
  const { infobip } = signedIn(sandbox, config);
  return renderIn('en', <SmsForm infobip={infobip} store={store} conversationId={conversationId} suggestedTo="41793026727" />);
}

describe('clearing the drafts at sign-out', () => {
  test('forgets every conversation’s draft in IndexedDB and keeps everything else', async () => {
    const { store } = await openStore('drafts-clear-test');
    await store.set('draft:sms:c1', { to: '41793026727', text: 'Half-typed', from: '' });
    await store.set('draft:sms:-', { to: '', text: 'No conversation', from: '' });
    await store.set('token', { kept: true });
    await clearDrafts(store);
    expect(await names(store)).not.toContain('draft:sms:c1');
    expect(await names(store)).not.toContain('draft:sms:-');
    expect(await store.get('token')).toEqual({ kept: true });
  });

  test('a form open at sign-out does not save its text again afterwards (its pending save is dropped)', async () => {
    // In memory, so the clearing is over well within the save's debounce, as it is when the agent is quick.
    const store = memoryStore();
    const open = form(store);
    // Ready: the saved draft read (none) and the conversation's number filled in.
    await waitFor(() => expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('41793026727'));
    typeText('Typed just before signing out');
    await new Promise((r) => setTimeout(r, 50));
    // Signed out within the save's debounce; the page then unmounts the card, which flushes what is pending.
    await clearDrafts(store);
    open.unmount();
    await new Promise((r) => setTimeout(r, 400));
    expect((await names(store)).filter((name) => name.startsWith('draft:'))).toEqual([]);
  });

  test('the next agent’s form starts empty, and keeps their own draft again', async () => {
    const { store } = await openStore('drafts-next-agent-test');
    const first = form(store);
    await screen.findByLabelText('Message');
    typeText('The first agent’s text');
    await waitFor(async () => expect(await store.get('draft:sms:c1')).toMatchObject({ text: 'The first agent’s text' }));
    await clearDrafts(store);
    first.unmount();

    form(store);
    const message = (await screen.findByLabelText('Message')) as HTMLTextAreaElement;
    await new Promise((r) => setTimeout(r, 100));
    expect(message.value).toBe('');
    typeText('The second agent’s text');
    await waitFor(async () => expect(await store.get('draft:sms:c1')).toMatchObject({ text: 'The second agent’s text' }));
  });
});
