// The workspace scan's progress: a short scan shows none (a notification that flashes up and
// goes says nothing, and hid the real-editor tests' notifications); a long one shows it from
// its next report, and ends it even when the editor answers after the scan is over.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { lateProgress, type Progress } from '../../server/src/workspaceScan';

/** An editor's progress that records what it was told. */
function editor(): { asked: number; seen: string[]; ended: number; ask: () => Promise<Progress> } {
  const e = {
    asked: 0,
    seen: [] as string[],
    ended: 0,
    ask: async (): Promise<Progress> => {
      e.asked++;
      return { report: (m) => e.seen.push(m), done: () => e.ended++, cancelled: false };
    },
  };
  return e;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the workspace scan asks for progress late', () => {
  test('a scan that ends before the delay asks the editor for nothing', async () => {
    const e = editor();
    const p = lateProgress(e.ask, 60_000);
    p.report('1/9 a.ts', 10);
    p.report('9/9 z.ts', 100);
    p.done();
    await settle();
    assert.deepEqual([e.asked, e.seen, e.ended], [0, [], 0]);
    assert.equal(p.cancelled, false);
  });

  test('past the delay the next report asks once, and what follows is shown', async () => {
    const e = editor();
    const p = lateProgress(e.ask, 0);
    p.report('1/9 a.ts', 10);
    p.report('2/9 b.ts', 20);
    await settle();
    p.report('3/9 c.ts', 30);
    p.done();
    assert.equal(e.asked, 1);
    assert.deepEqual(e.seen, ['1/9 a.ts', '3/9 c.ts']);
    assert.equal(e.ended, 1);
  });

  test('a progress the editor grants after the scan ended is ended at once', async () => {
    const e = editor();
    const p = lateProgress(e.ask, 0);
    p.report('1/9 a.ts', 10);
    p.done();
    await settle();
    assert.deepEqual([e.asked, e.seen, e.ended], [1, [], 1]);
  });
});
