import type { SignOffWithState } from '@gebiedsbord/barcode'
import { type Area, type AreaId, MAX_NAME_LENGTH, type Party, type PartyId } from '@gebiedsbord/model'
import { useEffect, useId, useMemo, useState } from 'react'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { formatMoment } from '../i18n/dates.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import { currentAuthor } from '../state/author.ts'
import type { BoardSession } from '../state/session.ts'
import {
  type AgreementState,
  type AreaAgreement,
  agreementOf,
  agreementsByArea,
  type SignOffFailure,
} from '../state/signoffs.ts'
import { PartySwatch, useParties } from './PartiesPanel.tsx'
import { ScopeSelect } from './ScopeSelect.tsx'
import { type Scope, useScopeArea, useSortedAreas } from './scope.ts'

/** The version select's value for "save the current state as a new version and sign that". */
const NEW_VERSION = '\u0000new'

const SYMBOL: Record<AgreementState, string> = { current: '✓', outdated: '!', none: '–' }
const STATE_KEY = {
  current: 'signoff.current',
  outdated: 'signoff.outdated',
  none: 'signoff.none',
} as const
const FAILURE_KEY: Record<SignOffFailure, `signoff.error.${SignOffFailure}`> = {
  'read-only': 'signoff.error.read-only',
  'not-saved': 'signoff.error.not-saved',
  'area-not-in-version': 'signoff.error.area-not-in-version',
  'no-party': 'signoff.error.no-party',
  'no-name': 'signoff.error.no-name',
}

/** The sign-offs by area, re-read when a sign-off, its state or a party changes. */
function useAgreements(s: BoardSession): Map<AreaId, AreaAgreement> {
  const states = useCell(s.signoffs.states)
  const parties = usePlan(s, () => s.mirror.partiesVersion)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is what says the parties changed.
  return useMemo(() => agreementsByArea(states, s.mirror.parties), [states, s, parties])
}

/** One cell of the matrix: a symbol for the eye, the state in words for a screen reader. */
function StateMark({ state, party, t }: { state: AgreementState; party: string; t: Translate }) {
  return (
    <span className={`agreement ${state}`} title={`${party}: ${t(STATE_KEY[state])}`}>
      <span aria-hidden="true">{SYMBOL[state]}</span>
      <span className="visually-hidden">{t(STATE_KEY[state])}</span>
    </span>
  )
}

