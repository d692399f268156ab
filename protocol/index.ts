// What the client and the server share: the requests, notifications and commands beyond
// standard LSP (messages.ts) and the settings' keys, types and defaults (settings.ts). Both
// sides import this folder, so a renamed request breaks the build, not the user's editor.
// It imports nothing: no `vscode`, no language-server runtime, no Node built-ins, no server
// code, so the client bundle stays thin and the core (and a web build) may use it.
export * from './messages';
export * from './settings';
