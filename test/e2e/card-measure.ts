/** How the card lays out in its frame, measured in the page: what scrolls, and how many messages are in view. */
import type { Frame } from 'playwright-core';

export interface Layout {
  /** Every element that scrolls (overflow auto or scroll, with more content than room), as tag.class. */
  scrolling: string[];
  documentScrolls: boolean;
  /** Messages wholly inside the list's visible box. */
  inView: number;
  headerTop: number;
  /** The opened connections section's height; 0 while it is folded. */
  connectionsHeight: number;
}

export function cardLayout(frame: Frame): Promise<Layout> {
  return frame.evaluate(() => {
    const scrolling = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => {
        const style = getComputedStyle(element);
        const scrolls = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
        return (
          (scrolls(style.overflowY) && element.scrollHeight > element.clientHeight + 1) ||
          (scrolls(style.overflowX) && element.scrollWidth > element.clientWidth + 1)
        );
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    const list = document.querySelector('.msgs')!.getBoundingClientRect();
    const inView = [...document.querySelectorAll('.msgs .msg')].filter((item) => {
      const box = item.getBoundingClientRect();
      return box.top >= list.top - 0.5 && box.bottom <= list.bottom + 0.5;
    }).length;
    const body = document.querySelector('#conn-body');
    return {
      scrolling,
      documentScrolls: document.scrollingElement!.scrollHeight > innerHeight + 1,
      inView,
      headerTop: document.querySelector('header.top')!.getBoundingClientRect().top,
      connectionsHeight: body && !body.hasAttribute('hidden') ? body.getBoundingClientRect().height : 0,
    };
  });
}
