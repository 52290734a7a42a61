/**
 * callback.html's script: the answer is the card's that asked (it reads its child frame's address; a popup
 * posts it up), and nothing else loads there; only in a window of its own does the app load, to take the answer itself.
 */
import { handUp } from './auth/hand-up';

if (!handUp()) void import('./callback').then((callback) => callback.bootCallback());
