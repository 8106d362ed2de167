import {
  DEFAULT_NORM_SET_ID,
  type Factor,
  type FigureStatus,
  formatNumber,
  type NormSet,
} from '@gebiedsbord/barcode'
import { useEffect, useMemo, useRef } from 'react'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import type { Lang } from '../i18n/format.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import { normSets } from '../state/barcodeStore.ts'
import { Cell } from '../state/observable.ts'
import {
  formatSetDate,
  type NormSetUse,
  normSetsInUse,
  type RuleDefinition,
  ruleDefinitions,
  type SourceLine,
  sourceLine,
} from './normSetDefinitions.ts'

/** Whether the definitions page is open (the header's button opens it). */
export const definitionsOpen = new Cell(false)

/** The header's button to the definitions page. */
export function DefinitionsButton() {
  const { t } = useI18n()
  const open = useCell(definitionsOpen)
  return (
    <button
      type="button"
      className="definitions-button"
      aria-haspopup="dialog"
      aria-expanded={open}
      title={t('definitions.openHint')}
      onClick={() => definitionsOpen.set(true)}
    >
      {t('definitions.open')}
    </button>
  )
}

/**
 * The shared definitions: every norm set the board uses (the board's, and any an area names), rule
 * by rule with what it measures, its bands, whether it is a condition of growth, and its source
 * and figure status, so that all parties argue from the same definitions. Printable: while it is
 * open, printing prints this page only.
 */
export function NormSetPage({ onClose }: { onClose: () => void }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])
  // Primitive keys, so that the page re-reads the plan only when an area or the board's set changes.
  const areasVersion = usePlan(s, () => s.mirror.areasVersion)
  const boardSet = usePlan(s, () => s.mirror.board.normSetId)
  const untitled = t('area.untitled')
  // biome-ignore lint/correctness/useExhaustiveDependencies: areasVersion stands for the mirror's areas.
  const uses = useMemo(
    () => normSetsInUse(boardSet, s.mirror.areas.values(), normSets(), untitled),
    [s, areasVersion, boardSet, untitled],
  )
  return (
    <dialog ref={ref} className="definitions-page" aria-labelledby="definitions-title" onClose={onClose}>
      <header className="definitions-head">
        <h1 id="definitions-title">{t('definitions.title')}</h1>
        <div className="definitions-actions no-print">
          <button type="button" onClick={() => window.print()}>
            {t('definitions.print')}
          </button>
          <button type="button" className="primary" onClick={() => ref.current?.close()}>
            {t('definitions.close')}
          </button>
        </div>
      </header>
      <p className="muted">{t('definitions.intro')}</p>
      {uses.map((use) => (
        <NormSetSection key={use.id} use={use} lang={lang} t={t} />
      ))}
    </dialog>
  )
}

function NormSetSection({ use, lang, t }: { use: NormSetUse; lang: Lang; t: Translate }) {
  const fallback = normSets().get(DEFAULT_NORM_SET_ID)
  const set = use.set
  const usedBy = [
    use.board ? t('definitions.usedByBoard') : null,
    use.areas.length > 0 ? t('definitions.usedByAreas', { list: use.areas.join(', ') }) : null,
  ].filter((x): x is string => x !== null)
  return (
    <section className="norm-set" data-norm-set-id={use.id} aria-labelledby={`norm-set-${use.id}`}>
      <h2 id={`norm-set-${use.id}`}>{set ? set.name[lang] : use.id}</h2>
      {usedBy.map((line) => (
        <p key={line} className="used-by">
          {line}
        </p>
      ))}
      {!set ? (
        <p role="note" className="error">
          {t('definitions.unknown', { id: use.id, fallback: fallback?.name[lang] ?? DEFAULT_NORM_SET_ID })}
        </p>
      ) : (
        <SetBody set={set} lang={lang} t={t} />
      )}
    </section>
  )
}

