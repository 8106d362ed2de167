import { useState } from 'react'
import { useSession } from '../app/hooks.ts'
import { boardLink } from '../app/route.ts'
import { useI18n } from '../i18n/lang.ts'
import { loadRecent } from '../state/recentBoards.ts'

/** The board's links to share: the one opened, and the view link when this device created the board. */
export function SharePanel({ token }: { token: string }) {
  const s = useSession()
  const { t } = useI18n()
  const [copied, setCopied] = useState<string | null>(null)
  const known = loadRecent().find((r) => r.id === s.boardId)
  const links: { label: string; url: string }[] = []
  if (s.access === 'edit') links.push({ label: t('board.shareEdit'), url: boardLink(s.boardId, token) })
  const viewToken = s.access === 'view' ? token : known?.viewToken
  if (viewToken) links.push({ label: t('board.shareView'), url: boardLink(s.boardId, viewToken) })

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
        {links.length < 2 && <p className="muted">{t('board.shareUnknown')}</p>}
      </div>
    </details>
  )
}
