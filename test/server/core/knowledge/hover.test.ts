import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultKnowledge } from '../../../../server/src/project/knowledgeFiles';
import {
  bestWorkaround,
  firstSentence,
  HOVER_BUDGET,
  renderHoverMarkdown,
  visibleText,
} from '../../../../server/src/core/knowledge/render';
import { msg } from '../../../../server/src/core/l10n';

const knowledge = defaultKnowledge();

test('every shipped entry: the hover fits the budget in both languages, without the title, with the retry verdict', () => {
  for (const entry of knowledge.entries) {
    for (const locale of ['en', 'zh-cn'] as const) {
      const md = renderHoverMarkdown(entry, locale, { explainLink: 'command:grpcDoctor.openEntry?x' });
      const visible = visibleText(md);
      assert.ok(visible.length <= HOVER_BUDGET, `${entry.id} ${locale}: ${visible.length} characters\n${visible}`);
      assert.ok(
        !md.includes(locale === 'zh-cn' ? entry.title_zh : entry.title),
        `${entry.id} ${locale}: title repeated`,
      );
      assert.ok(md.includes(`**${msg(locale, 'Retry policy')}**`), `${entry.id} ${locale}: retry verdict`);
      assert.ok(
        md.endsWith(
          locale === 'zh-cn'
            ? '[完整解释](command:grpcDoctor.openEntry?x)'
            : '[Full explanation](command:grpcDoctor.openEntry?x)',
        ),
        `${entry.id}: link last`,
      );
      if (locale === 'zh-cn') assert.doesNotMatch(md, /\*\*[^*]+\*\*:/, 'full-width colon after a Chinese label');
    }
  }
});

test('the fix shown is the best measured workaround, with its rate; an entry without measurements shows its first', () => {
  const measured = knowledge.entries.filter((e) =>
    e.workarounds.some((w) => (w.measurements ?? []).some((m) => m.successes / m.runs >= 0.5)),
  );
  assert.ok(measured.length > 0, 'some shipped entries have measured workarounds');
  for (const entry of measured) {
    const best = bestWorkaround(entry)!;
    const rates = entry.workarounds.flatMap((w) => (w.measurements ?? []).map((m) => m.successes / m.runs));
    assert.equal(best.measurement!.successes / best.measurement!.runs, Math.max(...rates), entry.id);
    const md = renderHoverMarkdown(entry, 'en');
    assert.ok(
      md.includes(`${best.measurement!.successes}/${best.measurement!.runs} recovered`),
      `${entry.id}: rate shown`,
    );
  }
  const unmeasured = knowledge.entries.find(
    (e) => e.workarounds.length && e.workarounds.every((w) => !w.measurements?.length),
  )!;
  assert.equal(bestWorkaround(unmeasured)!.workaround, unmeasured.workarounds[0]);
  assert.ok(!/\d+\/\d+ recovered/.test(renderHoverMarkdown(unmeasured, 'en')), 'no invented number');
});

test('without a link target the hover names the CLI command; markers for unverified entries', () => {
  const entry = knowledge.entries[0];
  assert.ok(renderHoverMarkdown(entry, 'en').endsWith(`Full explanation: \`grpc-doctor explain ${entry.id}\``));
  const unverified = { ...entry, verified: false };
  assert.match(renderHoverMarkdown(unverified, 'en').split('\n')[0], /_Unverified_/);
  const sourceRead = {
    ...entry,
    verified: true,
    verification: { method: 'source-read, not version-checked' as const, date: '2026-12-04' },
  };
  assert.match(renderHoverMarkdown(sourceRead, 'en').split('\n')[0], /_source-read_/);
  const checked = { ...entry, verified: true, verification: { method: 'source-checked' as const, date: '2026-12-04' } };
  assert.doesNotMatch(renderHoverMarkdown(checked, 'en').split('\n')[0], /_source-read_|_Unverified_/);
});

test('firstSentence: ends at the first sentence, cuts long ones at a word', () => {
  assert.equal(firstSentence('One two. Three.', 100), 'One two.');
  assert.equal(firstSentence('甲乙。丙丁。', 100), '甲乙。');
  assert.equal(firstSentence('Version 1.52 prints x. Next.', 100), 'Version 1.52 prints x.');
  const cut = firstSentence('alpha beta gamma delta epsilon zeta eta theta', 20);
  assert.ok(cut.length <= 20 && cut.endsWith('…') && !cut.includes('epsil'), cut);
});
