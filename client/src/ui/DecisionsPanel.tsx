import {
  type AreaId,
  type BlockId,
  type Decision,
  type DecisionKind,
  type DecisionOwner,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  type PartyId,
} from '@gebiedsbord/model'
import { useId, useState } from 'react'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { formatDay, formatMoment } from '../i18n/dates.ts'
import { useI18n } from '../i18n/lang.ts'
import { type DecisionDraft, isOverdue, localDay, logByDay, ownerName } from '../state/decisions.ts'
import type { BoardSession } from '../state/session.ts'
import { areaName } from './commentTargets.ts'

/** The owner select's value for "someone else" (free text); other values are party ids or ''. */
const OTHER = '\u0000other'

/** What the form holds while it is open. */
interface FormState {
  readonly kind: DecisionKind
  readonly text: string
  readonly owner: string
  readonly ownerText: string
  readonly due: string
  readonly areas: readonly AreaId[]
  readonly blocks: readonly BlockId[]
}

/** A new entry's form, about the current selection: its blocks, and their areas or the selected one. */
function formForSelection(s: BoardSession): FormState {
  const { blocks, area } = s.selection.get()
  const areas = new Set<AreaId>(area ? [area] : [])
  for (const b of blocks) {
    const a = s.mirror.areaOf(b)
    if (a) areas.add(a)
  }
  return {
    kind: 'decision',
    text: '',
    owner: '',
    ownerText: '',
    due: '',
    areas: [...areas],
    blocks: [...blocks],
  }
}

function formForEntry(d: Decision): FormState {
  const owner = d.owner ? ('party' in d.owner ? d.owner.party : OTHER) : ''
  return {
    kind: d.kind,
    text: d.text,
    owner,
    ownerText: d.owner && 'name' in d.owner ? d.owner.name : '',
    due: d.due ?? '',
    areas: d.areas,
    blocks: d.blocks,
  }
}

function draftOf(f: FormState): DecisionDraft {
  const owner: DecisionOwner | undefined =
    f.owner === OTHER
      ? f.ownerText.trim()
        ? { name: f.ownerText.trim() }
        : undefined
      : f.owner
        ? { party: f.owner as PartyId }
        : undefined
  return {
    kind: f.kind,
    text: f.text,
    ...(owner ? { owner } : {}),
    ...(f.due ? { due: f.due } : {}),
    areas: f.areas,
    blocks: f.blocks,
  }
}

/** The form to record or edit an entry. */
function DecisionForm({
  initial,
  onSave,
  onCancel,
  saveLabel,
}: {
  initial: FormState
  onSave: (draft: DecisionDraft) => void
  onCancel: () => void
  saveLabel: string
}) {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const [f, setF] = useState(initial)
  const set = (patch: Partial<FormState>) => setF({ ...f, ...patch })
  const parties = [...s.mirror.parties.values()]
  const ok = f.text.trim() !== '' && (f.owner !== OTHER || f.ownerText.trim() !== '')
  const toggleArea = (a: AreaId, on: boolean) =>
    set({ areas: on ? [...f.areas, a] : f.areas.filter((x) => x !== a) })
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form element would submit on Enter in the inputs of the page around it.
    <div className="decision-form" role="group" aria-label={saveLabel}>
      <fieldset className="kind-choice">
        <legend>{t('decisions.kind')}</legend>
        {(['decision', 'action'] as const).map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={f.kind === k}
              onChange={() => set({ kind: k })}
            />
            {t(k === 'decision' ? 'decisions.decision' : 'decisions.action')}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('decisions.text')}</label>
        <textarea
          id={`${id}-text`}
          rows={2}
          maxLength={MAX_TEXT_LENGTH}
          value={f.text}
          onChange={(e) => set({ text: e.target.value })}
        />
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t('decisions.owner')}</label>
          <select id={`${id}-owner`} value={f.owner} onChange={(e) => set({ owner: e.target.value })}>
            <option value="">{t('decisions.noOwner')}</option>
            {parties.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value={OTHER}>{t('decisions.otherOwner')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>{t('decisions.due')}</label>
          <input id={`${id}-due`} type="date" value={f.due} onChange={(e) => set({ due: e.target.value })} />
        </div>
      </div>
      {f.owner === OTHER && (
        <div className="field">
          <label htmlFor={`${id}-owner-name`}>{t('decisions.ownerName')}</label>
          <input
            id={`${id}-owner-name`}
            maxLength={MAX_NAME_LENGTH}
            value={f.ownerText}
            onChange={(e) => set({ ownerText: e.target.value })}
          />
        </div>
      )}
      {s.mirror.areas.size > 0 && (
        <fieldset className="area-choice">
          <legend>{t('decisions.areas')}</legend>
          {s.mirror.sortedAreas().map((a) => (
            <label key={a.id} className="check">
              <input
                type="checkbox"
                checked={f.areas.includes(a.id)}
                onChange={(e) => toggleArea(a.id, e.target.checked)}
              />
              {a.name || t('area.untitled')}
            </label>
          ))}
        </fieldset>
      )}
      {initial.blocks.length > 0 && (
        <label className="check">
          <input
            type="checkbox"
            checked={f.blocks.length > 0}
            onChange={(e) => set({ blocks: e.target.checked ? initial.blocks : [] })}
          />
          {t('decisions.blocks', { count: initial.blocks.length })}
        </label>
      )}
      <div className="button-row">
        <button type="button" className="primary" disabled={!ok} onClick={() => onSave(draftOf(f))}>
          {saveLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('decisions.cancel')}
        </button>
      </div>
    </div>
  )
}

