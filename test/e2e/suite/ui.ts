// Things only the browser side can do (screenshots, reading the page), for the code-server
// route; without a driver (test-electron) they do nothing and the callers skip their checks.
import * as vscode from 'vscode';
import { driver, type TestContext } from './framework';
import { until } from './helpers';

export function shot(ctx: TestContext, name: string, waitFor: string, text?: string): Promise<unknown> {
  return driver('shot', { name, waitFor, text }, ctx.config.driverUrl);
}

export type Query = { found: boolean; text: string };

/**
 * Shows the hover at the cursor and photographs it. A hover asked for while the editor is
 * still taking focus can close at once, so the request is repeated until it stays up.
 * `settled` is text that appears once the hover is complete (e.g. the quick-fix link).
 */
export async function showHover(ctx: TestContext, name: string, text: string, settled?: string): Promise<void> {
  const url = ctx.config.driverUrl;
  if (!url) return;
  const selector = '.editor-group-container .monaco-hover';
  await until(
    `the hover with "${text}" to stay up`,
    async () => {
      await vscode.commands.executeCommand('editor.action.showHover');
      const q = await driver<Query>('query', { selector, text, timeoutMs: 3000 }, url);
      return q?.found ? true : undefined;
    },
    20_000,
    0,
  );
  if (settled) await driver<Query>('query', { selector, text: settled, timeoutMs: 5000 }, url);
  await shot(ctx, name, selector, settled ?? text);
}

/**
 * Looks in the notification center (toasts are not shown while extension tests run) for a
 * notification containing `text`; `count` is how many notifications there are in all.
 */
export async function notificationWith(ctx: TestContext, text: string, timeoutMs = 10_000): Promise<{ found: boolean; count: number; text: string }> {
  const url = ctx.config.driverUrl;
  await vscode.commands.executeCommand('notifications.showList');
  try {
    const rows = '.notifications-center .notification-list-item';
    const match = await driver<Query>('query', { selector: rows, text, timeoutMs }, url);
    const all = await driver<Query & { count?: number }>('query', { selector: rows, timeoutMs: 500 }, url);
    return { found: !!match?.found, count: all?.found ? (all.count ?? 0) : 0, text: all?.text ?? '' };
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

export async function pressEscape(ctx: TestContext): Promise<void> {
  await driver('keys', { keys: ['Escape'] }, ctx.config.driverUrl);
}
