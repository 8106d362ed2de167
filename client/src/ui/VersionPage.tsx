import { useEffect, useState } from 'react'
import { SessionContext } from '../app/hooks.ts'
import { boardPath } from '../app/route.ts'
import { formatMoment } from '../i18n/dates.ts'
import { language, useI18n } from '../i18n/lang.ts'
import { translate } from '../i18n/messages.ts'
import { loadIdentity, PRESENCE_COLOURS } from '../state/identity.ts'
import type { BoardSession } from '../state/session.ts'
import {
  serverVersionViewApi,
  VersionView,
  type VersionViewState,
  versionSession,
} from '../state/versionView.ts'
import { AppLink } from './AppLink.tsx'
import { BarcodePanel } from './BarcodePanel.tsx'
import { BlockList } from './BlockList.tsx'
import { BoardCanvas } from './BoardCanvas.tsx'
import { Inspector } from './Inspector.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { useBoardKeyboard } from './useBoardKeyboard.ts'

/** The version on the board's own map and panels, read-only, under a banner leading back. */
function VersionLayout({
  session,
  title,
  meta,
  back,
  navigate,
}: {
  session: BoardSession
  title: string
  meta: string
  back: string
  navigate: (p: string) => void
}) {
  const { t, lang } = useI18n()
  useBoardKeyboard(session)
  useEffect(() => session.barcode.setLang(lang), [session, lang])
  return (
    <SessionContext.Provider value={session}>
      <div className="board read-only version-view">
        <header className="board-header version-banner">
          <p className="version-title" data-testid="version-banner">
            <strong>{title}</strong> —{' '}
            <AppLink path={back} navigate={navigate}>
              {t('version.back')}
            </AppLink>
          </p>
          {meta && <span className="muted small">{meta}</span>}
          <div className="spacer" />
          <LanguageSwitch />
        </header>
        <div className="board-body">
          <BoardCanvas />
          <div className="side-panels">
            <Inspector />
            <BarcodePanel />
            <BlockList />
          </div>
        </div>
      </div>
    </SessionContext.Provider>
  )
}

/**
 * A named version of a board, opened read-only: its plan on the map with its barcode and block
 * list, and a banner saying which version this is, with the way back to the live board.
 */
export function VersionPage({
  id,
  versionId,
  token,
  navigate,
}: {
  id: string
  versionId: string
  token: string | null
  navigate: (p: string) => void
}) {
  const { t, lang } = useI18n()
  const [state, setState] = useState<VersionViewState>({ status: 'loading' })

  useEffect(() => {
    if (!token) return
    const view = new VersionView()
    const off = view.state.subscribe(setState)
    const identity = loadIdentity() ?? {
      name: translate(language.get(), 'presence.anonymous'),
      colour: PRESENCE_COLOURS[0] as string,
    }
    void view.open(serverVersionViewApi(id, token), versionId, (update) =>
      versionSession({ boardId: id, token, identity, lang: language.get(), update }),
    )
    return () => {
      off()
      view.close()
    }
  }, [id, versionId, token])

  if (!token)
    return (
      <main className="page-message">
        <p role="alert">{t('board.noToken')}</p>
      </main>
    )
  if (state.status === 'loading')
    return (
      <main className="page-message" aria-busy="true">
        <p>{t('version.loading')}</p>
      </main>
    )
  const back = boardPath(id, token)
  if (state.status === 'error')
    return (
      <main className="page-message">
        <p role="alert">{t('version.error', { message: state.message })}</p>
        <a
          href={back}
          onClick={(e) => {
            e.preventDefault()
            navigate(back)
          }}
        >
          {t('version.back')}
        </a>
      </main>
    )
  const v = state.version
  const name = v?.name ?? t('version.unnamed')
  const title = t('version.banner', { name })
  const saved = v ? t('version.meta', { time: formatMoment(v.at, lang), author: v.author || '—' }) : ''
  const meta = [state.boardName, saved].filter(Boolean).join(' · ')
  return <VersionLayout session={state.session} title={title} meta={meta} back={back} navigate={navigate} />
}
