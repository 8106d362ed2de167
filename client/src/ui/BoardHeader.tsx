import { useEffect, useState } from 'react'
import { usePlan, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import { updateBoard } from '../state/editing.ts'
import { ConnectionBadge } from './ConnectionBadge.tsx'
import { ExportPanel } from './ExportPanel.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { DefinitionsButton } from './NormSetPage.tsx'
import { Participants } from './Participants.tsx'
import { SharePanel } from './SharePanel.tsx'
import { VersionsMenu } from './VersionsPanel.tsx'

/** The board's top bar: way home, name, connection, participants, sharing and language. */
export function BoardHeader({ token, navigate }: { token: string; navigate: (p: string) => void }) {
  const s = useSession()
  const { t } = useI18n()
  const name = usePlan(s, () => s.mirror.board.name)
  const [draft, setDraft] = useState(name)
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (!editing) setDraft(name)
  }, [name, editing])

  const commit = () => {
    setEditing(false)
    const v = draft.trim()
    if (v && v !== name) updateBoard(s, { name: v })
    else setDraft(name)
  }

  return (
    <header className="board-header">
      <a
        className="home"
        href="/"
        onClick={(e) => {
          e.preventDefault()
          navigate('/')
        }}
        title={t('board.home')}
      >
        <span className="logo" aria-hidden="true" />
        <span className="visually-hidden">{t('board.home')}</span>
      </a>
      {s.readOnly ? (
        <h1 className="board-name">{name || t('start.untitled')}</h1>
      ) : (
        <input
          className="board-name"
          aria-label={t('board.rename')}
          value={draft}
          placeholder={t('start.untitled')}
          maxLength={200}
          onFocus={() => setEditing(true)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur()
            if (e.key === 'Escape') {
              setDraft(name)
              setEditing(false)
              ;(e.target as HTMLInputElement).blur()
            }
          }}
        />
      )}
      {s.readOnly && (
        <span className="badge view" title={t('board.readOnlyHint')}>
          {t('board.readOnly')}
        </span>
      )}
      <div className="spacer" />
      <ConnectionBadge />
      <Participants />
      <DefinitionsButton />
      <VersionsMenu token={token} navigate={navigate} />
      <ExportPanel token={token} />
      <SharePanel token={token} />
      <LanguageSwitch />
    </header>
  )
}
