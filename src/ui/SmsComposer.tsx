/**
 * The card's SMS composer: its heading and Close, the SMS form, and opening by itself when a draft is
 * waiting. Loaded with the form, after the card's first screen.
 */
import type { ComponentChild, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n';
import { enMessages } from '../i18n/en-messages';
import { enSms } from '../i18n/en-sms';
import type { MessageKey } from '../i18n/en';
import { draftKey } from './drafts';
import { onReplyChosen } from './reply-choice';
import type { SmsInput, SmsResult } from '../api/infobip/sms';
import { GROUPS, SmsForm, type SmsFormProps } from './SmsForm';

export interface SmsComposerProps extends Omit<SmsFormProps, 'onSent'> {
  /** After Infobip accepted an SMS: `note` says so with its ID and status, for the card to show once the composer closes. */
  onSent(result: SmsResult, input: SmsInput, note: ComponentChild): void;
  open: boolean;
  /** The card's "Reply by SMS", where focus goes back when the composer closes. */
  reply: RefObject<HTMLElement | null>;
  /** A draft is waiting for this conversation (typed before a reload or a sign-in, which unmounts the card), or the agent chose a connection's answer for the reply. */
  onDraft(): void;
  onClose(): void;
}

export function SmsComposer({ open, reply, onDraft, onClose, onSent, ...form }: SmsComposerProps) {
  const t = useT(enSms, enMessages);
  const { store, conversationId } = form;
  const section = useRef<HTMLElement>(null);
  /** Open or closed as focus last followed it: a draft opening the composer by itself moves no focus. */
  const followed = useRef(open);
  // A connection's answer the agent chose for the reply ("Use in reply"): the composer opens with it in the message.
  const [insert, setInsert] = useState<{ text: string }>();
  useEffect(
    () =>
      onReplyChosen((text) => {
        setInsert({ text });
        onDraft();
      }),
    [],
  );
  // Focus follows the agent: into the message when they open it, back to "Reply by SMS" when it closes.
  // An effect, so it comes after the form's own (a send's outcome takes focus, and the send closes the composer).
  useEffect(() => {
    if (followed.current === open) return;
    followed.current = open;
    (open ? section.current?.querySelector('textarea') : reply.current)?.focus();
  }, [open]);
  useEffect(() => {
    let live = true;
    store.get(draftKey(conversationId)).then(
      (draft) => {
        if (!live || !(draft as { text?: unknown } | undefined)?.text) return;
        followed.current = true;
        onDraft();
      },
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
      <SmsForm
        key={conversationId}
        {...form}
        insert={insert}
        onSent={(result, input) =>
          onSent(
            result,
            input,
            <>
              <span>{t('sms.sentNote')}</span> {t('sms.messageId')} <code>{result.messageId}</code> ·{' '}
              {GROUPS.includes(result.status.groupName)
                ? t(`msgs.status.${result.status.groupName}` as MessageKey)
                : t('msgs.status.other', { name: result.status.name })}
            </>,
          )
        }
      />
    </section>
  );
}
