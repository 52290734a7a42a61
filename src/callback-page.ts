/**
 * callback.html's script: the answer goes up to the card that asked (its child frame or popup), and
 * nothing else loads there; only in a window of its own does the app load, to take the answer itself.
 */
import { handUp } from './auth/hand-up';

if (!handUp()) void import('./callback').then((callback) => callback.bootCallback());
