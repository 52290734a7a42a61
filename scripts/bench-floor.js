// @ts-check
/**
 * The bench's floor: a warm card load's work in one script, with no framework and no chunks. It reads
 * config.json (preloaded by its page), the sealing key and the token in one read-only IndexedDB
 * transaction, unseals the token, asks for the conversation's newest messages, and writes the username
 * and the messages' texts and times into the page. Without a usable token it hands over to the real
 * card (`card-app.html`), which signs in; the sign-in then returns there, so the next load finds the token.
 * It validates nothing and shows no error: a floor, not a card.
 */
const here = new URL(location.href);
const toCard = () => location.replace(`card-app.html${here.search}`);

const config = fetch(new URL('config.json', here)).then((r) => r.json());
/** @type {Promise<[CryptoKey | undefined, { iv: Uint8Array<ArrayBuffer>, data: ArrayBuffer } | undefined]>} */
const stored = new Promise((resolve, reject) => {
  const open = indexedDB.open('exchange-card');
  // As idb-keyval does, so the real card finds its object store after a first visit here.
  open.onupgradeneeded = () => open.result.createObjectStore('kv');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const kv = open.result.transaction('kv', 'readonly').objectStore('kv');
    const key = kv.get('sealing-key');
    const token = kv.get('token');
    kv.transaction.oncomplete = () => resolve([key.result, token.result]);
    kv.transaction.onerror = () => reject(kv.transaction.error);
  };
});

async function show() {
  const [key, sealed] = await stored;
  if (!key || !sealed) return toCard();
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode('token') }, key, sealed.data);
  const record = JSON.parse(new TextDecoder().decode(plain));
  if (record.expiresAt <= Date.now()) return toCard();
  const user = document.createElement('p');
  user.textContent = record.identity.username;
  document.body.replaceChildren(user);
  const { apiBaseUrl } = await config;
  const id = here.searchParams.get('conversationId') ?? '';
  const answer = fetch(`${apiBaseUrl}/ccaas/1/conversations/${encodeURIComponent(id)}/messages?orderBy=createdAt:DESC&limit=50&page=0`, {
    headers: { accept: 'application/json', authorization: `${record.tokenType} ${record.token}` },
    credentials: 'omit',
  }).then((r) => r.json());
  const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const list = document.createElement('ol');
  for (const m of [...(await answer).messages].reverse()) {
    const item = document.createElement('li');
    item.textContent = `${m.content?.text ?? m.contentType} · ${time.format(Date.parse(m.createdAt.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))}`;
    list.append(item);
  }
  document.body.append(list);
}

show().catch(toCard);
