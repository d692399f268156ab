import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../protocol';
import { foldFlatSettings, normaliseSettings } from '../../server/src/settings';

test('valid values are taken, each wrong one is named and replaced by its default', () => {
  const { settings, problems } = normaliseSettings({
    language: 'zh-CN',
    diagnostics: { misspelled: 'loud', unknown: 'off', comments: 'yes' },
    ignore: ['A.0001', 7],
    workspace: { scan: false, include: '**/*.ts', exclude: ['**/gen/**'] },
    maxFileSize: -1,
  });
  assert.equal(settings.language, 'zh-CN');
  assert.equal(settings.diagnostics.misspelled, DEFAULT_SETTINGS.diagnostics.misspelled);
  assert.equal(settings.diagnostics.unknown, 'off');
  assert.equal(settings.diagnostics.comments, false);
  assert.deepEqual(settings.ignore, []);
  assert.equal(settings.workspace.scan, false);
  assert.deepEqual(settings.workspace.include, DEFAULT_SETTINGS.workspace.include);
  assert.deepEqual(settings.workspace.exclude, ['**/gen/**']);
  assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
  assert.deepEqual(
    problems.map((p) => p.split(':')[0]),
    ['errorCodes.diagnostics.misspelled', 'errorCodes.diagnostics.comments', 'errorCodes.ignore', 'errorCodes.maxFileSize', 'errorCodes.workspace.include'],
  );
});

test('settings that are not an object fall back to the defaults, said once', () => {
  const { settings, problems } = normaliseSettings('on');
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.equal(problems.length, 1);
});

test('flat keys as in .vscode/settings.json fold into the nested shape', () => {
  assert.deepEqual(foldFlatSettings({ 'errorCodes.diagnostics.unknown': 'off', 'editor.tabSize': 2, errorCodes: { language: 'en' } }), {
    diagnostics: { unknown: 'off' },
    language: 'en',
  });
});
