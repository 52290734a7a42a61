import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/storage/lock';

describe('withLock', () => {
  it('runs callers of one name one at a time, in order, even without Web Locks', async () => {
    const events: string[] = [];
    const task = (name: string, ms: number) =>
      withLock('one', async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`end ${name}`);
        return name;
      });
    expect(await Promise.all([task('a', 20), task('b', 1), task('c', 5)])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets the next caller run after one fails, and passes the failure to its caller', async () => {
    const failing = withLock('two', async () => {
      throw new Error('boom');
    });
    const next = withLock('two', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
