/** A component loaded on first use (Preact's own `lazy` lives in preact/compat, which the card does not ship). */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function useLazy<P>(load: (() => Promise<ComponentType<P>>) | undefined, onError: (error: unknown) => void): ComponentType<P> | undefined {
  const [component, setComponent] = useState<ComponentType<P> | undefined>(undefined);
  useEffect(() => {
    if (load && !component) load().then((c) => setComponent(() => c), onError);
  }, [load, component]);
  return component;
}
