/**
 * Sends one SMS through Infobip. Validates first, never sends twice on its own (a send that may have
 * gone through is reported as such and left to the user), and keeps what was typed on any failure.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KeyValueStore } from '../auth/store';
import type { InfobipClient, SmsInput, SmsResult } from '../api/infobip';
import { useT, type MessageKey } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { MAX_SMS_TEXT, isPhoneNumber, validateSms, type SmsErrors, type SmsField } from './sms-validation';
import { useSmsDraft } from './use-sms-draft';

export interface SmsFormProps {
  infobip: InfobipClient;
  store: KeyValueStore;
  draftKey: string;
  /** The customer's address from the conversation, used when "To" is still empty. */
  suggestedTo?: string | undefined;
  /** After Infobip accepted an SMS, e.g. to show it in the conversation. */
  onSent?: () => void;
}

interface FieldProps {
  name: SmsField;
  label: MessageKey;
  hint?: string;
  error?: MessageKey | undefined;
  children: (aria: Record<string, string | boolean>) => ComponentChildren;
}

/** A label, the control, a hint and the field's error, tied together for assistive technology. */
function Field({ name, label, hint, error, children }: FieldProps) {
  const t = useT();
  const id = `sms-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': 'true' } : {}) })}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {t(error, { max: MAX_SMS_TEXT })}
        </p>
      )}
    </div>
  );
}

export function SmsForm({ infobip, store, draftKey, suggestedTo, onSent }: SmsFormProps) {
  const t = useT();
  const { draft, setDraft, restored, discard } = useSmsDraft(store, draftKey);
  const [errors, setErrors] = useState<SmsErrors>({});
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<SmsResult>();
  const [failure, setFailure] = useState<unknown>();
  const busy = useRef(false);
  /** Once the agent has typed in "To", the conversation's number never overwrites it, even an emptied field. */
  const toTouched = useRef(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // Only after the saved draft is read (it wins), and only with something an SMS can go to.
    if (restored && suggestedTo && isPhoneNumber(suggestedTo) && !toTouched.current) setDraft((now) => (now.to ? now : { ...now, to: suggestedTo }));
  }, [restored, suggestedTo, setDraft]);

  const edit = (name: SmsField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    if (name === 'to') toTouched.current = true;
    setDraft((now) => ({ ...now, [name]: value }));
    if (errors[name]) setErrors((now) => ({ ...now, [name]: undefined }));
  };

  async function send(input: SmsInput) {
    // The disabled button stops clicks; this stops a second Enter before the re-render.
    if (busy.current) return;
    busy.current = true;
    setSending(true);
    setResult(undefined);
    setFailure(undefined);
    try {
      setResult(await infobip.sendSms(input));
      discard(input.text);
      onSent?.();
    } catch (error) {
      setFailure(error);
    } finally {
      busy.current = false;
      setSending(false);
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    const checked = validateSms(draft);
    setErrors(checked.errors);
    if (checked.input) void send(checked.input);
    else form.current?.querySelector<HTMLElement>(`#sms-${(['to', 'text', 'from'] as const).find((f) => checked.errors[f])}`)?.focus();
  }

  return (
    <form ref={form} class="sms" onSubmit={submit} noValidate>
      <Field name="to" label="sms.to" hint={t('sms.toHint')} error={errors.to}>
        {(aria) => <input {...aria} type="tel" autocomplete="off" value={draft.to} onInput={edit('to')} />}
      </Field>
      <Field name="text" label="sms.text" hint={t('sms.count', { count: draft.text.length, max: MAX_SMS_TEXT })} error={errors.text}>
        {(aria) => <textarea {...aria} rows={4} value={draft.text} onInput={edit('text')} />}
      </Field>
      <Field name="from" label="sms.from" hint={t('sms.fromHint')} error={errors.from}>
        {(aria) => <input {...aria} autocomplete="off" value={draft.from} onInput={edit('from')} />}
      </Field>
      {/* No retry here: the Send button is the retry, pressed by a person who has read why it failed. */}
      {failure !== undefined && <ErrorAlert title={t('sms.failed')} error={failure} />}
      <button type="submit" class="primary" disabled={sending}>
        {sending ? t('sms.sending') : t('sms.send')}
      </button>
      <div role="status" class="result">
        {result && (
          <>
            <p>{t('sms.sent')}</p>
            <dl class="fields">
              <dt>{t('sms.messageId')}</dt>
              <dd>
                <code>{result.messageId}</code>
              </dd>
              <dt>{t('sms.status')}</dt>
              <dd>
                {result.status.name}
                {result.status.description && ` — ${result.status.description}`}
              </dd>
            </dl>
          </>
        )}
      </div>
    </form>
  );
}
