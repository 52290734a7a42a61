/**
 * What an agent can do when an action fails, in the action's terms: a refused secret is for an admin
 * to fix on the settings page, a path the connection does not know is the action's. Other failures
 * keep the general words and next step (a slow or failing service: "Try again in a minute").
 */
import type { Translate } from '../../i18n';
import { ApiError } from '../../shared/api-error';

export function actionNextStep(t: Translate, error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'BAD_CREDENTIALS') return t('action.next.credentials', { name });
  if (error.code === 'NOT_FOUND') return t('action.next.path');
  if (error.code === 'MAYBE_SENT') return t('action.next.maybeSent');
  return undefined;
}

/** The first line, where the general one speaks of something else: a lost answer is about the SMS there. */
export function actionReason(t: Translate, error: unknown, name: string): string | undefined {
  return error instanceof ApiError && error.code === 'MAYBE_SENT' ? t('action.maybeSent', { name }) : undefined;
}
