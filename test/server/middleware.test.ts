/**
 * Limits per person, not per sign-in (issue 18 §5): the budgets count per user and per account, however
 * many sessions a person opens, and admins have a budget of their own that agents cannot spend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, useServerWorld } from './support';

const w = await useServerWorld();
const SECOND_AGENT = { ...AGENT, username: 'agent-2', userKey: 'C0000000000000000000000000000002' };

afterEach(async () => {
  await w.restart();
});

describe('rate limits count per person', () => {
  it("one agent's sign-ins share one budget (RATE_LIMIT_SESSION per user); another agent keeps their own", async () => {
    await w.restart({ RATE_LIMIT_SESSION: '3' });
    w.sandbox.behave({ portal: '403' });
    const sessions = [await w.signIn(AGENT), await w.signIn(AGENT), await w.signIn(AGENT), await w.signIn(AGENT)];
    const statuses = [];
    for (const { credential } of sessions) statuses.push((await w.call('GET', '/connections', credential)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await w.signIn(SECOND_AGENT);
    expect((await w.call('GET', '/connections', other.credential)).status).toBe(200);
  });

  it("agents who spend the account's budget on connection actions do not lock the admin out: the admin still lists, saves and tests", async () => {
    await w.restart({ RATE_LIMIT_ACCOUNT: '3' });
    const admin = await w.signIn();
    expect((await w.call('PUT', '/connections/team', admin.credential, w.draft('fujitsu-api-key'))).status).toBe(201);
    w.sandbox.behave({ portal: '403' });
    const agents = [await w.signIn(AGENT), await w.signIn(SECOND_AGENT)];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await w.call('POST', '/connections/team/actions/probe', agents[i % 2]?.credential)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    w.sandbox.behave({ portal: 'ok' });
    expect((await w.call('GET', '/connections', admin.credential)).status).toBe(200);
    expect((await w.call('PUT', '/connections/team', admin.credential, w.draft('fujitsu-api-key', { name: 'Fixed' }))).status).toBe(200);
    expect((await w.call('POST', '/connections/team/test', admin.credential)).status).toBe(200);
    expect((await w.call('GET', '/audit', admin.credential)).status).toBe(200);
  });

  it("admin endpoints spend the admin's own budget (RATE_LIMIT_ADMIN), which the admin's reads leave alone", async () => {
    await w.restart({ RATE_LIMIT_ADMIN: '2' });
    const admin = await w.signIn();
    const changes = [];
    for (let i = 0; i < 3; i++) changes.push((await w.call('PUT', `/connections/admin-${i}`, admin.credential, w.draft('fujitsu-api-key'))).status);
    expect(changes).toEqual([201, 201, 429]);
    expect((await w.call('GET', '/connections', admin.credential)).status).toBe(200);
  });
});
