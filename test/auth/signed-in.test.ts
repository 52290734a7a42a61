import { describe, expect, it } from 'vitest';
import { startSession } from '../../src/auth/signed-in';
import { saveToken } from '../../src/auth/token-store';
import { getMessages } from '../../src/api/infobip/messages';
import { sealed } from '../../src/storage/store';
import { memoryStore } from '../../src/shared/key-value-store';
import { useSandbox } from '../support/sandbox';
import { issuedRecord } from '../support/token';

const { sandbox, config } = await useSandbox();

async function stored() {
  const store = sealed(memoryStore());
  const record = issuedRecord(sandbox, 3600);
  await saveToken(store, record);
  return startSession({ config, store }, record);
}

describe('a signed-in session', () => {
  it('renews a token Infobip refuses, and its session hands out the new one', async () => {
    const signedIn = await stored();
    sandbox.expireTokens();
    await expect(getMessages(signedIn.infobip, 'c1', 0)).resolves.toMatchObject({ messages: expect.any(Array) });
    expect((await signedIn.session.current()).token).not.toBe(signedIn.record.token);
  });

  it('a call whose token cannot be renewed fails with why, and tells who listens', async () => {
    const signedIn = await stored();
    const heard: unknown[] = [];
    signedIn.onLost((error) => heard.push(error));
    sandbox.revokeTokens();
    await expect(getMessages(signedIn.infobip, 'c1', 0)).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
    expect(heard).toEqual([expect.objectContaining({ code: 'REFRESH_FAILED' })]);
  });

  it('tells a listener that comes after the loss, as the page does after start-up’s first call failed', async () => {
    const signedIn = await stored();
    sandbox.revokeTokens();
    await getMessages(signedIn.infobip, 'c1', 0).catch(() => undefined);
    const heard: unknown[] = [];
    signedIn.onLost((error) => heard.push(error));
    expect(heard).toEqual([expect.objectContaining({ code: 'REFRESH_FAILED' })]);
  });

  it('a listener that stopped hears nothing more', async () => {
    const signedIn = await stored();
    const heard: unknown[] = [];
    signedIn.onLost((error) => heard.push(error))();
    sandbox.revokeTokens();
    await getMessages(signedIn.infobip, 'c1', 0).catch(() => undefined);
    expect(heard).toEqual([]);
  });
});
