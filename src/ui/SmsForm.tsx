/**
 * Sends one SMS through Infobip. Validates first, never sends twice on its own (a send that may have
 * gone through is reported as such and left to the user), and keeps what was typed on any failure.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api-error';
import { AuthError } from '../shared/auth-error';
import type { KeyValueStore } from '../shared/key-value-store';
import type { InfobipClient } from '../api/infobip/client';
import { sendSms, type SmsInput, type SmsResult } from '../api/infobip/sms';
import { useT, type MessageKey } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { Field } from './Field';
import { MAX_SMS_TEXT, validateSms, type SmsErrors, type SmsField } from './sms-validation';
import type { CountryCode } from './phone-number';
import { type PhoneNumbers, usePhoneNumbers } from './use-phone-numbers';
import { smsParts } from './sms-parts';
import { agentRegion, exampleIn } from './example-number';
import { draftKey } from './drafts';
import { useSmsDraft } from './use-sms-draft';
import { enCardMore } from '../i18n/en-card-more';
import { enSms } from '../i18n/en-sms';

/** Infobip's status groups, said in words; the status name and description stay Infobip's. */
/** Infobip's status groups the app words; any other is shown by its name. */
export const GROUPS = ['PENDING', 'DELIVERED', 'UNDELIVERABLE', 'EXPIRED', 'REJECTED'];

/** Channels by the names their users know; another one shows as Infobip names it. */
const CHANNELS: Record<string, string> = {
  WHATSAPP: 'WhatsApp',
  VIBER: 'Viber',
  FACEBOOK_MESSENGER: 'Messenger',
  INSTAGRAM_DM: 'Instagram',
  TELEGRAM: 'Telegram',
  LINE: 'LINE',
};

export interface SmsFormProps {
  infobip: InfobipClient;
  store: KeyValueStore;
  /** The conversation the SMS goes with: each has a draft of its own. */
  conversationId: string | undefined;
  /** The customer's address from the conversation, used when "To" is still empty. */
  suggestedTo?: string | undefined;
  /** The conversation's channel: on any but SMS the form says it sends an SMS, not a message there. */
  channel?: string | undefined;
  /** After Infobip accepted an SMS, e.g. to show it in the conversation and follow its status. */
  onSent?: (result: SmsResult, input: SmsInput) => void;
  /** Text the agent chose for the reply (a connection's answer): each new one goes into the message, for them to edit. */
  insert?: { text: string } | undefined;
}

/** Infobip's field paths (`messages[0].destinations[0].to`) → our fields. */
const FIELD_PATHS: [RegExp, SmsField][] = [
  [/\.to$/, 'to'],
  [/\.text$/, 'text'],
  [/\.from$/, 'from'],
];

/** Infobip's words about a field go to that field; what names no field of ours stays in the alert. */
function splitFieldErrors(error: unknown): { errors: SmsErrors; rest: unknown } {
  if (!(error instanceof ApiError) || error.fields.length === 0) return { errors: {}, rest: error };
  const errors: SmsErrors = {};
  const rest = error.fields.filter(({ field, messages }) => {
    const ours = FIELD_PATHS.find(([path]) => path.test(field))?.[1];
    if (ours && messages.length > 0) errors[ours] = { said: messages.join(' ') };
    return !ours;
  });
  return { errors, rest: new ApiError(error.code, error.message, { ...error.init, fields: rest }) };
}

