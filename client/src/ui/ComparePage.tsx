import type { RuleDiff } from '@gebiedsbord/barcode'
import { useEffect, useId, useMemo, useState } from 'react'
import { useCell } from '../app/hooks.ts'
import { boardPath, comparePath } from '../app/route.ts'
import { BLOCK_STYLES, paletteIdOf } from '../blocks/catalogue.ts'
import { keyFigure } from '../blocks/figures.ts'
import { MARK_COLOURS, prepareMap } from '../canvas/compareDrawing.ts'
import { zoomAt } from '../geometry/camera.ts'
import { screen } from '../geometry/points.ts'
import { formatMoment } from '../i18n/dates.ts'
import type { Lang } from '../i18n/format.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import {
  type AreaDifference,
  type BlockDifference,
  type BlockMark,
  PlanCompare,
  type PlanOption,
  parsePlanRef,
  planOptions,
  type SideBySide,
  serverPlanSource,
} from '../state/compare.ts'
import { BoardVersions, serverVersionsApi } from '../state/versions.ts'
import { AppLink } from './AppLink.tsx'
import { CompareMap } from './CompareMap.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { ZOOM_STEP } from './MapToolbar.tsx'
import { ruleValue, StatusDot, statusWord } from './ruleChange.tsx'

/** Blocks listed at most: the maps show every one; the list is for reaching them by keyboard. */
const LISTED_BLOCKS = 200

/** The words for one plan a user can choose. */
function optionLabel(o: PlanOption, lang: Lang, t: Translate): string {
  switch (o.kind) {
    case 'current':
      return t('compare.current')
    case 'version':
      return `${t('compare.version', { name: o.name })}${o.at === null ? '' : ` · ${formatMoment(o.at, lang)}`}`
    case 'variant':
      return t('compare.variant', { name: o.name })
    case 'parent':
      return t('compare.parent', { name: o.name || t('versions.parentBoard') })
  }
}

/** Property names of blocks, as the inspector labels them. */
const PROPERTY_LABELS: Record<string, MessageKey> = {
  kind: 'inspector.kind',
  segment: 'inspector.segment',
  use: 'inspector.use',
  dwellings: 'inspector.dwellings',
  places: 'inspector.places',
  floors: 'inspector.floors',
  party: 'inspector.party',
  label: 'inspector.label',
}

const MARK_LABELS: Record<BlockMark, MessageKey> = {
  added: 'compare.added',
  removed: 'compare.removed',
  changed: 'compare.changed',
}

function Legend({ t }: { t: Translate }) {
  return (
    <ul className="compare-legend small" aria-label={t('compare.blocks')}>
      {(Object.keys(MARK_COLOURS) as BlockMark[]).map((m) => (
        <li key={m}>
          <span className="swatch mark" style={{ borderColor: MARK_COLOURS[m] }} aria-hidden="true" />
          {t(MARK_LABELS[m])}
        </li>
      ))}
    </ul>
  )
}

function BlockRow({
  d,
  store,
  t,
  lang,
}: {
  d: BlockDifference
  store: PlanCompare
  t: Translate
  lang: Lang
}) {
  const kind = t(`kind.${paletteIdOf(d.block)}` as MessageKey)
  const name = d.block.label ? `${d.block.label} (${kind})` : kind
  const what = [
    d.mark === 'changed' ? null : t(MARK_LABELS[d.mark]),
    d.moved ? t('compare.moved') : null,
    d.properties.length
      ? t('compare.properties', {
          list: d.properties.map((p) => (PROPERTY_LABELS[p] ? t(PROPERTY_LABELS[p]) : p)).join(', '),
        })
      : null,
  ].filter(Boolean)
  const style = BLOCK_STYLES[paletteIdOf(d.block)]
  return (
    <li data-block-id={d.id} data-mark={d.mark}>
      <span
        className="swatch"
        style={{ background: style.fill, borderColor: MARK_COLOURS[d.mark] }}
        aria-hidden="true"
      />
      <button type="button" className="link" title={t('compare.focus')} onClick={() => store.focus(d.block)}>
        {name} · {keyFigure(d.block, lang)}
      </button>{' '}
      <span className={`mark-text ${d.mark}`}>{what.join('; ')}</span>
    </li>
  )
}

