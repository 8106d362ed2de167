import type { Interval, RuleReport } from '@gebiedsbord/barcode'
import { asAreaId } from '@gebiedsbord/model'
import { memo, useMemo, useState, useSyncExternalStore } from 'react'
import { useCell, useSession } from '../app/hooks.ts'
import { formatRuleValue, type Lang } from '../i18n/format.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import type { BoardSession } from '../state/session.ts'
import { areasWithUnmetConditions, splitConditions } from './barcodeConditions.ts'
import { openByRule } from './CommentEntry.tsx'
import { CommentIcon } from './icons.tsx'
import { meetingTab, openComposer } from './MeetingPanels.tsx'
import { ScopeSelect } from './ScopeSelect.tsx'
import { type Scope, useScopeArea } from './scope.ts'

/**
 * The live barcode: every rule of the shown area's norm set (or of the whole plan) as a row with
 * actual against required, a bar, the status and the hint. It re-renders at most once per frame,
 * for local, remote and undone edits alike.
 */
export function BarcodePanel() {
  const s = useSession()
  const { t, lang } = useI18n()
  const report = useSyncExternalStore(s.barcode.subscribe, s.barcode.report)
  const [scope, setScope] = useState<Scope>('auto')
  const areaId = useScopeArea(s, scope)
  const area = areaId ? report.areas.find((a) => a.id === areaId) : undefined
  const shown = area ?? report.plan
  const title = area ? t('barcode.area', { name: area.name || t('area.untitled') }) : t('barcode.plan')
  const sorted = [...report.areas].sort((a, b) => a.name.localeCompare(b.name))
  // Questions are pinned to a rule of an area ("why does green fail here?"), never of the whole plan.
  const { mayComment, threads } = useCell(s.discussion.state)
  const ruleComments = useMemo(() => openByRule(threads, area?.id), [threads, area?.id])
  // Unmet conditions of growth stop housing: they are listed apart, above the ordinary norms.
  const { unmet, others } = useMemo(() => splitConditions(shown), [shown])
  const unmetAreas = useMemo(() => (area ? [] : areasWithUnmetConditions(report.areas)), [area, report.areas])
  const row = (r: RuleReport) => (
    <RuleRow
      key={r.id}
      rule={r}
      lang={lang}
      t={t}
      s={s}
      area={area?.id ?? null}
      comments={ruleComments.get(r.id) ?? 0}
      mayComment={mayComment}
    />
  )
  return (
    <section
      className="panel barcode"
      // biome-ignore lint/a11y/noRedundantRoles: stated for tools and tests that query [role="region"].
      role="region"
      aria-label="Barcode"
      data-scope={area ? area.id : 'plan'}
    >
      <h2>{t('barcode.title')}</h2>
      <ScopeSelect
        id="barcode-scope"
        label="barcode.scope"
        value={scope}
        onChange={setScope}
        areas={sorted}
      />
      <h3 className="barcode-title">
        <span className={`status-dot ${shown.summary.status}`} aria-hidden="true" />
        {title}
      </h3>
      {report.areas.length === 0 ? (
        <p className="muted">{t('barcode.noAreas')}</p>
      ) : (
        <>
          <p className="summary">
            {t('barcode.summary', {
              pass: shown.summary.pass,
              warn: shown.summary.warn,
              fail: shown.summary.fail,
            })}
            {shown.summary.conditionsUnmet > 0 && (
              <strong className="conditions-count">
                {' · '}
                {t('area.conditionsUnmet', { count: shown.summary.conditionsUnmet })}
              </strong>
            )}
          </p>
          {(unmet.length > 0 || unmetAreas.length > 0) && (
            <section className="conditions-unmet" aria-labelledby="conditions-unmet-title">
              <h4 id="conditions-unmet-title">{t('barcode.conditionsUnmet')}</h4>
              <p className="small">{t('barcode.conditionsHint')}</p>
              {unmet.length > 0 && <ol className="rules">{unmet.map(row)}</ol>}
              {unmetAreas.length > 0 && (
                <>
                  <h5>{t('barcode.conditionsAreas')}</h5>
                  <ul className="conditions-areas">
                    {unmetAreas.map((a) => (
                      <li key={a.id}>
                        <button type="button" className="link" onClick={() => setScope(a.id)}>
                          {a.name || t('area.untitled')}
                        </button>
                        : {t('barcode.conditionsCount', { count: a.count })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
          {unmet.length > 0 && <h4 className="other-rules">{t('barcode.otherRules')}</h4>}
          <ol className="rules">{others.map(row)}</ol>
        </>
      )}
      {report.outside.length > 0 && (
        <p className="muted small">{t('barcode.outside', { count: report.outside.length })}</p>
      )}
    </section>
  )
}

function requiredText(range: Interval, unit: string, lang: Lang): string {
  const f = (v: number) => formatRuleValue(v, unit, lang)
  if (range.min !== undefined && range.max !== undefined) return `${f(range.min)} – ${f(range.max)}`
  if (range.min !== undefined) return `≥ ${f(range.min)}`
  if (range.max !== undefined) return `≤ ${f(range.max)}`
  return ''
}

/** Whether two reports of a rule show the same: the evaluator makes new objects for every re-evaluated area. */
const sameRule = (a: RuleReport, b: RuleReport): boolean =>
  a === b ||
  (a.id === b.id &&
    a.status === b.status &&
    a.actual === b.actual &&
    a.required === b.required &&
    a.range.min === b.range.min &&
    a.range.max === b.range.max &&
    a.hint === b.hint &&
    a.description === b.description &&
    a.source === b.source &&
    a.sourceStatus === b.sourceStatus &&
    a.condition === b.condition &&
    a.unit === b.unit)

/** One rule: a row the eye can scan (status colour, bar) and a screen reader can read in order. */
const RuleRow = memo(
  function RuleRow({
    rule,
    lang,
    t,
    s,
    area,
    comments,
    mayComment,
  }: {
    rule: RuleReport
    lang: Lang
    t: Translate
    s: BoardSession
    /** The area whose barcode this is; null for the whole plan's. */
    area: string | null
    /** Open threads on this rule of the area. */
    comments: number
    mayComment: boolean
  }) {
    const { range, actual } = rule
    const top = Math.max(actual ?? 0, range.max ?? 0, range.min ?? 0) * 1.25 || 1
    const pct = (v: number) => `${Math.max(0, Math.min(100, (100 * v) / top))}%`
    const source = `${t('barcode.source')}: ${rule.source}${rule.sourceStatus === 'estimated' ? ` (${t('barcode.estimated')})` : ''}`
    return (
      <li className={`rule ${rule.status}`} data-rule-id={rule.id} data-status={rule.status} title={source}>
        <div className="rule-head">
          <span className="rule-name">{rule.description}</span>
          <span className={`pill ${rule.status}`}>{t(`barcode.status.${rule.status}`)}</span>
          {area && (mayComment || comments > 0) && (
            <button
              type="button"
              className="icon rule-comment"
              aria-label={
                mayComment
                  ? t('comments.addOnRule', { rule: rule.description })
                  : t('comments.openCount', { count: comments })
              }
              title={mayComment ? t('comments.addOnRule', { rule: rule.description }) : undefined}
              onClick={() =>
                mayComment
                  ? openComposer(s, { kind: 'rule', area: asAreaId(area), rule: rule.id })
                  : meetingTab.set('comments')
              }
            >
              <CommentIcon />
              {comments > 0 && <span className="count">{comments}</span>}
            </button>
          )}
        </div>
        <div className="bar" aria-hidden="true">
          {actual !== null && <div className="fill" style={{ width: pct(actual) }} />}
          {range.min !== undefined && <div className="mark" style={{ left: pct(range.min) }} />}
          {range.max !== undefined && <div className="mark max" style={{ left: pct(range.max) }} />}
        </div>
        <div className="rule-values">
          <span>
            <span className="visually-hidden">{t('barcode.actual')}: </span>
            {actual === null ? t('barcode.notApplicable') : formatRuleValue(actual, rule.unit, lang)}
          </span>
          <span className="required">
            <span className="visually-hidden">{t('barcode.required')}: </span>
            {requiredText(range, rule.unit, lang)}
          </span>
        </div>
        {rule.status !== 'pass' && <p className="hint">{rule.hint}</p>}
        {rule.condition && <span className="condition">{t('barcode.condition')}</span>}
        <span className="visually-hidden">{source}</span>
      </li>
    )
  },
  (p, q) =>
    p.lang === q.lang &&
    p.t === q.t &&
    p.area === q.area &&
    p.comments === q.comments &&
    p.mayComment === q.mayComment &&
    sameRule(p.rule, q.rule),
)
