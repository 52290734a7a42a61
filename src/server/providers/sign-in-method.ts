import type { KeyValueStore } from '../../shared/key-value-store';
import type { Expiring, TokenCache } from '../../shared/token-cache';

/** A connection call (its token, its request, their retries) ends within this unless told otherwise. */
export const DEFAULT_DEADLINE_MS = 10_000;

/** What every sign-in method module needs: the store for its cached credential, and the request policy. */
export interface ConnectionDeps {
  store: KeyValueStore;
  /** The lock a credential is renewed under: the app server's database lock, shared by its instances. */
  withLock: <R>(name: string, fn: () => Promise<R>) => Promise<R>;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The whole of one connection call, and of one renewal of its credential (default DEFAULT_DEADLINE_MS). */
  deadlineMs?: number;
  /**
   * This instance's memory of each connection's opened credential: the cache made for connection `id`
   * as it is now (`version`), kept from one request to the next; a changed connection gets a new one.
   */
  remember?: <T extends Expiring>(id: string, version: string, make: () => TokenCache<T>) => TokenCache<T>;
}

/** One sign-in method of one connection. */
export interface SignInMethod {
  /** Headers that authenticate one request, fetching or renewing the credential first when due. */
  headers(): Promise<Record<string, string>>;
  /**
   * After the server refused `sent` with `status` (401 or 403): renews or switches the credential.
   * True when sending again with fresh headers() may succeed; the client does that once.
   */
  recover(status: number, sent: Record<string, string>): Promise<boolean>;
  /** What it means when the server refuses the request again after recovery, for the error message. */
  readonly refusal: string;
}