/** Which areas are agreed by which parties: the plan's overview of the bid. */
function AgreementMatrix({
  areas,
  parties,
  agreements,
  onPick,
}: {
  areas: readonly Area[]
  parties: readonly Party[]
  agreements: ReadonlyMap<AreaId, AreaAgreement>
  onPick: (area: AreaId) => void
}) {
  const { t } = useI18n()
  return (
    <div className="table-scroll">
      <table className="agreement-matrix" data-testid="signoff-matrix">
        <caption className="visually-hidden">{t('signoff.matrix')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('signoff.area')}</th>
            {parties.map((p) => (
              <th key={p.id} scope="col" data-party-id={p.id}>
                <PartySwatch colour={p.colour} />
                {p.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {areas.map((a) => {
            const agreement = agreements.get(a.id)
            return (
              <tr key={a.id} data-area-id={a.id}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onPick(a.id)}>
                    {a.name || t('area.untitled')}
                  </button>
                  <span className="muted small">
                    {' '}
                    {t('signoff.count', { agreed: agreement?.agreed ?? 0, total: parties.length })}
                  </span>
                </th>
                {parties.map((p) => {
                  const state = agreementOf(agreement, p.id)
                  return (
                    <td key={p.id} data-party-id={p.id} data-state={state}>
                      <StateMark state={state} party={p.name} t={t} />
                    </td>
                  )
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="muted small legend">
        {(['current', 'outdated', 'none'] as const).map((k) => (
          <span key={k}>
            <span className={`agreement ${k}`} aria-hidden="true">
              {SYMBOL[k]}
            </span>{' '}
            {t(STATE_KEY[k])}
          </span>
        ))}
      </p>
    </div>
  )
}

/** What a party's sign-off of the area says, or that there is none. */
function describe(signOff: SignOffWithState | undefined, lang: 'nl' | 'en', t: Translate): string {
  if (!signOff) return t('signoff.notSigned')
  const vars = { name: signOff.name, time: formatMoment(signOff.at, lang), version: signOff.versionName }
  return t(signOff.state === 'current' ? 'signoff.agreedBy' : 'signoff.outdatedBy', vars)
}

/** One area's sign-offs: the area, the plan's parties and what each of them agreed to. */
interface AreaSignOffProps {
  area: Area
  parties: readonly Party[]
  agreement: AreaAgreement | undefined
}

/** Each party's standing on one area, with a withdraw button for editors. */
function AreaSignOffs({ area, parties, agreement }: AreaSignOffProps) {
  const s = useSession()
  const { t, lang } = useI18n()
  return (
    // biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari.
    <ul role="list" className="area-signoffs">
      {parties.map((p) => {
        const signOff = agreement?.byParty.get(p.id)
        const state = agreementOf(agreement, p.id)
        return (
          <li key={p.id} className={`area-signoff ${state}`} data-party-id={p.id} data-state={state}>
            <div className="party-head">
              <PartySwatch colour={p.colour} />
              <span className="party-name">{p.name}</span>
              <span className={`pill ${state === 'current' ? 'pass' : state === 'outdated' ? 'warn' : ''}`}>
                {t(STATE_KEY[state])}
              </span>
            </div>
            <p className="small">{describe(signOff, lang, t)}</p>
            {signOff && !s.readOnly && (
              <button type="button" className="link" onClick={() => s.signoffs.withdraw(area.id, p.id)}>
                {t('signoff.withdraw', { party: p.name })}
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** The form an editor signs with: for which party, who signs, and which version. */
function SignForm({ area, parties, agreement }: AreaSignOffProps) {
  const s = useSession()
  const { t, lang } = useI18n()
  const id = useId()
  const versions = useCell(s.signoffs.versions)
  const signing = useCell(s.signoffs.signing)
  // The first party that has not agreed to the area as it is now.
  const firstOpen = parties.find((p) => agreementOf(agreement, p.id) !== 'current') ?? parties[0]
  const [party, setParty] = useState<PartyId | ''>(firstOpen?.id ?? '')
  const [name, setName] = useState(() => currentAuthor(s.presence).name)
  const [version, setVersion] = useState(NEW_VERSION)
  // A party removed meanwhile, or none chosen yet: follow the first open one.
  const chosen = parties.some((p) => p.id === party) ? party : (firstOpen?.id ?? '')
  const partyName = parties.find((p) => p.id === chosen)?.name ?? ''
  const list = versions.status === 'ready' ? versions.versions : []
  const busy = signing.status === 'busy'
  const submit = () => {
    const picked = list.find((v) => v.id === version)
    s.signoffs
      .sign({
        area: area.id,
        party: chosen as PartyId,
        name,
        version: picked ?? 'new',
        versionName: t('signoff.versionName', { party: partyName, area: area.name || t('area.untitled') }),
      })
      // The next open party is offered next; the outcome, either way, shows from `signing`.
      .then(
        () => setParty(''),
        () => {},
      )
  }
  return (
    <form
      className="sign-form"
      aria-label={t('signoff.signTitle')}
      onSubmit={(e) => {
        e.preventDefault()
        if (!busy) submit()
      }}
    >
      <h4>{t('signoff.signTitle')}</h4>
      <div className="field">
        <label htmlFor={`${id}-party`}>{t('signoff.party')}</label>
        <select id={`${id}-party`} value={chosen} onChange={(e) => setParty(e.target.value as PartyId)}>
          {parties.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('signoff.signer')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={MAX_NAME_LENGTH}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-version`}>{t('signoff.version')}</label>
        <select id={`${id}-version`} value={version} onChange={(e) => setVersion(e.target.value)}>
          <option value={NEW_VERSION}>{t('signoff.newVersion')}</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {`${v.name} (${formatMoment(v.at, lang)})`}
            </option>
          ))}
        </select>
        {versions.status === 'error' && (
          <span className="field-error">{t('signoff.versionsError', { message: versions.message })}</span>
        )}
      </div>
      <button type="submit" className="primary" disabled={busy || chosen === '' || name.trim() === ''}>
        {busy ? t('signoff.signing') : t('signoff.sign')}
      </button>
      <div aria-live="polite">
        {signing.status === 'error' && (
          <p className="error" role="alert">
            {signing.reason
              ? t(FAILURE_KEY[signing.reason])
              : t('signoff.error.failed', { message: signing.message })}
          </p>
        )}
        {signing.status === 'done' && signing.signOff.area === area.id && (
          <p className="small">
            {t('signoff.signed', {
              party: s.mirror.parties.get(signing.signOff.party)?.name ?? '?',
              version: signing.signOff.versionName,
            })}
          </p>
        )}
      </div>
    </form>
  )
}

/**
 * Sign-off ("akkoord"): the matrix of which areas each party agreed to (✓, outdated when the area
 * changed since, – when not signed), and for the shown area each party's sign-off with signer,
 * time and version; an editor signs for a party on a saved version, or on the current state saved
 * as a new one, and may withdraw a sign-off.
 */
export function SignOffPanel() {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const parties = useParties(s)
  const areas = useSortedAreas(s)
  const agreements = useAgreements(s)
  const [scope, setScope] = useState<Scope>('auto')
  const scoped = useScopeArea(s, scope)
  const area = areas.find((a) => a.id === scoped)
  // The versions to sign on, fetched when the form first shows: not again for every area picked.
  const formShown = !s.readOnly && area !== undefined && parties.length > 0
  useEffect(() => {
    if (formShown) void s.signoffs.loadVersions()
  }, [s, formShown])
  if (areas.length === 0) return <p className="muted">{t('barcode.noAreas')}</p>
  if (parties.length === 0) return <p className="muted">{t('signoff.noParties')}</p>
  return (
    <div className="signoff-panel">
      <h3>{t('signoff.matrix')}</h3>
      <AgreementMatrix areas={areas} parties={parties} agreements={agreements} onPick={setScope} />
      <ScopeSelect
        id={`${id}-area`}
        label="signoff.area"
        value={scope === 'plan' ? 'auto' : scope}
        onChange={setScope}
        areas={areas}
        withPlan={false}
      />
      {!area ? (
        <p className="muted">{t('signoff.pickArea')}</p>
      ) : (
        <section
          className="area-signoff-section"
          data-area-id={area.id}
          aria-label={t('signoff.ofArea', { area: area.name || t('area.untitled') })}
        >
          <h3>{t('signoff.ofArea', { area: area.name || t('area.untitled') })}</h3>
          <AreaSignOffs area={area} parties={parties} agreement={agreements.get(area.id)} />
          {!s.readOnly && (
            <SignForm key={area.id} area={area} parties={parties} agreement={agreements.get(area.id)} />
          )}
        </section>
      )}
    </div>
  )
}
