// Which documents the server sees. Kept in one place because the status bar must agree
// with the language client: a count shown for a file the server never got would be a lie.

/** Languages whose source the server scans; must match the activation events in package.json. */
export const CODE_LANGUAGES = [
  'typescript',
  'javascript',
  'typescriptreact',
  'javascriptreact',
  'python',
  'go',
  'java',
  'csharp',
  'rust',
  'kotlin',
  'c',
  'cpp',
] as const;

/** Where codes show up outside source: logs, notes, payloads. */
export const TEXT_LANGUAGES = ['log', 'plaintext', 'json', 'jsonc', 'markdown'] as const;

// Schemes are listed rather than left open so that diff views (`git:`), our own
// explanation pages and other read-only copies do not get a second set of squiggles.
// `vscode-vfs` is the virtual-workspace file system (e.g. GitHub repositories).
const SCHEMES = ['file', 'untitled', 'vscode-vfs'] as const;

/** Where the server finds a workspace's own YAML catalogs without configuration. */
const YAML_CATALOGS = '**/.vscode/error-codes/*.{yaml,yml}';

// Every filter names a scheme, which is what both `vscode.languages.match` and the LSP
// DocumentSelector type accept.
export const DOCUMENT_SELECTOR: Array<{ language: string; scheme: string } | { scheme: string; pattern?: string }> = [
  ...[...CODE_LANGUAGES, ...TEXT_LANGUAGES].flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme }))),
  // The Output panel's channels are logs whatever language id they carry.
  { scheme: 'output' },
  // Users' YAML catalogs (JSON ones are covered as json): the server reads an open
  // catalog's unsaved text, so edits take effect as they are typed.
  { scheme: 'file', pattern: YAML_CATALOGS },
];
