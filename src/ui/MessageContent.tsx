/**
 * A message that is not plain text, shown as what it is: an image or a sticker, a video or audio to
 * play, each with a link to open it, a location, a file, a template, or a labelled placeholder that
 * still shows any text it carries. Loaded only for conversations that have such messages. Links only
 * ever go to http(s) addresses.
 */
import { useState } from 'preact/hooks';
import type { ConversationMessage } from '../api/infobip/messages';
import { useT } from '../i18n';
import { enCardMore } from '../i18n/en-card-more';
import { enMessages } from '../i18n/en-messages';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

function web(value: unknown): URL | undefined {
  try {
    const url = new URL(String(value));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const fileName = (url: URL) => decodeURIComponent(url.pathname.split('/').pop() ?? '') || url.host;

function Link({ href, children }: { href: URL; children: string }) {
  return (
    <a href={href.href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Image({ url, alt, sticker }: { url: URL; alt: string; sticker?: boolean }) {
  const [broken, setBroken] = useState(false);
  // An image the page may not load (or that is gone) still leaves its link; a sticker, which has none, its name.
  if (broken) return sticker ? <p class="quiet">{alt}</p> : null;
  return <img class={sticker ? 'media sticker' : 'media'} src={url.href} alt={alt} loading="lazy" onError={() => setBroken(true)} />;
}

/** Played in the card; one the browser cannot play (its format, or the page's policy) leaves its link. */
function Player({ url, video }: { url: URL; video: boolean }) {
  const [broken, setBroken] = useState(false);
  if (broken) return null;
  const Media = video ? 'video' : 'audio';
  return <Media class="media" src={url.href} controls preload="metadata" onError={() => setBroken(true)} />;
}

export function MessageContent({ message }: { message: ConversationMessage }) {
  const t = useT(enCardMore, enMessages);
  const c = message.content;
  const url = web(c.url);
  const caption = str(c.caption) ?? str(c.text);
  const type = message.contentType.toUpperCase();

  if (type === 'IMAGE' && url) {
    return (
      <div class="content">
        <Image url={url} alt={caption ?? t('msgs.image')} />
        {caption && <p class="text">{caption}</p>}
        <Link href={url}>{t('msgs.openImage')}</Link>
      </div>
    );
  }
  if (type === 'LOCATION' && typeof c.latitude === 'number' && typeof c.longitude === 'number') {
    const where = new URL(`https://www.openstreetmap.org/?mlat=${c.latitude}&mlon=${c.longitude}#map=17/${c.latitude}/${c.longitude}`);
    const name = [str(c.name), str(c.address)].filter(Boolean).join(', ');
    return (
      <div class="content">
        <p class="quiet">{t('msgs.location')}</p>
        <Link href={where}>{name || `${c.latitude}, ${c.longitude}`}</Link>
      </div>
    );
  }
  if (type === 'STICKER' && url) {
    return (
      <div class="content">
        <Image url={url} alt={t('msgs.sticker')} sticker />
      </div>
    );
  }
  if ((type === 'VIDEO' || type === 'AUDIO') && url) {
    return (
      <div class="content">
        <Player url={url} video={type === 'VIDEO'} />
        {caption && <p class="text">{caption}</p>}
        <Link href={url}>{t(type === 'VIDEO' ? 'msgs.video' : 'msgs.audio')}</Link>
      </div>
    );
  }
  if ((type === 'DOCUMENT' || type === 'FILE') && url) {
    return (
      <div class="content">
        <p class="quiet">{t('msgs.file')}</p>
        <Link href={url}>{str(c.name) ?? str(c.fileName) ?? fileName(url)}</Link>
        {caption && <p class="text">{caption}</p>}
      </div>
    );
  }
  const template = type === 'TEMPLATE' ? (str(c.templateName) ?? str(c.name)) : undefined;
  return (
    <div class="content">
      <p class="quiet">{template ? t('msgs.template', { name: template }) : t('msgs.unknown', { type: message.contentType || '?' })}</p>
      {caption && <p class="text">{caption}</p>}
    </div>
  );
}