function RuleRows({ rules, lang, t }: { rules: readonly RuleDiff[]; lang: Lang; t: Translate }) {
  return (
    <>
      {rules.map((r) => (
        <tr
          key={r.ruleId}
          data-rule-id={r.ruleId}
          data-status-before={r.statusBefore ?? ''}
          data-status-after={r.statusAfter ?? ''}
          className={r.changed ? 'changed' : undefined}
        >
          <th scope="row">
            {r.description}
            {r.condition && <span className="badge condition">{t('barcode.condition')}</span>}
          </th>
          <td>
            {ruleValue(r.valueBefore, r.unit, lang, t)} → {ruleValue(r.valueAfter, r.unit, lang, t)}
          </td>
          <td
            className={r.statusBefore !== r.statusAfter ? `status-change ${r.statusAfter ?? ''}` : undefined}
          >
            <StatusDot status={r.statusBefore} t={t} /> {statusWord(r.statusBefore, t)} →{' '}
            <StatusDot status={r.statusAfter} t={t} /> {statusWord(r.statusAfter, t)}
          </td>
        </tr>
      ))}
    </>
  )
}

function RuleTable({ rules, lang, t }: { rules: readonly RuleDiff[]; lang: Lang; t: Translate }) {
  return (
    <table className="compare-rules small">
      <thead>
        <tr>
          <th scope="col">{t('compare.rule')}</th>
          <th scope="col">{t('compare.value')}</th>
          <th scope="col">{t('compare.status')}</th>
        </tr>
      </thead>
      <tbody>
        <RuleRows rules={rules} lang={lang} t={t} />
      </tbody>
    </table>
  )
}

function AreaRows({ a, lang, t }: { a: AreaDifference; lang: Lang; t: Translate }) {
  const counts = (['added', 'moved', 'removed', 'changed'] as const)
    .filter((k) => a.blocks[k] > 0)
    .map((k) => t(`timeline.${k}`, { count: a.blocks[k] }))
  return (
    // Areas without differences start folded: the table is read for what differs.
    <details className="compare-area" open={a.changed} data-testid="compare-area" data-area-id={a.id}>
      <summary>
        <strong>{a.name || t('area.untitled')}</strong> <StatusDot status={a.statusBefore} t={t} />
        <span aria-hidden="true"> → </span>
        <StatusDot status={a.statusAfter} t={t} />{' '}
        {a.presence === 'added' && <span className="badge">{t('compare.areaAdded')}</span>}
        {a.presence === 'removed' && <span className="badge">{t('compare.areaRemoved')}</span>}
        <span className="muted small">
          {a.changed
            ? counts.length > 0 && t('timeline.blocks', { list: counts.join(', ') })
            : t('compare.noDifference')}
          {a.reshaped && ` · ${t('timeline.reshaped')}`}
        </span>
      </summary>
      <RuleTable rules={a.rules} lang={lang} t={t} />
    </details>
  )
}

function Differences({ r, store }: { r: SideBySide; store: PlanCompare }) {
  const { t, lang } = useI18n()
  const listed = r.blocks.slice(0, LISTED_BLOCKS)
  return (
    <div className="compare-details">
      <section className="panel compare-blocks" aria-labelledby="compare-blocks-title">
        <h2 id="compare-blocks-title">{t('compare.blocks')}</h2>
        {r.comparison.unchanged && <p>{t('compare.same')}</p>}
        {r.blocks.length === 0 ? (
          <p className="muted small">{t('compare.noBlocks')}</p>
        ) : (
          // biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari.
          <ul role="list" className="blocks compare-block-list" data-testid="compare-blocks">
            {listed.map((d) => (
              <BlockRow key={d.id} d={d} store={store} t={t} lang={lang} />
            ))}
          </ul>
        )}
        {r.blocks.length > listed.length && (
          <p className="muted small">{t('compare.more', { count: r.blocks.length - listed.length })}</p>
        )}
      </section>
      <section className="panel compare-barcode" aria-labelledby="compare-barcode-title">
        <h2 id="compare-barcode-title">{t('compare.barcode')}</h2>
        {r.normSetChanged && <p className="muted small">{t('compare.normSetChanged')}</p>}
        {r.areas.map((a) => (
          <AreaRows key={a.id} a={a} lang={lang} t={t} />
        ))}
        {r.plan.rules.length > 0 && (
          <details className="compare-area" open={r.plan.changed} data-testid="compare-plan">
            <summary>
              <strong>{t('compare.plan')}</strong>
            </summary>
            <RuleTable rules={r.plan.rules} lang={lang} t={t} />
          </details>
        )}
      </section>
    </div>
  )
}

function Maps({ r, store, labels }: { r: SideBySide; store: PlanCompare; labels: [string, string] }) {
  const { t } = useI18n()
  const left = useMemo(() => prepareMap(r.before, r.marksBefore, r.statusBefore), [r])
  const right = useMemo(() => prepareMap(r.after, r.marksAfter, r.statusAfter), [r])
  return (
    <div className="compare-maps">
      <CompareMap
        store={store}
        map={left}
        label={t('compare.map', { name: labels[0] })}
        testId="compare-left"
      />
      <CompareMap
        store={store}
        map={right}
        label={t('compare.map', { name: labels[1] })}
        testId="compare-right"
      />
    </div>
  )
}

