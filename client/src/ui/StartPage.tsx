import { type DragEvent, type FormEvent, useRef, useState } from 'react'
import {
  type CreatedBoard,
  createBoard,
  createBoardFromBackup,
  createBoardFromGeoJson,
} from '../api/boards.ts'
import { BACKUP_EXTENSION } from '../api/exports.ts'
import { boardPath } from '../app/route.ts'
import { useI18n } from '../i18n/lang.ts'
import { forgetBoard, loadRecent, type RecentBoard, rememberBoard } from '../state/recentBoards.ts'
import { LanguageSwitch } from './LanguageSwitch.tsx'

/** The start page: create a board (empty, or from a dropped GeoJSON file) and reopen recent ones. */
export function StartPage({ navigate }: { navigate: (path: string) => void }) {
  const { t, lang } = useI18n()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [dropActive, setDropActive] = useState(false)
  const [problems, setProblems] = useState<{ board: CreatedBoard; list: string[] } | null>(null)
  const [recent, setRecent] = useState<RecentBoard[]>(() => loadRecent())
  const fileInput = useRef<HTMLInputElement>(null)

  const opened = (b: CreatedBoard) => {
    rememberBoard({
      id: b.id,
      name: b.name,
      token: b.editToken,
      access: 'edit',
      openedAt: Date.now(),
      viewToken: b.viewToken,
    })
    if (b.problems?.length) {
      setProblems({
        board: b,
        list: b.problems.map((p) => (p.feature === null ? p.message : `#${p.feature}: ${p.message}`)),
      })
      setRecent(loadRecent())
    } else navigate(boardPath(b.id, b.editToken))
  }

  const run = async (make: () => Promise<CreatedBoard>) => {
    setBusy(true)
    setError(null)
    try {
      opened(await make())
    } catch (err) {
      setError(t('start.error', { message: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    void run(() => createBoard(name.trim() || t('start.untitled')))
  }

  const fromFile = async (file: File) => {
    if (file.name.toLowerCase().endsWith(BACKUP_EXTENSION)) {
      const bytes = await file.arrayBuffer()
      void run(() => createBoardFromBackup(bytes))
      return
    }
    let json: unknown
    try {
      json = JSON.parse(await file.text())
    } catch (err) {
      setError(t('start.badFile', { message: err instanceof Error ? err.message : String(err) }))
      return
    }
    const base = file.name.replace(/\.(geo)?json$/i, '')
    void run(() => createBoardFromGeoJson(json, name.trim() || base))
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDropActive(false)
    const file = e.dataTransfer.files[0]
    if (file) void fromFile(file)
  }

  const dateFormat = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  })

  return (
    <div className="start">
      <header className="start-header">
        <h1>
          <span className="logo" aria-hidden="true" />
          {t('app.name')}
        </h1>
        <LanguageSwitch />
      </header>
      <main className="start-main">
        <p className="tagline">{t('app.tagline')}</p>
        <section
          className={`start-new${dropActive ? ' drop-active' : ''}`}
          aria-labelledby="new-board"
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes('Files')) {
              e.preventDefault()
              setDropActive(true)
            }
          }}
          onDragLeave={() => setDropActive(false)}
          onDrop={onDrop}
        >
          <h2 id="new-board">{t('start.new')}</h2>
          <form onSubmit={submit} className="start-form">
            <label htmlFor="board-name">{t('start.name')}</label>
            <div className="row">
              <input
                id="board-name"
                name="name"
                value={name}
                maxLength={200}
                placeholder={t('start.namePlaceholder')}
                onChange={(e) => setName(e.target.value)}
              />
              <button type="submit" className="primary" disabled={busy}>
                {busy ? t('start.creating') : t('start.create')}
              </button>
            </div>
          </form>
          <p className="drop-hint">
            {dropActive ? t('start.dropActive') : t('start.drop')}{' '}
            <button type="button" className="link" onClick={() => fileInput.current?.click()}>
              {t('start.chooseFile')}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".geojson,.json,.gebiedsbord,application/geo+json,application/json"
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0]
                if (f) void fromFile(f)
                e.target.value = ''
              }}
            />
          </p>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {problems && (
            <div role="status" className="problems">
              <p>{t('start.problems')}</p>
              <ul>
                {problems.list.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <button
                type="button"
                className="primary"
                onClick={() => navigate(boardPath(problems.board.id, problems.board.editToken))}
              >
                {t('start.open')}
              </button>
            </div>
          )}
        </section>
        <section aria-labelledby="recent-boards" className="start-recent">
          <h2 id="recent-boards">{t('start.recent')}</h2>
          {recent.length === 0 ? (
            <p className="muted">{t('start.noRecent')}</p>
          ) : (
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.id}>
                  <a
                    href={boardPath(r.id, r.token)}
                    onClick={(e) => {
                      e.preventDefault()
                      navigate(boardPath(r.id, r.token))
                    }}
                  >
                    {r.name || t('start.untitled')}
                  </a>
                  <span className={`badge ${r.access}`}>
                    {t(r.access === 'edit' ? 'role.edit' : 'role.view')}
                  </span>
                  <time dateTime={new Date(r.openedAt).toISOString()} className="muted">
                    {dateFormat.format(r.openedAt)}
                  </time>
                  <button
                    type="button"
                    className="icon"
                    aria-label={t('start.forgetNamed', { name: r.name || t('start.untitled') })}
                    title={t('start.forget')}
                    onClick={() => setRecent(forgetBoard(r.id))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  )
}