export function SmsForm({ infobip, store, conversationId, suggestedTo, channel, onSent, insert }: SmsFormProps) {
  const t = useT(enSms, enCardMore);
  const form = useRef<HTMLFormElement>(null);
  const { phone, need } = usePhoneNumbers(form);
  const conversation = useMemo(() => phone?.conversationNumber(suggestedTo), [phone, suggestedTo]);
  // Domestic numbers are read where the customer is, else where the agent is.
  const regionWith = (number: typeof conversation) => (number?.country ?? agentRegion(t.locale)) as CountryCode | undefined;
  const region = regionWith(conversation);
  const country = (code: string | undefined) => (code && new Intl.DisplayNames([t.locale], { type: 'region' }).of(code)) || '';
  const example = exampleIn(region, t.locale);
  /** A send to another number than the conversation's, waiting for the agent's yes. */
  const [confirming, setConfirming] = useState<{ input: SmsInput; number: string }>();
  const { draft, setDraft, restored, discard, signedOut, retrying, interrupted } = useSmsDraft(store, draftKey(conversationId));
  const [errors, setErrors] = useState<SmsErrors>({});
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<SmsResult>();
  const [failure, setFailure] = useState<unknown>();
  const busy = useRef(false);
  /**
   * Once the agent has been in "To", the conversation's number never fills it, even an emptied field: a
   * number filled in while they type there would join what they type.
   */
  const toTouched = useRef(false);
  /** Where the outcome of a send appears; it takes focus so keyboard users land on it. */
  const outcome = useRef<HTMLDivElement>(null);
  const [sent, setSent] = useState(0);
  useEffect(() => {
    if (sent) outcome.current?.focus();
  }, [sent]);

  useEffect(() => {
    // Only after the saved draft is read (it wins), and only with something an SMS can go to.
    if (restored && suggestedTo && conversation && !toTouched.current) setDraft((now) => (now.to ? now : { ...now, to: suggestedTo }));
  }, [restored, suggestedTo, conversation, setDraft]);
  // One already there when this form opened was meant for another conversation's form.
  const inserted = useRef(insert);
  useEffect(() => {
    // After the saved draft is read; what the agent typed stays, the chosen text after it.
    if (!restored || !insert || inserted.current === insert) return;
    inserted.current = insert;
    setDraft((now) => ({ ...now, text: now.text.trim() ? `${now.text.trimEnd()}\n\n${insert.text}` : insert.text }));
  }, [restored, insert, setDraft]);
  useEffect(() => {
    if (confirming) form.current?.querySelector<HTMLElement>('.confirm button')?.focus();
  }, [confirming]);

  const edit = (name: SmsField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    if (name === 'to') toTouched.current = true;
    // The agent's yes was for what the question showed.
    setConfirming(undefined);
    setDraft((now) => ({ ...now, [name]: value }));
    if (errors[name]) setErrors((now) => ({ ...now, [name]: undefined }));
  };

  async function send(input: SmsInput) {
    // The disabled button stops clicks; this stops a second Enter before the re-render.
    if (busy.current) return;
    busy.current = true;
    setConfirming(undefined);
    setSending(true);
    retrying();
    try {
      const sent = await sendSms(infobip, input);
      setResult(sent);
      discard(input.text);
      onSent?.(sent, input);
    } catch (error) {
      // Signed out before Infobip acted on it: nothing went, and the page is about to sign in again.
      if (error instanceof AuthError) interrupted(draft);
      else {
        const { errors, rest } = splitFieldErrors(error);
        setErrors(errors);
        setFailure(rest);
      }
    } finally {
      busy.current = false;
      setSending(false);
      setSent((n) => n + 1);
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    // Whatever this press leads to replaces what the last one said.
    setResult(undefined);
    setFailure(undefined);
    retrying();
    if (phone) check(phone);
    else need().then(check, setFailure);
  }

  function check(phone: PhoneNumbers) {
    const conversation = phone.conversationNumber(suggestedTo);
    const region = regionWith(conversation);
    const checked = validateSms(draft, phone.readNumber(draft.to, region), region);
    setErrors(checked.errors);
    if (checked.input && checked.number && conversation && checked.number.number !== conversation.number)
      setConfirming({ input: checked.input, number: checked.number.formatInternational() });
    else if (checked.input) void send(checked.input);
    else form.current?.querySelector<HTMLElement>(`#sms-${(['to', 'text', 'from'] as const).find((f) => checked.errors[f])}`)?.focus();
  }

  /** A field's error in words: ours from the catalogue, or Infobip's own. */
  const said = (error: SmsErrors[SmsField]) =>
    error === undefined ? undefined : typeof error === 'string' ? t(error, { max: MAX_SMS_TEXT, country: country(region) }) : error.said;

  const reading = phone?.readNumber(draft.to, region);
  const toHint =
    reading && 'number' in reading
      ? t('sms.sendsTo', { number: reading.number.formatInternational(), country: country(reading.number.country) || `+${reading.number.countryCallingCode}` })
      : phone && region
        ? t('sms.toHintRegion', { country: country(region), example })
        : t('sms.toHint', { example });
  const parts = smsParts(draft.text);
  const partsHint =
    parts.parts === 0
      ? t('sms.partsEmpty')
      : parts.unicodeBecause === undefined
        ? t('sms.partsGsm', { used: parts.used, room: parts.room, parts: parts.parts })
        : t('sms.partsUnicode', { used: parts.used, room: parts.room, parts: parts.parts, char: parts.unicodeBecause });

  return (
    // Busy until it can read phone numbers: Send still works meanwhile, and waits for that.
    <form ref={form} class="sms" onSubmit={submit} noValidate aria-busy={!phone}>
      {channel && channel !== 'SMS' && <p class="note">{t('sms.notChannel', { channel: CHANNELS[channel] ?? channel })}</p>}
      <Field id="sms-to" label={t('sms.to')} hint={toHint} error={said(errors.to)}>
        {(aria) => (
          <input
            {...aria}
            type="tel"
            autocomplete="off"
            value={draft.to}
            onFocus={() => {
              toTouched.current = true;
            }}
            onInput={edit('to')}
          />
        )}
      </Field>
      <Field id="sms-text" label={t('sms.text')} hint={partsHint} error={said(errors.text)}>
        {(aria) => <textarea {...aria} rows={3} value={draft.text} onInput={edit('text')} />}
      </Field>
      <Field id="sms-from" label={t('sms.from')} hint={t('sms.fromHint')} error={said(errors.from)}>
        {(aria) => <input {...aria} autocomplete="off" value={draft.from} onInput={edit('from')} />}
      </Field>
      <div class="send">
        {confirming ? (
          // biome-ignore lint/a11y/useSemanticElements: a question with its two answers, not a form's fieldset
          <div class="confirm" role="group" aria-labelledby="sms-confirm">
            <p id="sms-confirm">{t('sms.confirmOther', { number: confirming.number, conversation: conversation?.formatInternational() ?? '' })}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => void send(confirming.input)}>
                {t('sms.confirmSend', { number: confirming.number })}
              </button>
              <button
                type="button"
                onClick={() => {
                  // Back to the number, the likely thing to change.
                  setConfirming(undefined);
                  form.current?.querySelector<HTMLElement>('#sms-to')?.focus();
                }}
              >
                {t('sms.confirmCancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" class="primary" disabled={sending}>
            {sending ? t('sms.sending') : t('sms.send')}
          </button>
        )}
        {/* The outcome sits beside Send; no retry here: Send is the retry, pressed by a person who has read why. */}
        <div ref={outcome} tabIndex={-1} class="outcome">
          {failure !== undefined && <ErrorAlert title={t('sms.failed')} error={failure} />}
          {signedOut && (
            <p role="alert" class="alert alert-title">
              {t('sms.signedOut')}
            </p>
          )}
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
                    <p>{t(GROUPS.includes(result.status.groupName) ? (`sms.group.${result.status.groupName}` as MessageKey) : 'sms.group.other')}</p>
                    {/* Infobip's own words, labelled as theirs: they come in English whatever the agent reads. */}
                    <p class="quiet">
                      {t('sms.infobipStatus', { name: result.status.name })}
                      {result.status.description && ` — ${result.status.description}`}
                    </p>
                  </dd>
                </dl>
              </>
            )}
          </div>
        </div>
      </div>
    </form>
  );
}