function SetBody({ set, lang, t }: { set: NormSet; lang: Lang; t: Translate }) {
  const rules = useMemo(() => ruleDefinitions(set, lang, t), [set, lang, t])
  return (
    <>
      <dl className="set-meta">
        <dt>{t('definitions.id')}</dt>
        <dd>
          <code>{set.id}</code>
        </dd>
        <dt>{t('definitions.version')}</dt>
        <dd>{set.version}</dd>
        <dt>{t('definitions.date')}</dt>
        <dd>
          <time dateTime={set.date}>{formatSetDate(set.date, lang)}</time>
        </dd>
        <dt>{t('definitions.areaTypes')}</dt>
        <dd>
          {set.areaTypes
            .map((type) => (type === set.defaultAreaType ? t('definitions.defaultAreaType', { type }) : type))
            .join(', ')}
        </dd>
      </dl>
      {set.description && <p>{set.description[lang]}</p>}
      <h3>{t('definitions.conditions')}</h3>
      {set.conditions ? (
        <div className="conditions-basis">
          <p>{t('definitions.conditionsIntro')}</p>
          <dl className="set-meta">
            <dt>{t('barcode.source')}</dt>
            <dd>
              <SourceText source={sourceLine(set.conditions.source)} />
            </dd>
            <dt>{t('definitions.status')}</dt>
            <dd>{t(`definitions.conditionsStatus.${set.conditions.status}`)}</dd>
          </dl>
          {set.conditions.note && <p className="muted">{set.conditions.note[lang]}</p>}
        </div>
      ) : (
        <p className="muted">{t('definitions.noConditions')}</p>
      )}
      <h3>{t('definitions.rules')}</h3>
      {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
      <ol role="list" className="rule-definitions">
        {rules.map((r) => (
          <RuleCard key={r.id} rule={r} t={t} />
        ))}
      </ol>
      <h3>{t('definitions.population')}</h3>
      <table className="population">
        <tbody>
          {(['personsPerDwelling', 'pupilsPerDwelling', 'childcarePlacesPerDwelling'] as const).map((k) => (
            <FactorRow
              key={k}
              name={t(`definitions.factor.${k}`)}
              factor={set.population[k]}
              lang={lang}
              t={t}
            />
          ))}
        </tbody>
      </table>
    </>
  )
}

function RuleCard({ rule, t }: { rule: RuleDefinition; t: Translate }) {
  // A column for the area types' own sources only when one of them has one.
  const ownSources = rule.byAreaType.some((b) => b.source || b.status)
  return (
    <li className={`rule-definition${rule.condition ? ' is-condition' : ''}`} data-rule-id={rule.id}>
      <h4>
        <code>{rule.id}</code> {rule.name}
        {rule.condition && <span className="condition-tag">{t('barcode.condition')}</span>}
      </h4>
      <dl>
        <dt>{t('definitions.measures')}</dt>
        <dd>{rule.measures}</dd>
        <dt>{t('definitions.unit')}</dt>
        <dd>{rule.unit}</dd>
        <dt>{t('definitions.pass')}</dt>
        <dd>{rule.pass}</dd>
        <dt>{t('definitions.warn')}</dt>
        <dd>{rule.warn ?? t('definitions.noWarn')}</dd>
        {rule.byAreaType.length > 0 && (
          <>
            <dt>{t('definitions.byAreaType')}</dt>
            <dd>
              <table className="by-area-type">
                <thead>
                  <tr>
                    <th scope="col">{t('definitions.areaTypes')}</th>
                    <th scope="col">{t('definitions.pass')}</th>
                    <th scope="col">{t('definitions.warn')}</th>
                    {ownSources && <th scope="col">{t('barcode.source')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {rule.byAreaType.map((b) => (
                    <tr key={b.areaType}>
                      <th scope="row">{b.areaType}</th>
                      <td>{b.pass}</td>
                      <td>{b.warn ?? t('definitions.noWarn')}</td>
                      {ownSources && (
                        <td className="small">
                          {b.source && <SourceText source={b.source} />}
                          {b.source && b.status && ' · '}
                          {b.status && <StatusText status={b.status} t={t} />}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </dd>
          </>
        )}
        {rule.areaTypes && (
          <>
            <dt>{t('definitions.areaTypes')}</dt>
            <dd>{t('definitions.appliesTo', { list: rule.areaTypes.join(', ') })}</dd>
          </>
        )}
        <dt>{t('barcode.source')}</dt>
        <dd>
          <SourceText source={rule.source} />
        </dd>
        <dt>{t('definitions.status')}</dt>
        <dd>
          <StatusText status={rule.status} t={t} />
        </dd>
      </dl>
      {rule.catchment && <p className="small">{t('definitions.catchment')}</p>}
      {rule.note && <p className="small muted">{rule.note}</p>}
    </li>
  )
}

function FactorRow({ name, factor, lang, t }: { name: string; factor: Factor; lang: Lang; t: Translate }) {
  const byType = Object.entries(factor.byAreaType ?? {})
    .map(([type, v]) => `${type} ${formatNumber(v, lang, 2)}`)
    .join(', ')
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>
        {formatNumber(factor.value, lang, 2)}
        {byType && <span className="muted"> ({byType})</span>}
      </td>
      <td>
        <SourceText source={sourceLine(factor.source)} />
      </td>
      <td>
        <StatusText status={factor.status} t={t} />
      </td>
    </tr>
  )
}

/** A source's text, and its link written out so that it survives printing. */
function SourceText({ source }: { source: SourceLine }) {
  return (
    <span className="source">
      {source.text}
      {source.url && (
        <>
          {' '}
          <a href={source.url} target="_blank" rel="noreferrer">
            {source.url}
          </a>
        </>
      )}
    </span>
  )
}

function StatusText({ status, t }: { status: FigureStatus; t: Translate }) {
  return <span className={`figure-status ${status}`}>{t(`definitions.status.${status}`)}</span>
}
