import type { AreaId } from '@gebiedsbord/model'
import { useId, useState } from 'react'
import { useCell, useSession } from '../app/hooks.ts'
import { formatMoment } from '../i18n/dates.ts'
import type { Lang } from '../i18n/format.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import { normSets } from '../state/barcodeStore.ts'
import { normSetChangeText } from '../state/normSetEvents.ts'
import type { AreaSummary } from '../state/planComparison.ts'
import {
  fromLocalInput,
  type Replay,
  type TimeWindow,
  toLocalInput,
  type WindowPreset,
} from '../state/timeline.ts'
import { ruleLine, StatusDot } from './ruleChange.tsx'

type Choice = WindowPreset | 'custom'

const PRESETS: readonly [
  Choice,
  'timeline.session' | 'timeline.hour' | 'timeline.today' | 'timeline.custom',
][] = [
  ['session', 'timeline.session'],
  ['hour', 'timeline.hour'],
  ['today', 'timeline.today'],
  ['custom', 'timeline.custom'],
]

/** The default custom window: the last hour. */
const CUSTOM_SPAN_MS = 3_600_000

function AreaChanges({ a, lang, t }: { a: AreaSummary; lang: Lang; t: Translate }) {
  const counts = (
    [
      ['added', 'timeline.added'],
      ['moved', 'timeline.moved'],
      ['removed', 'timeline.removed'],
      ['changed', 'timeline.changed'],
    ] as const
  )
    .filter(([k]) => a[k] > 0)
    .map(([k, key]) => t(key, { count: a[k] }))
  return (
    <li className="area-change" data-testid="timeline-area" data-area-id={a.area}>
      <div className="area-change-head">
        <strong>{a.name || t('area.untitled')}</strong>
        <StatusDot status={a.statusBefore} t={t} />
        <span aria-hidden="true">→</span>
        <StatusDot status={a.statusAfter} t={t} />
        {a.presence === 'added' && <span className="badge">{t('timeline.areaAdded')}</span>}
        {a.presence === 'removed' && <span className="badge">{t('timeline.areaRemoved')}</span>}
      </div>
      {counts.length > 0 && <p className="small">{t('timeline.blocks', { list: counts.join(', ') })}</p>}
      {a.reshaped && <p className="small muted">{t('timeline.reshaped')}</p>}
      {a.statusChanges.length > 0 && (
        <ul className="rule-changes small">
          {a.statusChanges.map((c) => (
            <li key={c.ruleId} className={c.statusAfter} data-rule-id={c.ruleId}>
              {ruleLine(c, lang, t)}
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}

function ReplayView({ replay }: { replay: Replay }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const { comparison, before } = replay
  return (
    <>
      <h3>{t('timeline.who')}</h3>
      {replay.events.length === 0 ? (
        <p className="muted small">{t('timeline.noEvents')}</p>
      ) : (
        <ol className="timeline-events small" data-testid="timeline-events">
          {replay.events.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the server's list, in its order; two events may share a time and name.
            <li key={i} className={e.kind}>
              <time dateTime={new Date(e.at).toISOString()}>{formatMoment(e.at, lang)}</time>{' '}
              {e.kind === 'norm-set' ? (
                normSetChangeText(e, {
                  lang,
                  t,
                  registry: normSets(),
                  areaName: (id) => s.mirror.areas.get(id as AreaId)?.name,
                })
              ) : (
                <>
                  {t(e.kind === 'joined' ? 'timeline.joined' : 'timeline.left', { name: e.name })}{' '}
                  <span className="muted">({t(e.access === 'edit' ? 'role.edit' : 'role.view')})</span>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      <h3>{t('timeline.changes')}</h3>
      {!comparison || !before ? (
        <p className="muted small">{t('timeline.noState')}</p>
      ) : (
        <>
          <p className="muted small">
            {t('timeline.compared', {
              from: formatMoment(before.at, lang),
              to: replay.afterLive ? t('timeline.now') : formatMoment(replay.window.to, lang),
            })}
          </p>
          {before.fallback && (
            <p className="muted small">{t('timeline.fallback', { time: formatMoment(before.at, lang) })}</p>
          )}
          {comparison.unchanged ? (
            <p className="muted">{t('timeline.unchanged')}</p>
          ) : (
            <>
              {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
              <ul role="list" className="area-changes">
                {comparison.areas.map((a) => (
                  <AreaChanges key={a.area} a={a} lang={lang} t={t} />
                ))}
              </ul>
              {comparison.planChanges.length > 0 && (
                <>
                  <h4>{t('timeline.plan')}</h4>
                  <ul className="rule-changes small">
                    {comparison.planChanges.map((c) => (
                      <li key={c.ruleId} className={c.statusAfter}>
                        {ruleLine(c, lang, t)}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {comparison.changedBlocks.length > 0 && (
                <button
                  type="button"
                  onClick={() =>
                    s.selection.selectBlocks(comparison.changedBlocks.filter((b) => s.mirror.blocks.has(b)))
                  }
                >
                  {t('timeline.selectChanged')}
                </button>
              )}
            </>
          )}
        </>
      )}
    </>
  )
}

/**
 * The session timeline: pick a period (this session, the last hour, today, or two moments), then
 * who joined and left, and per area what changed with the barcode before and after.
 */
export function TimelinePanel() {
  const s = useSession()
  const { t, lang } = useI18n()
  const id = useId()
  const state = useCell(s.timeline.state)
  const [choice, setChoice] = useState<Choice>('session')
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - CUSTOM_SPAN_MS))
  const [to, setTo] = useState(() => toLocalInput(Date.now()))
  const custom = (): TimeWindow | null => {
    const f = fromLocalInput(from)
    const e = fromLocalInput(to)
    return f !== null && e !== null && f < e ? { from: f, to: e } : null
  }
  const customWindow = choice === 'custom' ? custom() : null
  const show = () => {
    const w = choice === 'custom' ? customWindow : s.timeline.window(choice)
    if (w) void s.timeline.load(w, lang)
  }
  return (
    <div className="timeline-panel">
      <div className="field">
        <label htmlFor={`${id}-window`}>{t('timeline.window')}</label>
        <select id={`${id}-window`} value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
          {PRESETS.map(([value, key]) => (
            <option key={value} value={value}>
              {t(key)}
            </option>
          ))}
        </select>
      </div>
      {choice === 'custom' && (
        <div className="field-grid">
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('timeline.from')}</label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('timeline.to')}</label>
            <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
      )}
      <button
        type="button"
        className="primary"
        disabled={(choice === 'custom' && !customWindow) || state.status === 'loading'}
        onClick={show}
      >
        {t('timeline.show')}
      </button>
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && <p className="muted">{t('timeline.loading')}</p>}
        {state.status === 'error' && (
          <p role="alert" className="error">
            {t('timeline.error', { message: state.message })}
          </p>
        )}
        {state.status === 'ready' && <ReplayView replay={state.replay} />}
      </div>
    </div>
  )
}
