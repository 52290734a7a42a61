/**
 * The card's SMS composer: its heading and Close, the SMS form, and opening by itself when a draft is
 * waiting. Loaded with the form, after the card's first screen.
 */
import type { Ref } from 'preact';
import { useEffect } from 'preact/hooks';
import { useT } from '../i18n';
import { enSms } from '../i18n/en-sms';
import { draftKey } from './drafts';
import { SmsForm, type SmsFormProps } from './SmsForm';

export interface SmsComposerProps extends SmsFormProps {
  open: boolean;
  /** The section, for the card to move focus into it. */
  section: Ref<HTMLElement>;
  /** A draft is waiting for this conversation (typed before a reload or a sign-in, which unmounts the card). */
  onDraft(): void;
  onClose(): void;
}

export function SmsComposer({ open, section, onDraft, onClose, ...form }: SmsComposerProps) {
  const t = useT(enSms);
  const { store, conversationId } = form;
  useEffect(() => {
    let live = true;
    store.get(draftKey(conversationId)).then(
      (draft) => live && (draft as { text?: unknown } | undefined)?.text && onDraft(),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [store, conversationId]);
  return (
    // Kept mounted while closed, so nothing typed is lost.
    <section ref={section} id="composer" class="composer" aria-labelledby="composer-heading" hidden={!open}>
      <div class="bar">
        <h2 id="composer-heading">{t('sms.reply')}</h2>
        <button type="button" class="link" aria-expanded="true" aria-controls="composer" onClick={onClose}>
          {t('sms.close')}
        </button>
      </div>
      {/* Keyed: another conversation means another draft, never this one's leftovers. */}
      <SmsForm key={conversationId} {...form} />
    </section>
  );
}
