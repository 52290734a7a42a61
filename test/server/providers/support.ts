/**
 * Test support: the Infobip sandbox in-process with Mico Voice AI at /mico and Fujitsu at /fujitsu
 * mounted on it (one server, one clock), and connections to them made the way the settings page
 * makes them (newDraft + checkDraft).
 */
import { afterAll, beforeEach } from 'vitest';
import { inProcess } from '../../../src/shared/in-process-lock';
import { memoryStore, type KeyValueStore } from '../../../src/shared/key-value-store';
import { checkDraft, newDraft, type Draft } from '../../../src/shared/connection-fields';
import type { Connection, ConnectionKind } from '../../../src/shared/connection';
import type { ConnectionDeps } from '../../../src/server/providers/sign-in-method';
import { createFujitsuSandbox } from '../../sandbox/fujitsu.js';
import { createInfobipSandbox } from '../../sandbox/infobip.js';
import { createMicoSandbox } from '../../sandbox/mico.js';

export type Providers = Awaited<ReturnType<typeof useProviders>>;

/** One server per test file, every sandbox reset before each test. */
export async function useProviders() {
  const sandbox = await createInfobipSandbox();
  const mico = createMicoSandbox();
  const fujitsu = createFujitsuSandbox({ clientSecret: 'Zm9v+YmFy/c2VjcmV0=', clientId: 'aispf-client.01' });
  sandbox.mount('/mico', mico.handler);
  sandbox.mount('/fujitsu', fujitsu.handler);
  beforeEach(() => {
    sandbox.reset();
    mico.reset();
    fujitsu.reset();
  });
  afterAll(() => sandbox.close());

  const base = { mico: `${sandbox.url}/mico`, fujitsu: `${sandbox.url}/fujitsu` };
  const credentials = (kind: ConnectionKind): Partial<Draft> => {
    switch (kind) {
      case 'mico':
        return { baseUrl: base.mico, clientId: mico.clientId, clientSecret: mico.clientSecret, probePath: '/v1/campaigns' };
      case 'fujitsu-api-key':
        return { baseUrl: base.fujitsu, primaryKey: fujitsu.primaryKey, secondaryKey: fujitsu.secondaryKey, probePath: '/v1/health' };
      default:
        return { baseUrl: base.fujitsu, clientId: fujitsu.clientId, clientSecret: fujitsu.clientSecret, probePath: '/v1/health' };
    }
  };

  return {
    sandbox,
    mico,
    fujitsu,
    /** A checked connection of `kind` to its sandbox, with `overrides` typed over the defaults. */
    connection<K extends ConnectionKind>(kind: K, overrides: Partial<Draft> = {}): Extract<Connection, { kind: K }> {
      const checked = checkDraft({ ...newDraft(kind, `${kind}-test`), name: `${kind} test`, ...credentials(kind), ...overrides });
      if (!checked.ok) throw new Error(`test connection does not check: ${JSON.stringify(checked.problems)}`);
      return checked.connection as Extract<Connection, { kind: K }>;
    },
    /** What the app server gives the sign-in methods: a store, a lock, the sandbox's clock, no waits between retries. */
    deps(store: KeyValueStore = memoryStore()): ConnectionDeps & { store: KeyValueStore } {
      return { store, withLock: inProcess, now: sandbox.now, sleep: async () => {} };
    },
    /** The requests that reached a path, in order. */
    requests(path: string, method?: string) {
      return sandbox.log.filter((e: { path: string; method: string }) => e.path === path && (!method || e.method === method));
    },
  };
}
