import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, expect, test, vi } from 'vitest';
import { memoryStore } from '../../src/shared/key-value-store';
import { SignIn } from '../../src/ui/SignIn';
import { APP_PAGE, useSandbox } from '../support/sandbox';
import { findAlert, renderIn } from './harness';

const { config } = await useSandbox();

afterEach(() => vi.restoreAllMocks());

test('Sign in opens the sign-in window within the click itself, before any await, or browsers block it', async () => {
  // The browser's answer when it blocks a popup: no window.
  const open = vi.spyOn(window, 'open').mockReturnValue(null);
  renderIn(
    'en',
    <SignIn deps={{ config, store: memoryStore(), persistent: false }} pageState={null} url={APP_PAGE} reason={{ kind: 'signed-out' }} onSignedIn={() => {}} />,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  expect(open).toHaveBeenCalledTimes(1);
  expect((await findAlert()).textContent).toContain('The browser blocked the sign-in window.');
});
