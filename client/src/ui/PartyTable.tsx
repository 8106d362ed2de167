import type { HousingTarget, PartyProgrammeRow, ScopeProgramme } from '@gebiedsbord/barcode'
import { useId, useState, useSyncExternalStore } from 'react'
import { useSession } from '../app/hooks.ts'
import { formatInt, formatPercent, type Lang } from '../i18n/format.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { totalRow } from '../state/partyTable.ts'
import { PartySwatch } from './PartiesPanel.tsx'
import { ScopeSelect } from './ScopeSelect.tsx'
import { type Scope, useScopeArea, useSortedAreas } from './scope.ts'

/** A figure of a row of the programme: its id (for tests and styling), its label and how it reads. */
interface Figure {
  readonly id: string
  readonly label: MessageKey
  readonly value: (r: PartyProgrammeRow, lang: Lang) => string
}

const pct = (v: number | null, lang: Lang): string => (v === null ? '–' : formatPercent(v, lang, 0))

/** The rows of the table, in the order a bid is read: homes by segment, then amenities and space. */
const FIGURES: readonly Figure[] = [
  { id: 'social', label: 'segment.social', value: (r, l) => formatInt(r.dwellingsBySegment.social, l) },
  { id: 'mid', label: 'segment.mid', value: (r, l) => formatInt(r.dwellingsBySegment.mid, l) },
  { id: 'private', label: 'segment.private', value: (r, l) => formatInt(r.dwellingsBySegment.private, l) },
  { id: 'dwellings', label: 'partyTable.dwellings', value: (r, l) => formatInt(r.dwellings, l) },
  { id: 'amenities', label: 'partyTable.amenities', value: (r, l) => formatInt(r.amenityM2Total, l) },
  { id: 'green', label: 'partyTable.green', value: (r, l) => formatInt(r.greenM2, l) },
  { id: 'parking', label: 'partyTable.parking', value: (r, l) => formatInt(r.parkingPlaces, l) },
  { id: 'work', label: 'partyTable.work', value: (r, l) => formatInt(r.workM2, l) },
]

/** The shares of the targets, per party. */
const SHARES: readonly Figure[] = [
  {
    id: 'social-of-target',
    label: 'partyTable.socialOfTarget',
    value: (r, l) => pct(r.social.ofRequired, l),
  },
  {
    id: 'affordable-of-target',
    label: 'partyTable.affordableOfTarget',
    value: (r, l) => pct(r.affordable.ofRequired, l),
  },
  { id: 'social-own', label: 'partyTable.socialOwn', value: (r, l) => pct(r.social.own, l) },
  { id: 'affordable-own', label: 'partyTable.affordableOwn', value: (r, l) => pct(r.affordable.own, l) },
]

/** "Social rent: at least 30% = 66 dwellings; the plan has 120". */
function targetLine(key: 'social' | 'affordable', target: HousingTarget, lang: Lang, t: Translate): string {
  const what = t(key === 'social' ? 'segment.social' : 'partyTable.affordable')
  if (target.minPercent === null || target.requiredDwellings === null)
    return t('partyTable.noTarget', { what, count: formatInt(target.dwellings, lang) })
  return t('partyTable.target', {
    what,
    min: formatPercent(target.minPercent, lang, 0),
    required: formatInt(target.requiredDwellings, lang),
    count: formatInt(target.dwellings, lang),
  })
}

function Table({ scope, lang, t }: { scope: ScopeProgramme; lang: Lang; t: Translate }) {
  const total = totalRow(scope)
  const head = (r: PartyProgrammeRow) => (r.party ? r.party.id : 'none')
  const row = (f: Figure) => (
    <tr key={f.id} data-figure={f.id}>
      <th scope="row">{t(f.label)}</th>
      {scope.rows.map((r) => (
        <td key={head(r)} data-party-id={head(r)}>
          {f.value(r, lang)}
        </td>
      ))}
      <td data-party-id="total" className="total">
        {f.value(total, lang)}
      </td>
    </tr>
  )
  return (
    <div className="table-scroll">
      <table className="party-table" data-testid="party-table">
        <thead>
          <tr>
            <td />
            {scope.rows.map((r) => (
              <th key={head(r)} scope="col" data-party-id={head(r)}>
                {r.party && <PartySwatch colour={r.party.colour} />}
                {r.party ? r.party.name : t('partyTable.noParty')}
              </th>
            ))}
            <th scope="col" data-party-id="total">
              {t('partyTable.total')}
            </th>
          </tr>
        </thead>
        <tbody>{FIGURES.map(row)}</tbody>
        <tbody className="shares">{SHARES.map(row)}</tbody>
      </table>
    </div>
  )
}

/**
 * Who builds what, openly, as the parties agreed: for the shown area (or the whole plan) each
 * party's dwellings per segment, amenities, green, parking and work, and its share of the social
 * and affordable targets that the area's norm set sets. Kept current a few times a second.
 */
export function PartyTable() {
  const s = useSession()
  const { t, lang } = useI18n()
  const id = useId()
  const [scope, setScope] = useState<Scope>('auto')
  const sorted = useSortedAreas(s)
  const scoped = useScopeArea(s, scope)
  // An area removed meanwhile shows the plan rather than nothing.
  const areaId = scoped && sorted.some((a) => a.id === scoped) ? scoped : null
  const shown = useSyncExternalStore(s.partyTable.subscribe, () => s.partyTable.table(areaId))
  const title =
    shown?.area != null ? t('barcode.area', { name: shown.name || t('area.untitled') }) : t('barcode.plan')
  return (
    <div className="party-programme" data-scope={shown?.area ?? 'plan'}>
      <ScopeSelect
        id={`${id}-scope`}
        label="barcode.scope"
        value={scope}
        onChange={setScope}
        areas={sorted}
      />
      <h3>{title}</h3>
      {!shown || shown.rows.length === 0 ? (
        <p className="muted">{t('partyTable.empty')}</p>
      ) : (
        <>
          <ul className="targets small">
            <li data-target="social">{targetLine('social', shown.targets.social, lang, t)}</li>
            <li data-target="affordable">{targetLine('affordable', shown.targets.affordable, lang, t)}</li>
          </ul>
          <Table scope={shown} lang={lang} t={t} />
          {s.mirror.parties.size === 0 && <p className="muted small">{t('partyTable.noParties')}</p>}
        </>
      )}
    </div>
  )
}
