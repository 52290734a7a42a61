import { render, screen } from '@testing-library/preact';
import { expect, test, vi } from 'vitest';
import { findAlert } from './harness';
import { ConfigError } from '../../src/config/config';
import { Fatal } from '../../src/ui/Standalone';
import './harness'; // cleanup between tests

test('a start-up failure is one alert that names the file and field', async () => {
  render(<Fatal error={new ConfigError('apiBaseUrl', 'must be an https URL: ftp://x')} />);
  const alert = await findAlert();
  expect(alert.textContent).toContain('This app could not start');
  expect(alert.textContent).toContain('config.json: "apiBaseUrl" must be an https URL: ftp://x');
  expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
});

test('speaks the browser’s language, since no signed-in user has said theirs', async () => {
  const language = vi.spyOn(navigator, 'language', 'get').mockReturnValue('ja-JP');
  try {
    render(<Fatal error={new ConfigError('clientId', 'is missing')} />);
    expect(await screen.findByText('このアプリを起動できませんでした')).toBeTruthy();
  } finally {
    language.mockRestore();
  }
});
