import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { useI18n } from '../i18n/lang.ts'
import { StartPage } from '../ui/StartPage.tsx'
import { parseRoute, type Route } from './route.ts'

const current = (): Route => parseRoute(location.pathname, location.hash)

// The board (Konva, Yjs providers, the norm engine) loads only when a board is opened, so the
// start page stays small.
const BoardPage = lazy(() => import('../ui/BoardPage.tsx').then((m) => ({ default: m.BoardPage })))
const VersionPage = lazy(() => import('../ui/VersionPage.tsx').then((m) => ({ default: m.VersionPage })))
const ComparePage = lazy(() => import('../ui/ComparePage.tsx').then((m) => ({ default: m.ComparePage })))

/**
 * The app: the start page at `/`, a board at `/b/<id>#token=…`, one of its versions read-only at
 * `/b/<id>/versions/<versionId>`, and two of its plans side by side at `/b/<id>/compare`.
 */
export function App() {
  const [route, setRoute] = useState<Route>(current)
  const { t } = useI18n()

  useEffect(() => {
    const onChange = () => setRoute(current())
    window.addEventListener('popstate', onChange)
    window.addEventListener('hashchange', onChange)
    return () => {
      window.removeEventListener('popstate', onChange)
      window.removeEventListener('hashchange', onChange)
    }
  }, [])

  const navigate = useCallback((path: string) => {
    history.pushState(null, '', path)
    setRoute(current())
  }, [])

  // What a lazily loaded page shows while its code arrives.
  const loading = (
    <main className="page-message" aria-busy="true">
      <p>{t('board.loading')}</p>
    </main>
  )
  if (route.page === 'board')
    return (
      <Suspense fallback={loading}>
        <BoardPage key={`${route.id}:${route.token}`} id={route.id} token={route.token} navigate={navigate} />
      </Suspense>
    )
  if (route.page === 'version' || route.page === 'compare')
    return (
      <Suspense fallback={loading}>
        {route.page === 'version' ? (
          <VersionPage
            key={`${route.id}:${route.versionId}:${route.token}`}
            id={route.id}
            versionId={route.versionId}
            token={route.token}
            navigate={navigate}
          />
        ) : (
          <ComparePage
            key={`${route.id}:${route.token}`}
            id={route.id}
            token={route.token}
            a={route.a}
            b={route.b}
            navigate={navigate}
          />
        )}
      </Suspense>
    )
  if (route.page === 'start') return <StartPage navigate={navigate} />
  return (
    <main className="page-message">
      <h1>{t('app.name')}</h1>
      <p>{t('board.notFound')}</p>
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
}
