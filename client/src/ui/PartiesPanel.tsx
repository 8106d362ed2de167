import { MAX_NAME_LENGTH, PARTY_ROLES, type Party, type PartyId, type PartyRole } from '@gebiedsbord/model'
import { useId, useMemo, useState } from 'react'
import { usePlan, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import {
  addNewParty,
  editParty,
  nextPartyColour,
  ownedBlocks,
  PARTY_COLOURS,
  type PartyDraft,
  partyProblem,
  removeParty,
  sortedParties,
} from '../state/parties.ts'
import type { BoardSession } from '../state/session.ts'

/** The board's parties by name, re-read when a party changes. */
export function useParties(s: BoardSession): Party[] {
  const version = usePlan(s, () => s.mirror.partiesVersion)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is what says the parties changed.
  return useMemo(() => sortedParties(s.mirror.parties.values()), [s, version])
}

/** A party's colour as a small square beside its name. */
export function PartySwatch({ colour }: { colour: string }) {
  return <span className="party-swatch" style={{ background: colour }} aria-hidden="true" />
}

/** The add and edit form of a party: name, role and colour (with the offered colours to pick from). */
function PartyForm({
  initial,
  self,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: PartyDraft
  /** The party edited; absent when adding. */
  self?: PartyId
  submitLabel: string
  onSubmit: (draft: PartyDraft) => void
  onCancel?: () => void
}) {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const [draft, setDraft] = useState(initial)
  const [tried, setTried] = useState(false)
  const problem = partyProblem(draft, s.mirror.parties.values(), self)
  return (
    <form
      className="party-form"
      aria-label={submitLabel}
      onSubmit={(e) => {
        e.preventDefault()
        setTried(true)
        if (problem) return
        onSubmit(draft)
        setTried(false)
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('parties.name')}</label>
        <input
          id={`${id}-name`}
          value={draft.name}
          maxLength={MAX_NAME_LENGTH}
          aria-invalid={tried && problem === 'parties.nameRequired' ? true : undefined}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('parties.role')}</label>
          <select
            id={`${id}-role`}
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as PartyRole })}
          >
            {PARTY_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`partyRole.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-colour`}>{t('parties.colour')}</label>
          <input
            id={`${id}-colour`}
            type="color"
            className="party-colour"
            list={`${id}-colours`}
            value={draft.colour}
            onChange={(e) => setDraft({ ...draft, colour: e.target.value })}
          />
          <datalist id={`${id}-colours`}>
            {PARTY_COLOURS.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
      </div>
      {tried && problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('parties.cancel')}
          </button>
        )}
      </div>
    </form>
  )
}

/** One party in the list: name, role and colour; editors edit or remove it in place. */
function PartyItem({ party }: { party: Party }) {
  const s = useSession()
  const { t } = useI18n()
  const [mode, setMode] = useState<'show' | 'edit' | 'remove'>('show')
  const [owned, setOwned] = useState(0)
  if (mode === 'edit')
    return (
      <li className="party" data-party-id={party.id}>
        <PartyForm
          initial={{ name: party.name, role: party.role, colour: party.colour }}
          self={party.id}
          submitLabel={t('parties.save')}
          onSubmit={(draft) => {
            editParty(s, party.id, draft)
            setMode('show')
          }}
          onCancel={() => setMode('show')}
        />
      </li>
    )
  return (
    <li className="party" data-party-id={party.id}>
      <div className="party-head">
        <PartySwatch colour={party.colour} />
        <span className="party-name">{party.name}</span>
        <span className="muted small">{t(`partyRole.${party.role}`)}</span>
        {!s.readOnly && mode === 'show' && (
          <span className="party-actions">
            <button type="button" className="link" onClick={() => setMode('edit')}>
              {t('parties.edit')}
              <span className="visually-hidden"> {party.name}</span>
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setOwned(ownedBlocks(s).get(party.id) ?? 0)
                setMode('remove')
              }}
            >
              {t('parties.remove')}
              <span className="visually-hidden"> {party.name}</span>
            </button>
          </span>
        )}
      </div>
      {mode === 'remove' && (
        <div className="notice" role="alertdialog" aria-label={t('parties.remove')}>
          <p>{t('parties.confirmRemove', { name: party.name, count: owned })}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              removeParty(s, party.id)
              setMode('show')
            }}
          >
            {t('parties.confirm')}
          </button>
          <button type="button" onClick={() => setMode('show')}>
            {t('parties.cancel')}
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * The parties of the joint bid: who takes part, in which role and colour (the colour outlines
 * their blocks on the map). Editors add, edit and remove them; a view link reads the list.
 */
export function PartiesPanel() {
  const s = useSession()
  const { t } = useI18n()
  const parties = useParties(s)
  // A new form after each add, so that it starts empty with the next free colour.
  const [added, setAdded] = useState(0)
  return (
    <div className="parties-panel">
      {parties.length === 0 ? (
        <p className="muted">{t(s.readOnly ? 'parties.none' : 'parties.noneEditor')}</p>
      ) : (
        // biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari.
        <ul role="list" className="party-list" aria-label={t('bid.parties')}>
          {parties.map((p) => (
            <PartyItem key={p.id} party={p} />
          ))}
        </ul>
      )}
      {!s.readOnly && (
        <>
          <h3>{t('parties.add')}</h3>
          <PartyForm
            key={added}
            initial={{ name: '', role: 'developer', colour: nextPartyColour(parties) }}
            submitLabel={t('parties.add')}
            onSubmit={(draft) => {
              if (addNewParty(s, draft)) setAdded((n) => n + 1)
            }}
          />
        </>
      )}
    </div>
  )
}
