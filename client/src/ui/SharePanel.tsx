import { useState } from 'react'
import { rotateTokens } from '../api/boards.ts'
import { useCell, useSession } from '../app/hooks.ts'
import { boardLink } from '../app/route.ts'
import { useI18n } from '../i18n/lang.ts'
import { loadRecent, rememberBoard } from '../state/recentBoards.ts'

/** The edit-token holder's switch that lets people with the view link comment. */
function ViewerCommentsSetting() {
  const s = useSession()
  const { t } = useI18n()
  const { settings } = useCell(s.discussion.state)
  // The box shows the value asked for while the server has not answered yet.
  const [pending, setPending] = useState<boolean | null>(null)
  const [error, setError] = useState<string | null>(null)
  const change = async (viewerComments: boolean) => {
    setPending(viewerComments)
    setError(null)
    try {
      await s.discussion.setViewerComments(viewerComments)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setPending(null)
    }
  }
  return (
    <div className="share-setting">
      <label className="check">
        <input
          type="checkbox"
          checked={pending ?? settings?.viewerComments === true}
          // Unknown until the server answered: a guess would be a promise the board may not keep.
          disabled={pending !== null || settings === null}
          onChange={(e) => void change(e.target.checked)}
        />
        {t('board.viewerComments')}
      </label>
      <p className="muted small">{t('board.viewerCommentsHint')}</p>
      {error && (
        <p role="alert" className="error">
          {t('board.settingsError', { message: error })}
        </p>
      )}
    </div>
  )
}

/**
 * The board's links to share: the one opened, and the view link when this device knows it. An
 * editor who does not (someone else created the board) can make a new view link; the server keeps
 * only token hashes, so the old one cannot be shown, only replaced.
 */
export function SharePanel({ token }: { token: string }) {
  const s = useSession()
  const { t } = useI18n()
  const [copied, setCopied] = useState<string | null>(null)
  const [madeViewToken, setMadeViewToken] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const known = loadRecent().find((r) => r.id === s.boardId)
  const links: { label: string; url: string }[] = []
  if (s.access === 'edit') links.push({ label: t('board.shareEdit'), url: boardLink(s.boardId, token) })
  const viewToken = s.access === 'view' ? token : (madeViewToken ?? known?.viewToken)
  if (viewToken) links.push({ label: t('board.shareView'), url: boardLink(s.boardId, viewToken) })

  const newViewLink = async () => {
    if (!window.confirm(t('board.newViewLinkConfirm'))) return
    setError(null)
    try {
      const rotated = await rotateTokens(s.boardId, token, 'view')
      if (!rotated.viewToken) return
      setMadeViewToken(rotated.viewToken)
      rememberBoard({
        id: s.boardId,
        name: known?.name ?? '',
        token,
        access: 'edit',
        openedAt: Date.now(),
        viewToken: rotated.viewToken,
      })
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
      setCopied(url)
    } catch {
      setCopied(null)
    }
  }

  return (
    <details className="share">
      <summary>{t('board.share')}</summary>
      <div className="share-body">
        {links.map((l) => (
          <div key={l.url} className="share-link">
            <label>
              {l.label}
              <input readOnly value={l.url} onFocus={(e) => e.target.select()} />
            </label>
            <button type="button" onClick={() => void copy(l.url)}>
              {copied === l.url ? t('board.copied') : t('board.copy')}
            </button>
          </div>
        ))}
        {links.length < 2 && s.access === 'edit' && (
          <div className="share-link">
            <p className="muted">{t('board.viewLinkUnknown')}</p>
            <button type="button" onClick={() => void newViewLink()}>
              {t('board.newViewLink')}
            </button>
          </div>
        )}
        {links.length < 2 && s.access === 'view' && <p className="muted">{t('board.shareUnknown')}</p>}
        {s.access === 'edit' && <ViewerCommentsSetting />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
    </details>
  )
}
