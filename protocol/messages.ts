// What the client and the server say to each other beyond standard LSP: custom requests,
// notifications and commands, with their parameters and results, and the names both show.

export const SERVER_NAME = 'Error Codes';
export const DIAGNOSTIC_SOURCE = 'error-codes';
export const FIX_ALL_KIND = 'source.fixAll.errorCodes';
/** Command a quick fix runs to add a code to `errorCodes.ignore` (the client owns settings). Arguments: code, document URI. */
export const IGNORE_CODE_COMMAND = 'errorCodes.ignoreCode';
/** Server command a quick fix runs to record a code in `.vscode/error-codes/workspace.json`. Arguments: code, document URI. */
export const ADD_TO_CATALOG_COMMAND = 'errorCodes.addToCatalog';

/** Client → server: look codes up by code, message or Chinese text, across all catalogs. */
export const LookupRequest = 'errorCodes/lookup';
export interface LookupParams {
  query: string;
  limit?: number;
}
export interface LookupItem {
  code: string;
  catalog: string;
  service: string;
  /** Absent when the vendor's page documents none. */
  httpStatus?: number;
  message: string;
  /** The message in the other locale, when the catalog has it. */
  otherMessage?: string;
}

/** Client → server: the full explanation of one code, as Markdown (the hover's text). */
export const ExplainRequest = 'errorCodes/explain';
export interface ExplainParams {
  code: string;
}
export interface ExplainResult {
  found: boolean;
  markdown: string;
}

/** Client → server: the loaded catalogs, for "Show catalog". */
export const CatalogsRequest = 'errorCodes/catalogs';
export interface CatalogSummary {
  id: string;
  service: string;
  codes: number;
  origin: string;
}
export const CatalogMarkdownRequest = 'errorCodes/catalogMarkdown';
export interface CatalogMarkdownParams {
  id: string;
}

/** Client → server: what a document holds, for the status bar. */
export const DocumentSummaryRequest = 'errorCodes/documentSummary';
export interface DocumentSummaryParams {
  uri: string;
}
export interface DocumentSummaryItem {
  code: string;
  line: number;
  character: number;
  /** `known`, or the diagnostic kind when the occurrence is a problem. */
  status: 'known' | 'misspelled' | 'unknown' | 'prefix';
  message: string;
}
export interface DocumentSummary {
  codes: number;
  problems: number;
  items: DocumentSummaryItem[];
  /**
   * Set when the counts do not cover the whole file, with why in the user's language:
   * `tooLarge`, over errorCodes.maxFileSize (nothing was counted, as nothing is checked);
   * `tooManyCodes`, the count stopped after 100,000 codes, at `line`.
   */
  notCounted?: { reason: 'tooLarge' | 'tooManyCodes'; message: string; line?: number };
}

/** What the VS Code client sends as `initializationOptions`; other clients may send nothing. */
export interface InitializationOptions {
  /** The editor's display language (`vscode.env.language`, e.g. `zh-cn`); decides explanations when `language` is `auto`. */
  displayLanguage?: string;
  /** False in an untrusted workspace: catalogs from the workspace and `errorCodes.catalogs` stay unloaded until trust is granted. Absent means trusted. */
  workspaceTrusted?: boolean;
}

/** Client → server notification: the user trusted the workspace, so workspace catalogs may load now. */
export const WorkspaceTrustNotification = 'errorCodes/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Client → server: the catalogs and settings in force, as text (the same text as `error-codes config`). */
export const ConfigurationRequest = 'errorCodes/configuration';

/**
 * Client → server: every code found in the workspace's files (the Error Codes view), with
 * counts and messages; where each occurs is asked for separately (`CodeOccurrencesRequest`),
 * when the user opens the code in the view.
 */
export const WorkspaceCodesRequest = 'errorCodes/workspaceCodes';
/** Without parameters, every service with its codes. */
export interface WorkspaceCodesParams {
  /** Only this service (its `WorkspaceService.id`), with its codes: the view asks as the user opens it. */
  service?: string;
  /** Every service without its codes (`codes` and each family's `codes` empty; `codeCount` says how many). */
  servicesOnly?: boolean;
}
export interface WorkspaceCode {
  code: string;
  /** `known` (documented), `unknown` (well-formed, undocumented) or a problem kind. */
  status: 'known' | 'unknown' | 'misspelled';
  count: number;
  httpStatus?: number;
  message?: string;
}
export interface WorkspaceService {
  /** Catalog id, or the family's name for codes no catalog documents. */
  id: string;
  service: string;
  count: number;
  codes: WorkspaceCode[];
  /** How many different codes (also when `codes` was left out). */
  codeCount: number;
  /** The same codes by family, when they belong to more than one family of the service. */
  families?: WorkspaceFamily[];
}
export interface WorkspaceFamily {
  /** The family's prefix, `Ecs.`. */
  prefix: string;
  name: string;
  count: number;
  codeCount: number;
  codes: WorkspaceCode[];
}
export interface WorkspaceCodes {
  services: WorkspaceService[];
  files: number;
  /** True while a scan is still running: more may come. */
  scanning: boolean;
}

/** Client → server: where one code of the Error Codes view occurs. */
export const CodeOccurrencesRequest = 'errorCodes/codeOccurrences';
export interface CodeOccurrencesParams {
  code: string;
}
export interface CodeOccurrence {
  uri: string;
  line: number;
  character: number;
}
/** The first places (at most 50), in file order; empty for a code the workspace no longer holds. */
export type CodeOccurrences = CodeOccurrence[];

/** Server → client: the workspace's codes changed (a scan advanced or a file changed); ask again. */
export const WorkspaceCodesChangedNotification = 'errorCodes/workspaceCodesChanged';

/** Client → server: scan the workspace again from scratch. */
export const RescanWorkspaceRequest = 'errorCodes/rescanWorkspace';
