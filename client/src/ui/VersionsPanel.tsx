import { MAX_VERSION_NAME_LENGTH } from '@gebiedsbord/model'
import { type FormEvent, useId, useState } from 'react'
import type { VersionInfo } from '../api/versions.ts'
import { useCell, useSession } from '../app/hooks.ts'
import { boardPath, comparePath, versionPath } from '../app/route.ts'
import { formatMoment } from '../i18n/dates.ts'
import { type Translate, useI18n } from '../i18n/lang.ts'
import { currentAuthor } from '../state/author.ts'
import { formatPlanRef } from '../state/compare.ts'
import {
  BoardVersions,
  MAX_VARIANT_NAME,
  serverVersionsApi,
  versionName,
  versionNameProblem,
} from '../state/versions.ts'
import { AppLink } from './AppLink.tsx'

/** The message for a name that cannot be used, or null. */
function nameError(name: string, max: number, t: Translate): string | null {
  const problem = versionNameProblem(name, max)
  if (problem === 'long') return t('versions.nameLong', { max })
  return null
}

/** The inline form that names a variant, then makes and opens it. */
function BranchForm({
  version,
  versions,
  onDone,
  navigate,
  token,
}: {
  version: VersionInfo
  versions: BoardVersions
  onDone: () => void
  navigate: (p: string) => void
  token: string
}) {
  const { t } = useI18n()
  const id = useId()
  const [name, setName] = useState('')
  const busy = useCell(versions.state).busy
  const error = nameError(name, MAX_VARIANT_NAME, t)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const made = await versions.branch(version.id, name)
    if (made) {
      onDone()
      navigate(boardPath(made.id, token))
    }
  }
  return (
    <form className="branch-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-name`}>{t('versions.variantName')}</label>
      <input
        id={`${id}-name`}
        className="version-name-input"
        value={name}
        placeholder={t('versions.variantPlaceholder')}
        maxLength={MAX_VARIANT_NAME}
        aria-invalid={error !== null}
        onChange={(e) => setName(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the form opens on the user's click, to type a name at once.
        autoFocus
      />
      {error && <span className="field-error">{error}</span>}
      <div className="button-row">
        <button
          type="submit"
          className="primary"
          disabled={busy !== null || versionNameProblem(name, MAX_VARIANT_NAME) !== null}
        >
          {busy === 'branch' ? t('versions.branching') : t('versions.branchCreate')}
        </button>
        <button type="button" onClick={onDone}>
          {t('versions.cancel')}
        </button>
      </div>
    </form>
  )
}

/**
 * The board's versions and variants: save the plan as a named version, and per version open it
 * read-only, compare it with the board now, restore it, or branch a variant from it. A variant
 * says which board and version it came from, with a link back.
 */
export function VersionsPanel({
  versions,
  token,
  navigate,
}: {
  versions: BoardVersions
  token: string
  navigate: (p: string) => void
}) {
  const s = useSession()
  const { t, lang } = useI18n()
  const id = useId()
  const state = useCell(versions.state)
  const [name, setName] = useState('')
  const [branching, setBranching] = useState<string | null>(null)
  const ro = versions.readOnly
  const { list, busy, error, outcome } = state
  const nameProblem = nameError(name, MAX_VERSION_NAME_LENGTH, t)
  // A version is the plan as the server has it: saved while this user's edits are still on their
  // way, it would miss them.
  const synced = useCell(s.connection).status === 'connected'

  const save = async (e: FormEvent) => {
    e.preventDefault()
    if (await versions.save(name)) setName('')
  }
  const restore = (v: VersionInfo) => {
    if (window.confirm(t('versions.restoreConfirm', { name: v.name }))) void versions.restore(v.id)
  }
  const meta = (at: number, author: string) =>
    author ? t('versions.meta', { time: formatMoment(at, lang), author }) : formatMoment(at, lang)

  return (
    <div className="versions-panel">
      {list?.parent && (
        <p className="variant-of" data-testid="variant-of">
          {t('versions.variantOf', {
            board: state.parentName || t('versions.parentBoard'),
            version: list.parent.versionName ?? t('versions.parentVersion'),
          })}{' '}
          <AppLink path={boardPath(list.parent.boardId, token)} navigate={navigate}>
            {t('versions.openParent')}
          </AppLink>
        </p>
      )}
      {ro ? (
        <p className="muted small">{t('versions.viewOnly')}</p>
      ) : (
        <form className="version-save" onSubmit={(e) => void save(e)}>
          <label htmlFor={`${id}-name`}>{t('versions.saveTitle')}</label>
          <div className="version-save-row">
            <input
              id={`${id}-name`}
              className="version-name-input"
              value={name}
              placeholder={t('versions.namePlaceholder')}
              maxLength={MAX_VERSION_NAME_LENGTH}
              aria-invalid={nameProblem !== null}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="submit"
              className="primary"
              disabled={busy !== null || !synced || versionNameProblem(name) !== null}
            >
              {busy === 'save' ? t('versions.saving') : t('versions.save')}
            </button>
          </div>
          {nameProblem && <span className="field-error">{nameProblem}</span>}
          {!synced && <p className="muted small">{t('versions.needsConnection')}</p>}
        </form>
      )}
      <div aria-live="polite" className="small">
        {busy === 'restore' && <p className="muted">{t('versions.restoring')}</p>}
        {outcome?.action === 'save' && !busy && (
          <p className="muted">{t('versions.saved', { name: outcome.version.name })}</p>
        )}
        {outcome?.action === 'restore' && !busy && (
          <p className="muted">
            {t('versions.restored', { name: outcome.restored.name, backup: outcome.backup.name })}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {t(`versions.error.${error.action}`, { message: error.message })}
        </p>
      )}

      <h3>{t('versions.list')}</h3>
      {list && list.versions.length === 0 && <p className="muted small">{t('versions.none')}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
      <ul role="list" className="versions-list">
        {list?.versions.map((v) => (
          <li key={v.id} data-testid="version" data-version-id={v.id}>
            <div className="version-head">
              <strong>{v.name}</strong>
              <span className="muted small">{meta(v.at, v.author)}</span>
            </div>
            <div className="button-row">
              <AppLink
                className="button-link"
                path={versionPath(s.boardId, v.id, token)}
                navigate={navigate}
                title={t('versions.openHint')}
              >
                {t('versions.open')}
              </AppLink>
              <AppLink
                className="button-link"
                path={comparePath(s.boardId, token, formatPlanRef({ kind: 'version', id: v.id }), 'current')}
                navigate={navigate}
                title={t('versions.compareHint')}
              >
                {t('versions.compare')}
              </AppLink>
              {!ro && (
                <>
                  <button type="button" disabled={busy !== null} onClick={() => restore(v)}>
                    {t('versions.restore')}
                  </button>
                  <button
                    type="button"
                    aria-expanded={branching === v.id}
                    disabled={busy !== null}
                    onClick={() => setBranching(branching === v.id ? null : v.id)}
                  >
                    {t('versions.branch')}
                  </button>
                </>
              )}
            </div>
            {branching === v.id && (
              <BranchForm
                version={v}
                versions={versions}
                token={token}
                navigate={navigate}
                onDone={() => setBranching(null)}
              />
            )}
          </li>
        ))}
      </ul>

      <h3>{t('versions.variants')}</h3>
      {list && list.variants.length === 0 && <p className="muted small">{t('versions.noVariants')}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: list-style: none drops the implicit list role in Safari. */}
      <ul role="list" className="versions-list">
        {list?.variants.map((v) => (
          <li key={v.id} data-testid="variant" data-board-id={v.id}>
            <AppLink path={boardPath(v.id, token)} navigate={navigate}>
              {v.name}
            </AppLink>{' '}
            <span className="muted small">
              {t('versions.variantFrom', {
                version: versionName(list, v.parentVersion) ?? t('versions.parentVersion'),
                time: formatMoment(v.createdAt, lang),
              })}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <AppLink path={comparePath(s.boardId, token)} navigate={navigate}>
          {t('versions.compareAll')}
        </AppLink>
      </p>
    </div>
  )
}

/** The header's "Versions" menu: opening it asks the server for the list again. */
export function VersionsMenu({ token, navigate }: { token: string; navigate: (p: string) => void }) {
  const s = useSession()
  const { t } = useI18n()
  const [versions] = useState(
    () =>
      new BoardVersions({
        api: serverVersionsApi(s.boardId, token),
        readOnly: s.readOnly,
        author: () => currentAuthor(s.presence).name,
      }),
  )
  return (
    <details
      className="share versions"
      onToggle={(e) => {
        if ((e.target as HTMLDetailsElement).open) void versions.refresh()
      }}
    >
      <summary>{t('versions.title')}</summary>
      <section className="share-body versions-body" aria-label={t('versions.title')}>
        <VersionsPanel versions={versions} token={token} navigate={navigate} />
      </section>
    </details>
  )
}
