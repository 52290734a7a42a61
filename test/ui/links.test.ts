import { describe, expect, test } from 'vitest';
import { linkParts } from '../../src/ui/links';

const link = (text: string, href = text) => ({ href, text });

describe('the web addresses in a message', () => {
  test('become links; the words around them stay text', () => {
    expect(linkParts('Track it at https://track.example.com/4471?ref=sms and reply.')).toEqual([
      'Track it at ',
      link('https://track.example.com/4471?ref=sms'),
      ' and reply.',
    ]);
    expect(linkParts('http://a.example')).toEqual([link('http://a.example', 'http://a.example/')]);
  });

  test('end before sentence punctuation and an unopened bracket, not before a bracket they opened', () => {
    expect(linkParts('See https://example.com/a.')).toEqual(['See ', link('https://example.com/a'), '.']);
    expect(linkParts('(see https://example.com/a)!')).toEqual(['(see ', link('https://example.com/a'), ')!']);
    expect(linkParts('https://en.wikipedia.org/wiki/Tofu_(food), ok')).toEqual([link('https://en.wikipedia.org/wiki/Tofu_(food)'), ', ok']);
  });

  test('end where Japanese text runs on, or a quote or angle bracket closes them', () => {
    expect(linkParts('詳細はhttps://example.jp/aをご覧ください。')).toEqual(['詳細は', link('https://example.jp/a'), 'をご覧ください。']);
    expect(linkParts('"https://example.com/x"<b>')).toEqual(['"', link('https://example.com/x'), '"<b>']);
  });

  test('only http and https: a javascript: or data: address, a bare domain and a bare scheme stay text', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt://%0aalert(1)', 'data:text/html,<b>x</b>', 'www.example.com', 'https://', 'ftp://example.com/f']) {
      expect(linkParts(text)).toEqual([text]);
    }
  });

  test('an address inside another scheme is not taken out of it', () => {
    expect(linkParts('javascript:https://example.com')).toEqual(['javascript:', link('https://example.com', 'https://example.com/')]);
  });
});
