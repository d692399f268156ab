// How many crashes the client absorbs silently. Its own module, free of `vscode`, so the
// editor tests can import the number they check against.

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and tells the user. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;
