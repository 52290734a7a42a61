/** Recording of what a browser page sends and receives, for tests that prove a secret or a URL never passes through it. */
import type { Page } from 'playwright-core';

export interface Seen {
  /** The request's method and URL, or "answer to" them. */
  what: string;
  /** Everything of it as text: URL, headers and body. */
  text: string;
  /** The request's URL and body as sent (none for an answer). */
  url?: string;
  body?: string | null;
}

export interface Recording {
  seen: Seen[];
  /** Resolves once every request and answer seen so far has been read (headers and bodies arrive asynchronously). */
  settled: () => Promise<unknown>;
}

/** Records every request (URL, headers, body) and every answer (headers, body) the page's frames see. */
export function record(page: Page): Recording {
  const seen: Seen[] = [];
  const pending: Promise<unknown>[] = [];
  page.on('request', (request) => {
    pending.push(
      request
        .allHeaders()
        .then((headers) =>
          seen.push({
            what: `${request.method()} ${request.url()}`,
            text: `${request.url()}\n${JSON.stringify(headers)}\n${request.postData() ?? ''}`,
            url: request.url(),
            body: request.postData(),
          }),
        )
        .catch(() => undefined),
    );
  });
  page.on('response', (response) => {
    pending.push(
      Promise.all([response.allHeaders(), response.text().catch(() => '')])
        .then(([headers, body]) =>
          seen.push({ what: `answer to ${response.request().method()} ${response.url()}`, text: `${JSON.stringify(headers)}\n${body}` }),
        )
        .catch(() => undefined),
    );
  });
  return { seen, settled: () => Promise.all(pending) };
}
