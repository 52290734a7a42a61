/**
 * The web addresses in a message's text, to show as links. Only `http:` and `https:` addresses
 * written out in full: a `javascript:` or `data:` "link", or a bare domain, stays text. The caller
 * builds elements from the parts; nothing here is ever HTML.
 */

export interface LinkPart {
  /** The address to open, as the URL parser normalised it. */
  href: string;
  /** The address as the message wrote it. */
  text: string;
}

/**
 * The characters of a URL (RFC 3986), ASCII only: Japanese text often runs on straight after an
 * address ("https://example.com/aをご覧ください"), and quotes or angle brackets around it end it.
 */
const ADDRESS = /https?:\/\/[\w\-.~:/?#[\]@!$&'()*+,;=%]+/gi;
/** Sentence punctuation after an address is not part of it. */
const TRAILING = /[.,;:!?'*]+$/;

/** A closing bracket ends the address when the address did not open one: "(see https://x.com/a)". */
function trim(candidate: string): string {
  let text = candidate.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (text.endsWith(close) && text.split(close).length > text.split(open).length) text = text.slice(0, -1).replace(TRAILING, '');
  }
  return text;
}

function web(text: string): string | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The text in order: plain runs as strings, addresses as links. */
export function linkParts(text: string): (string | LinkPart)[] {
  const parts: (string | LinkPart)[] = [];
  let at = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = trim(match[0]);
    const href = web(address);
    if (!href) continue;
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push({ href, text: address });
    at = match.index + address.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
