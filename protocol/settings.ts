// The settings both sides name: the section, each setting's type and its default. The
// manifest (package.json `contributes.configuration`) must agree; test/e2e/manifest.test.ts checks it.
// Reading settings from editors and files (and reporting broken ones) is the server's: server/src/settings.ts.

/** Setting section; every setting lives under it. */
export const SECTION = 'errorCodes';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type LanguageSetting = 'auto' | 'en' | 'zh-CN';

/** The settings as the server reads them (`workspace/configuration`, section `errorCodes`). */
export interface Settings {
  language: LanguageSetting;
  diagnostics: {
    misspelled: SeverityName;
    unknown: SeverityName;
    /** Check codes written in comments as well as in code. */
    comments: boolean;
  };
  /** Codes the user has chosen not to be warned about. */
  ignore: string[];
  /** Extra catalog files (JSON or YAML), relative to the workspace folder or absolute. */
  catalogs: string[];
  /**
   * Ids of the bundled catalogs in force (`ecs`, `vpc`, ...). Empty: every bundled catalog.
   * Users' catalogs (`catalogs`, `.vscode/error-codes/`) are always in force.
   */
  services: string[];
  /** Documents larger than this many characters are not checked (hover still works). */
  maxFileSize: number;
  workspace: {
    /** Check every included file of the workspace, not only open ones. */
    scan: boolean;
    /** Glob patterns (relative to a workspace folder) of the files the workspace scan reads. */
    include: string[];
    /** Glob patterns left out, on top of `files.exclude` and `.gitignore`. */
    exclude: string[];
  };
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'auto',
  diagnostics: { misspelled: 'warning', unknown: 'information', comments: false },
  ignore: [],
  catalogs: [],
  services: [],
  maxFileSize: 5_000_000,
  workspace: {
    scan: true,
    include: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go,java,cs,rs,kt,kts,c,h,cc,cpp,cxx,hpp,hh,swift,json,jsonc}', '**/*.log', '**/*.log.[0-9]*'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/out/**', '**/build/**', '**/target/**', '**/vendor/**', '**/.venv/**'],
  },
};