/** One entry of the log: what, who owns it and by when, what it is about, who recorded it and when. */
function DecisionEntry({ entry, today }: { entry: Decision; today: string }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const [editing, setEditing] = useState(false)
  const log = s.decisions
  const ro = log.readOnly
  if (editing)
    return (
      <li className="decision editing">
        <DecisionForm
          initial={formForEntry(entry)}
          saveLabel={t('decisions.save')}
          onCancel={() => setEditing(false)}
          onSave={(draft) => {
            log.update(entry.id, {
              kind: draft.kind,
              text: draft.text,
              owner: draft.owner ?? null,
              due: draft.due ?? null,
              areas: draft.areas ?? [],
              blocks: draft.blocks ?? [],
            })
            setEditing(false)
          }}
        />
      </li>
    )
  const blocks = entry.blocks.filter((b) => s.mirror.blocks.has(b))
  return (
    <li
      className={`decision ${entry.kind}${entry.done ? ' done' : ''}`}
      data-testid="decision"
      data-decision-id={entry.id}
    >
      <div className="decision-head">
        <span className={`kind-chip ${entry.kind}`}>
          {t(entry.kind === 'action' ? 'decisions.action' : 'decisions.decision')}
        </span>
        {entry.kind === 'action' && (
          <label className="check done-check">
            <input
              type="checkbox"
              checked={entry.done === true}
              disabled={ro}
              aria-label={t('decisions.markDone', { text: entry.text })}
              onChange={(e) => log.setDone(entry.id, e.target.checked)}
            />
            {t('decisions.done')}
          </label>
        )}
      </div>
      <p className="decision-text">{entry.text}</p>
      <p className="decision-meta small">
        {entry.owner && (
          <span>{t('decisions.ownedBy', { name: ownerName(entry.owner, s.mirror.parties) })}</span>
        )}
        {entry.due && (
          <span className={isOverdue(entry, today) ? 'overdue' : undefined}>
            {t('decisions.dueOn', { date: formatDay(entry.due, lang) })}
            {isOverdue(entry, today) && ` (${t('decisions.overdue')})`}
          </span>
        )}
      </p>
      {(entry.areas.length > 0 || blocks.length > 0) && (
        <p className="decision-links small">
          {entry.areas.map((a) => (
            <button
              key={a}
              type="button"
              className="link"
              disabled={!s.mirror.areas.has(a)}
              onClick={() => s.selection.selectArea(a)}
            >
              {areaName(s, a, t)}
            </button>
          ))}
          {blocks.length > 0 && (
            <button
              type="button"
              className="link"
              title={t('decisions.showLinked')}
              onClick={() => s.selection.selectBlocks(blocks)}
            >
              {t('decisions.linkedBlocks', { count: blocks.length })}
            </button>
          )}
        </p>
      )}
      <p className="muted small">
        <span
          className="author-dot"
          style={{ background: entry.author.colour ?? '#64748b' }}
          aria-hidden="true"
        />{' '}
        {t('decisions.by', { name: entry.author.name, time: formatMoment(entry.createdAt, lang) })}
      </p>
      {!ro && (
        <div className="comment-actions">
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('decisions.edit')}
          </button>
          <button
            type="button"
            className="link danger"
            onClick={() => window.confirm(t('decisions.deleteConfirm')) && log.remove(entry.id)}
          >
            {t('decisions.delete')}
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * The decision log as a timeline, newest day first. Editors record decisions and actions (about
 * the current selection by default) and mark actions done; viewers read.
 */
export function DecisionsPanel() {
  const s = useSession()
  const { t, lang } = useI18n()
  const entries = useCell(s.decisions.entries)
  const [form, setForm] = useState<FormState | null>(null)
  usePlan(s, () => s.mirror.areasVersion)
  usePlan(s, () => s.mirror.partiesVersion)
  const today = localDay(Date.now())
  return (
    <div className="decisions-panel">
      {s.decisions.readOnly ? (
        <p className="muted small">{t('decisions.readOnly')}</p>
      ) : form ? (
        <DecisionForm
          initial={form}
          saveLabel={t('decisions.record')}
          onCancel={() => setForm(null)}
          onSave={(draft) => {
            s.decisions.record(draft)
            setForm(null)
          }}
        />
      ) : (
        <button type="button" onClick={() => setForm(formForSelection(s))}>
          {t('decisions.new')}
        </button>
      )}
      {entries.length === 0 && <p className="muted">{t('decisions.empty')}</p>}
      {logByDay(entries).map((day) => (
        <section key={day.day} className="log-day">
          <h3>{formatDay(day.day, lang, true)}</h3>
          {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
          <ol role="list" className="decisions">
            {day.entries.map((e) => (
              <DecisionEntry key={e.id} entry={e} today={today} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}
