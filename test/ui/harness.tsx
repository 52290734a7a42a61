/**
 * Shared by the screen tests: render in a language, and an Infobip client for the local sandbox.
 * The token source hands out a token the sandbox really issued (test data, not a stand-in for our code).
 */
import { render, screen, waitFor } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import type { Config } from '../../src/config/config';
import { createInfobipClient, type InfobipClient } from '../../src/api/infobip/client';
import type { TokenRecord } from '../../src/shared/token-record';
import { I18nContext, createT, loadT, type Locale } from '../../src/i18n';
import type { Sandbox } from '../support/sandbox';
import { issuedRecord } from '../support/token';

// As the page does before rendering in Japanese: fetch the catalogue first.
await loadT('ja');

export const XSS = '<img src=x onerror=alert(1)>';

/** The alert once its explanation has arrived: ErrorDetails loads on the first failure, as in the app. */
export function findAlert(): Promise<HTMLElement> {
  return waitFor(
    () => {
      const alert = screen.getByRole('alert');
      if (!alert.querySelector('.alert-title ~ *')) throw new Error('the alert has no explanation yet');
      return alert;
    },
    { timeout: 5000 },
  );
}

export function renderIn(locale: Locale, ui: ComponentChildren) {
  return render(<I18nContext.Provider value={createT(locale)}>{ui}</I18nContext.Provider>);
}

/** The real client against the sandbox; only the waits between its own retries are skipped. */
export function signedIn(sandbox: Sandbox, config: Config, user?: Record<string, unknown>): { record: TokenRecord; infobip: InfobipClient } {
  const record = issuedRecord(sandbox, 3600, user);
  const infobip = createInfobipClient(config, { current: async () => record, recover: async () => record }, { sleep: async () => {} });
  return { record, infobip };
}

/** No element was made from markup anywhere in the page. */
export const noInjectedElements = () => document.querySelectorAll('img, script, iframe').length === 0;