/**
 * Two plans of a board side by side: choose any two of the board now, its versions and its
 * variants; both maps show the same place at the same zoom with the differences marked, and below
 * them the blocks that differ and the barcode per area per rule, before and after.
 */
export function ComparePage({
  id,
  token,
  a,
  b,
  navigate,
}: {
  id: string
  token: string | null
  a: string | null
  b: string | null
  navigate: (p: string) => void
}) {
  const { t, lang } = useI18n()
  const ids = useId()
  const [store] = useState(() => new PlanCompare(serverPlanSource(id, token ?? '')))
  const [versions] = useState(
    () => new BoardVersions({ api: serverVersionsApi(id, token ?? ''), readOnly: true, author: () => '' }),
  )
  const { list, parentName, error: listError } = useCell(versions.state)
  const state = useCell(store.state)
  const options = planOptions(list, parentName)
  // Without a choice: the newest version on the left, the board now on the right.
  const left = a ?? options[1]?.ref ?? 'current'
  const right = b ?? 'current'

  useEffect(() => {
    if (token) void versions.refresh()
  }, [versions, token])

  // Without a left choice the default waits for the list (or its failure): not the board against itself first.
  const waiting = a === null && !list && !listError
  useEffect(() => {
    const l = parsePlanRef(left)
    const r = parsePlanRef(right)
    if (token && l && r && !waiting) void store.load(l, r, lang)
  }, [store, token, left, right, lang, waiting])

  if (!token)
    return (
      <main className="page-message">
        <p role="alert">{t('board.noToken')}</p>
      </main>
    )

  const back = boardPath(id, token)
  const choose = (l: string, r: string) => navigate(comparePath(id, token, l, r))
  const label = (ref: string) => {
    const o = options.find((x) => x.ref === ref)
    return o ? optionLabel(o, lang, t) : ref
  }
  const chooser = (side: 'left' | 'right') => {
    const value = side === 'left' ? left : right
    // A choice the list does not (yet) have stays selectable, so the select shows what is compared.
    const all = options.some((o) => o.ref === value)
      ? options
      : [...options, { ref: value, kind: 'version' as const, name: value, at: null }]
    return (
      <div className="field">
        <label htmlFor={`${ids}-${side}`}>{t(side === 'left' ? 'compare.left' : 'compare.right')}</label>
        <select
          id={`${ids}-${side}`}
          value={value}
          onChange={(e) => (side === 'left' ? choose(e.target.value, right) : choose(left, e.target.value))}
        >
          {all.map((o) => (
            <option key={o.ref} value={o.ref}>
              {optionLabel(o, lang, t)}
            </option>
          ))}
        </select>
      </div>
    )
  }
  const zoom = (factor: number) => {
    const { width, height } = store.size.get()
    store.camera.set(zoomAt(store.camera.get(), screen(width / 2, height / 2), factor))
  }

  return (
    <div className="compare-page">
      <header className="board-header">
        <h1 className="board-name">{t('compare.title')}</h1>
        <AppLink path={back} navigate={navigate}>
          {t('compare.back')}
        </AppLink>
        <div className="spacer" />
        <LanguageSwitch />
      </header>
      <div className="compare-controls">
        {chooser('left')}
        <button type="button" onClick={() => choose(right, left)}>
          {t('compare.swap')}
        </button>
        {chooser('right')}
        <div className="spacer" />
        <Legend t={t} />
        <div className="button-row">
          <button
            type="button"
            aria-label={t('tool.zoomOut')}
            title={t('tool.zoomOut')}
            onClick={() => zoom(1 / ZOOM_STEP)}
          >
            −
          </button>
          <button
            type="button"
            aria-label={t('tool.zoomIn')}
            title={t('tool.zoomIn')}
            onClick={() => zoom(ZOOM_STEP)}
          >
            +
          </button>
          <button type="button" onClick={() => store.fit()}>
            {t('tool.zoomFit')}
          </button>
        </div>
      </div>
      {listError && (
        <p role="alert" className="error">
          {t('versions.error.list', { message: listError.message })}
        </p>
      )}
      <div aria-live="polite" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && <p className="muted compare-status">{t('compare.loading')}</p>}
        {state.status === 'error' && (
          <p role="alert" className="error compare-status">
            {t('compare.error', { message: state.message })}
          </p>
        )}
      </div>
      {state.status === 'ready' && (
        <>
          <Maps r={state.result} store={store} labels={[label(left), label(right)]} />
          <Differences r={state.result} store={store} />
        </>
      )}
    </div>
  )
}
