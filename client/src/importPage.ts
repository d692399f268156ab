// "Import error-code page…": a vendor's error-code page becomes a catalog in the
// workspace's `.vscode/error-codes/` folder, where the server picks it up by itself. The
// work is the bundled command line's (`error-codes import`), run as a child of the
// extension host, so the editor and a terminal produce the same file.
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import { SERVICE_ID, cliArgs, proposeServiceId, readImportReport, type ImportMode, type ImportReport, type ImportRequest } from './importArgs';

/** What a keybinding, a test or another extension may pass to skip questions. */
export interface ImportPageArgs {
  /** The page file (a URI, or an absolute path). Without it a file dialog asks. */
  page?: vscode.Uri | string;
  service?: string;
  name?: string;
  /** What to do when the service already has a catalog file; without it, a pick asks. */
  existing?: ImportMode | 'replace';
}

export interface ImportPageResult {
  catalog: string;
  mode: ImportMode;
  read?: number;
  total?: number;
  unreadRows: number;
}

const PAGE_EXTENSIONS = ['md', 'markdown', 'txt', 'rst', 'html', 'htm'];

export class PageImporter {
  constructor(
    /** dist/cli.js of this extension. */
    private readonly cli: string,
    private readonly output: vscode.LogOutputChannel,
    /** Tells a running server that the catalog file was written (`created`: it is new). */
    private readonly written: (file: vscode.Uri, created: boolean) => Promise<void>,
  ) {}

