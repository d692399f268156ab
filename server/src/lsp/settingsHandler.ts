// Settings: asked of the client per resource and cached, or taken as a client that cannot be
// asked pushes them; problems in them said once. A change reaches every answer (contextChanged).
import { DidChangeConfigurationNotification, MessageType } from 'vscode-languageserver/node';
import type { ServiceContext } from '../features/context';
import { SECTION, type Settings } from '../../../protocol';
import { normaliseSettings } from '../settings';
import type { ServerState } from './state';

export class SettingsHandler {
  /** Moves when settings change: a check or result id from before no longer holds. */
  epoch = 0;
  /** Settings a client pushed with didChangeConfiguration, for clients that cannot be asked. */
  private pushed: Settings | undefined;
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly state: ServerState) {
    state.connection.onDidChangeConfiguration((change) => {
      this.cache.clear();
      if (!state.client.pullConfiguration) {
        const raw = (change.settings as Record<string, unknown> | undefined)?.[SECTION];
        const { settings, problems } = normaliseSettings(raw);
        this.report(problems);
        this.pushed = settings;
      }
      this.epoch++;
      state.contextChanged();
      for (const l of this.listeners) l();
    });
  }

  /** After initialized: a client that can be asked tells when settings change. */
  register(): void {
    if (this.state.client.pullConfiguration) void this.state.connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
  }

  /** Settings changed (after every handler of contextChanged has run). */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The catalogs and settings' stamp: answers worked out under another one are out of date. */
  stamp(): string {
    return `${this.state.store.generation}.${this.epoch}`;
  }

  settingsFor(uri: string): Promise<Settings> {
    if (!this.state.client.pullConfiguration) return Promise.resolve(this.pushed ?? normaliseSettings(undefined).settings);
    let cached = this.cache.get(uri);
    if (!cached) {
      cached = this.state.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
        (raw: unknown) => {
          const { settings, problems } = normaliseSettings(raw);
          this.report(problems);
          return settings;
        },
        // A client that fails to answer gets the defaults, as one that has no settings.
        () => normaliseSettings(undefined).settings,
      );
      this.cache.set(uri, cached);
    }
    return cached;
  }

  /** A document closed: its scope's settings are asked afresh if it opens again. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  async contextFor(uri: string): Promise<ServiceContext> {
    const settings = await this.settingsFor(uri);
    // The catalogs as they are once the settings came: they may have moved meanwhile.
    return { index: this.state.store.index, settings, displayLanguage: this.state.displayLanguage };
  }

  /** For requests about no document: the settings of any open one, or the defaults. */
  async globalContext(): Promise<ServiceContext> {
    const any = this.state.documents.all()[0];
    return any
      ? this.contextFor(any.uri)
      : { index: this.state.store.index, settings: this.pushed ?? normaliseSettings(undefined).settings, displayLanguage: this.state.displayLanguage };
  }

  /** Problems in settings, each said once: in the log and as a warning. */
  report(problems: readonly string[]): void {
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.state.connection.console.warn(p);
      this.state.notify(MessageType.Warning, `Error Codes: ${p}`);
    }
  }
}
