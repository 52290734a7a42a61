/** Where a connection's cached credential is kept (the app server's credential store), and the lock it is renewed under. */
export const tokenKey = (id: string) => `connection-token:${id}`;
/** The lock every renewal of this connection's credential takes. */
export const connectionLock = (id: string) => `exchange-card:connection:${id}`;
