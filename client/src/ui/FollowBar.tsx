import { useCell, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'

/**
 * The follow bar over the map: whom this user follows (and a way to stop), the "following X —
 * return" control after panning away, a running presentation to join, or this user's own
 * presentation with its number of followers. While following, the map is framed in the leader's
 * colour. All state and decisions live in `session.follow`.
 */
export function FollowBar() {
  const s = useSession()
  const { t } = useI18n()
  const f = useCell(s.follow.state)
  const { mode, leader, offer } = f

  if (f.presenting)
    return (
      <div className="follow-bar presenting" role="status" data-follow="presenting">
        <span>{t('follow.presenting', { count: f.followers })}</span>
        <button type="button" onClick={() => s.follow.present(false)}>
          {t('follow.stopPresenting')}
        </button>
      </div>
    )
  if (mode === 'following' && leader)
    return (
      <>
        <div className="follow-frame" style={{ borderColor: leader.colour }} aria-hidden="true" />
        <div
          className="follow-bar"
          role="status"
          data-follow="following"
          style={{ borderColor: leader.colour }}
        >
          <span className="follow-mark" style={{ background: leader.colour }} aria-hidden="true" />
          <span>{t('follow.following', { name: leader.name })}</span>
          <button type="button" onClick={() => s.follow.stop()}>
            {t('follow.stop')}
          </button>
        </div>
      </>
    )
  if (mode === 'detached' && leader)
    return (
      <div className="follow-bar" data-follow="detached" style={{ borderColor: leader.colour }}>
        <button type="button" className="primary" onClick={() => s.follow.resume()}>
          {t('follow.return', { name: leader.name })}
        </button>
        <button
          type="button"
          className="icon"
          aria-label={t('follow.stop')}
          title={t('follow.stop')}
          onClick={() => s.follow.stop()}
        >
          ×
        </button>
      </div>
    )
  if (offer)
    return (
      <div className="follow-bar" data-follow="offer" style={{ borderColor: offer.colour }}>
        <span className="follow-mark" style={{ background: offer.colour }} aria-hidden="true" />
        <span>{t('follow.offer', { name: offer.name })}</span>
        <button
          type="button"
          className="primary"
          onClick={() => s.follow.follow(offer.clientId, 'presenting')}
        >
          {t('follow.join')}
        </button>
      </div>
    )
  return null
}
