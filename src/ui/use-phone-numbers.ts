/**
 * The phone-number library with its full metadata is most of the SMS form's weight (about 45 KB gzip):
 * it loads when the form is first shown (its composer opened), not with every card, and once per page.
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

export type PhoneNumbers = typeof import('./phone-number');

let loaded: PhoneNumbers | undefined;
const load = (): Promise<PhoneNumbers> => (loaded ? Promise.resolve(loaded) : import('./phone-number').then((m) => (loaded = m)));

export function usePhoneNumbers(form: RefObject<HTMLElement | null>) {
  const [phone, setPhone] = useState(loaded);
  useEffect(() => {
    if (phone) return;
    // A failed load is shown when Send needs the library, which tries again.
    const fetch = () => void load().then(setPhone, () => {});
    const composer = form.current?.closest('details');
    if (!composer || composer.open) return fetch();
    const opened = () => composer.open && fetch();
    composer.addEventListener('toggle', opened);
    return () => composer.removeEventListener('toggle', opened);
  }, [phone, form]);
  /** For Send: the library, loaded now if it is not yet; rejects when it cannot be. */
  const need = useCallback(
    () =>
      load().then((m) => {
        setPhone(m);
        return m;
      }),
    [],
  );
  return { phone, need };
}