  async run(args?: ImportPageArgs | vscode.Uri): Promise<ImportPageResult | undefined> {
    const given: ImportPageArgs = args instanceof vscode.Uri ? { page: args } : (args ?? {});
    if (!vscode.workspace.isTrusted) {
      // Nothing a catalog in the workspace says is used before trust, so writing one would
      // only look broken. Not awaited: the command ends while the message is up.
      const manage = vscode.l10n.t('Manage Workspace Trust');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('Trust this workspace first: catalogs in an untrusted workspace are not loaded, so an imported page would not be used.'),
          manage,
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }

    const page = await this.choosePage(given.page);
    if (!page) return undefined;
    const folder = await this.chooseFolder(page);
    if (!folder) return undefined;

    const service =
      given.service ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Import Error-Code Page ({0})', vscode.workspace.asRelativePath(page)),
        prompt: vscode.l10n.t("Service id: the catalog's name and file name, e.g. ecs"),
        value: proposeServiceId(page.fsPath),
        ignoreFocusOut: true,
        validateInput: (v) =>
          SERVICE_ID.test(v) ? undefined : vscode.l10n.t('Lower-case letters, digits and dashes, starting with a letter or digit (at most 64).'),
      }));
    if (!service) return undefined;
    if (!SERVICE_ID.test(service)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('"{0}" is not a service id: use lower-case letters, digits and dashes.', service));
      return undefined;
    }

    const target = vscode.Uri.joinPath(folder.uri, '.vscode', 'error-codes', `${service}.json`);
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    let mode: ImportMode = 'create';
    if (exists) {
      const choice = given.existing ?? (await this.askMerge(target));
      if (!choice) return undefined;
      mode = choice === 'merge' ? 'merge' : 'create';
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (open?.isDirty) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} has unsaved changes; save or revert them, then import again.', vscode.workspace.asRelativePath(target)),
        );
        return undefined;
      }
    }

    let name = given.name;
    if (mode === 'create' && name === undefined) {
      name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Import Error-Code Page ({0})', vscode.workspace.asRelativePath(page)),
        prompt: vscode.l10n.t('Name of the service as hovers show it (optional), e.g. Elastic Cloud Server'),
        ignoreFocusOut: true,
      });
      // Escape here means "stop", not "no name": an empty box accepted means no name.
      if (name === undefined) return undefined;
    }

    const request: ImportRequest = { page: page.fsPath, service, target: target.fsPath, mode, ...(name?.trim() && { name: name.trim() }) };
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Importing {0}…', vscode.workspace.asRelativePath(page)), cancellable: true },
      (_progress, token) => this.runCli(request, folder.uri.fsPath, token),
    );
    if (!outcome) return undefined;
    return this.finish(request, target, outcome, !exists);
  }

  private async choosePage(given: vscode.Uri | string | undefined): Promise<vscode.Uri | undefined> {
    if (given) return typeof given === 'string' ? vscode.Uri.file(given) : given;
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose an error-code page to import'),
      openLabel: vscode.l10n.t('Import'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('Error-code pages')]: PAGE_EXTENSIONS },
      ...(vscode.workspace.workspaceFolders?.[0] && { defaultUri: vscode.workspace.workspaceFolders[0].uri }),
    });
    return picked?.[0];
  }

  private async chooseFolder(page: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: imported catalogs are kept in its .vscode/error-codes folder.'));
      return undefined;
    }
    const home = vscode.workspace.getWorkspaceFolder(page);
    if (home && home.uri.scheme === 'file') return home;
    if (folders.length === 1) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t("Which folder's catalogs should the page go into?") });
  }

  private async askMerge(target: vscode.Uri): Promise<ImportMode | undefined> {
    const file = vscode.workspace.asRelativePath(target);
    const items: Array<vscode.QuickPickItem & { mode: ImportMode }> = [
      {
        mode: 'merge',
        label: `$(merge) ${vscode.l10n.t('Merge into {0}', file)}`,
        detail: vscode.l10n.t("Adds what the catalog lacks, such as the page's language; texts already in it are kept."),
      },
      {
        mode: 'create',
        label: `$(replace-all) ${vscode.l10n.t('Replace {0}', file)}`,
        detail: vscode.l10n.t('Writes a new catalog from this page alone.'),
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0} already exists', file),
      placeHolder: vscode.l10n.t('Merge the page into it (e.g. as a second language) or replace it?'),
      ignoreFocusOut: true,
    });
    return picked?.mode;
  }

  /** Runs the CLI on the extension host's own Node runtime; undefined when cancelled. */
  private runCli(
    request: ImportRequest,
    cwd: string,
    token: vscode.CancellationToken,
  ): Promise<{ status: number | null; report: ImportReport; stderr: string } | undefined> {
    const args = cliArgs(request);
    this.output.info(`import: ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
    return new Promise((resolve) => {
      // fork, not spawn(process.execPath): in desktop VS Code that path is the Electron
      // binary, which fork runs as Node (as the language client does for the server).
      const child = fork(this.cli, args, {
        cwd,
        silent: true,
        execArgv: [],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => (stderr += chunk));
      // `import --out` writes nothing to standard output; drain it in case it ever does.
      child.stdout?.resume();
      let cancelled = false;
      const sub = token.onCancellationRequested(() => {
        cancelled = true;
        child.kill();
      });
      // 'close' may or may not follow 'error' (a child that could not start): answer once.
      let answered = false;
      const answer = (status: number | null) => {
        if (answered) return;
        answered = true;
        sub.dispose();
        if (cancelled) {
          this.output.info('import: cancelled');
          resolve(undefined);
          return;
        }
        resolve({ status, report: readImportReport(stderr), stderr });
      };
      child.on('error', (err) => {
        stderr += `error-codes: ${err.message}\n`;
        answer(null);
      });
      child.on('close', (status) => answer(status));
    });
  }

  private async finish(
    request: ImportRequest,
    target: vscode.Uri,
    outcome: { status: number | null; report: ImportReport; stderr: string },
    created: boolean,
  ): Promise<ImportPageResult | undefined> {
    const { status, report } = outcome;
    for (const line of outcome.stderr.split(/\r?\n/)) {
      if (!line.trim()) continue;
      if (/: row not read: /.test(line)) this.output.warn(line.replace(/^error-codes: /, ''));
      else this.output.info(line);
    }
    const page = vscode.workspace.asRelativePath(request.page);
    const showOutput = vscode.l10n.t('Show Output');
    // 1 is also Node's own status for a script that threw, so a summary line must be there too.
    if ((status !== 0 && status !== 1) || report.read === undefined) {
      // 2: the page has no table the importer can read, or it was asked something wrong; nothing was written.
      const why = report.failure ?? vscode.l10n.t('the command line stopped (exit status {0}).', String(status));
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not import {0}: {1}', page, why), showOutput).then((c) => c && this.output.show(true));
      return undefined;
    }
    // The server also watches the folder, but a folder made together with its first file can
    // escape VS Code's watcher (it starts watching a new folder a moment after it appears),
    // and the first import into a workspace makes exactly such a folder.
    await this.written(target, created).catch((err: unknown) => this.output.warn(`could not tell the server about ${target.fsPath}: ${String(err)}`));
    const file = vscode.workspace.asRelativePath(target);
    const codes = report.read === 1 ? vscode.l10n.t('1 code') : vscode.l10n.t('{0} codes', report.read);
    const unread = report.unreadRows.length;
    if (unread === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} imported into {1}.', codes, file));
    } else {
      const rows = unread === 1 ? vscode.l10n.t('1 row') : vscode.l10n.t('{0} rows', unread);
      void vscode.window
        .showWarningMessage(vscode.l10n.t('{0} imported into {1}; {2} could not be read — see Output.', codes, file, rows), showOutput)
        .then((c) => c && this.output.show(true));
    }
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc, { preview: false });
    return {
      catalog: target.fsPath,
      mode: request.mode,
      unreadRows: unread,
      ...(report.read !== undefined && { read: report.read }),
      ...(report.total !== undefined && { total: report.total }),
    };
  }
}
