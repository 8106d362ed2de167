import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { type Access, ApiError, getBoardAccess, syncBaseUrl } from '../api/boards.ts'
import { SessionContext, useCell, useSession } from '../app/hooks.ts'
import { language, useI18n } from '../i18n/lang.ts'
import { translate } from '../i18n/messages.ts'
import { type Identity, loadIdentity, PRESENCE_COLOURS } from '../state/identity.ts'
import { loadRecent, rememberBoard } from '../state/recentBoards.ts'
import { BoardSession } from '../state/session.ts'
import { BarcodePanel } from './BarcodePanel.tsx'
import { BidPanels } from './BidPanels.tsx'
import { BlockList } from './BlockList.tsx'
import { BoardCanvas } from './BoardCanvas.tsx'
import { BoardHeader } from './BoardHeader.tsx'
import { Inspector } from './Inspector.tsx'
import { MeetingPanels } from './MeetingPanels.tsx'
import { NameDialog, nameDialogOpen } from './NameDialog.tsx'
import { definitionsOpen, NormSetPage } from './NormSetPage.tsx'
import { Palette } from './Palette.tsx'
import { useBoardKeyboard } from './useBoardKeyboard.ts'

type LoadError = 'no-token' | 'not-found'

/** What the test harness and the benchmark reach through `window.__gebiedsbord`. */
declare global {
  interface Window {
    __gebiedsbord?: { session: BoardSession }
  }
}

/**
 * A board: checks the link's token with the server (falling back to what this device remembers
 * when offline), opens a session, and lays out header, palette, map and side panels.
 */
export function BoardPage({
  id,
  token,
  navigate,
}: {
  id: string
  token: string | null
  navigate: (p: string) => void
}) {
  const { t } = useI18n()
  const [access, setAccess] = useState<Access | null>(null)
  const [error, setError] = useState<LoadError | null>(token ? null : 'no-token')
  const [stored] = useState<Identity | null>(loadIdentity)
  // Until the name is given, others see a guest in a colour of their own.
  const [identity] = useState<Identity>(
    () =>
      stored ?? {
        name: translate(language.get(), 'presence.anonymous'),
        colour: PRESENCE_COLOURS[Math.floor(Math.random() * PRESENCE_COLOURS.length)] as string,
      },
  )
  const [askFirst] = useState(stored === null)
  useEffect(() => {
    if (askFirst) nameDialogOpen.set(true)
  }, [askFirst])
  const askName = useCell(nameDialogOpen)
  const [session, setSession] = useState<BoardSession | null>(null)

  useEffect(() => {
    if (!token) return
    let cancelled = false
    // Only the access: the name and the rest arrive with the plan over the socket, which this
    // answer opens (the board's metadata route reads the whole plan first).
    getBoardAccess(id, token).then(
      (m) => {
        if (cancelled) return
        setAccess(m.access)
      },
      (err: unknown) => {
        if (cancelled) return
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) setError('not-found')
        else {
          // Offline or the server is down: open from the local copy with the access remembered
          // for this link (view-only when unknown; the server decides again on reconnect).
          const known = loadRecent().find((r) => r.id === id && r.token === token)
          setAccess(known?.access ?? 'view')
        }
      },
    )
    return () => {
      cancelled = true
    }
  }, [id, token])

  useEffect(() => {
    if (!token || !access) return
    const s = new BoardSession({
      boardId: id,
      token,
      access,
      identity,
      // The language at opening; later switches are applied by BoardLayout.
      lang: language.get(),
      syncUrl: syncBaseUrl(),
    })
    setSession(s)
    window.__gebiedsbord = { session: s }
    return () => {
      if (window.__gebiedsbord?.session === s) window.__gebiedsbord = undefined
      s.destroy()
      setSession(null)
    }
  }, [id, token, access, identity])

  // Remembered as soon as it opens (under the name it had, until the plan says otherwise).
  useEffect(() => {
    if (token && access) rememberBoard({ id, name: '', token, access, openedAt: Date.now() })
  }, [id, token, access])
  // The live name (renamed on the board) is what the start page lists.
  const liveName = useSyncExternalStore(
    useCallback((fn: () => void) => session?.planTick.subscribe(fn) ?? (() => {}), [session]),
    () => session?.mirror.board.name ?? '',
  )
  useEffect(() => {
    if (token && access && liveName)
      rememberBoard({ id, name: liveName, token, access, openedAt: Date.now() })
  }, [id, token, access, liveName])

  if (error)
    return (
      <main className="page-message">
        <h1>{t('app.name')}</h1>
        <p role="alert">{t(error === 'no-token' ? 'board.noToken' : 'board.notFound')}</p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault()
            navigate('/')
          }}
        >
          {t('board.home')}
        </a>
      </main>
    )
  if (!session)
    return (
      <main className="page-message" aria-busy="true">
        <p>{t('board.loading')}</p>
      </main>
    )
  return (
    <SessionContext.Provider value={session}>
      <BoardLayout token={token as string} navigate={navigate} />
      {askName && <NameDialog onDone={() => nameDialogOpen.set(false)} />}
    </SessionContext.Provider>
  )
}

function BoardLayout({ token, navigate }: { token: string; navigate: (p: string) => void }) {
  const session = useSession()
  const tooNew = useCell(session.tooNew)
  const definitions = useCell(definitionsOpen)
  const { t, lang } = useI18n()
  useBoardKeyboard(session)
  useEffect(() => session.barcode.setLang(lang), [session, lang])
  if (tooNew)
    return (
      <main className="page-message">
        <p role="alert">{t('board.schemaTooNew')}</p>
      </main>
    )
  return (
    <div className={`board${session.readOnly ? ' read-only' : ''}`}>
      <BoardHeader token={token} navigate={navigate} />
      <div className="board-body">
        {!session.readOnly && <Palette />}
        <BoardCanvas />
        <div className="side-panels">
          <Inspector />
          <BarcodePanel />
          <BidPanels />
          <MeetingPanels />
          <BlockList />
        </div>
      </div>
      {definitions && <NormSetPage onClose={() => definitionsOpen.set(false)} />}
    </div>
  )
}
