import { useSyncExternalStore } from 'react'
import { useCell, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import { nameDialogOpen } from './NameDialog.tsx'

const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('') || '?'

/**
 * Who is on the board: a coloured badge each, this user first, with names on hover and for screen
 * readers. A click on someone else follows them (again: stops); presenters are ringed. Beside
 * the badges: present, and for editors "bring everyone to me".
 */
export function Participants() {
  const s = useSession()
  const { t } = useI18n()
  const peers = useSyncExternalStore(s.presence.subscribeRoster, s.presence.roster)
  const follow = useCell(s.follow.state)
  const followed = follow.mode === 'off' ? null : (follow.leader?.clientId ?? null)
  return (
    <section className="participants" aria-label={t('presence.title')}>
      <ul>
        {peers.map((p) => {
          const name = p.self ? t('presence.you', { name: p.name }) : p.name
          const following = followed === p.clientId
          return (
            <li
              key={p.clientId}
              title={name}
              data-self={p.self || undefined}
              data-presenting={p.presenting || undefined}
            >
              {p.self ? (
                <button
                  type="button"
                  className="avatar"
                  style={{ background: p.colour }}
                  title={`${name} — ${t('presence.change')}`}
                  onClick={() => nameDialogOpen.set(true)}
                >
                  <span aria-hidden="true">{initials(p.name)}</span>
                  <span className="visually-hidden">
                    {name}, {t('presence.change')}
                  </span>
                </button>
              ) : (
                <button
                  type="button"
                  className="avatar"
                  style={{ background: p.colour }}
                  aria-pressed={following}
                  aria-label={t('follow.person', { name: p.name })}
                  title={t(following ? 'follow.stopPerson' : 'follow.person', { name: p.name })}
                  onClick={() => s.follow.toggle(p.clientId)}
                >
                  <span aria-hidden="true">{initials(p.name)}</span>
                  <span className="visually-hidden">{name}</span>
                </button>
              )}
              {p.presenting && <span className="visually-hidden"> ({t('follow.isPresenting')})</span>}
              {p.readOnly && <span className="visually-hidden"> ({t('role.view')})</span>}
            </li>
          )
        })}
      </ul>
      <div className="participants-actions">
        <button
          type="button"
          aria-pressed={follow.presenting}
          title={t('follow.presentHint')}
          onClick={() => s.follow.present(!follow.presenting)}
        >
          {t(follow.presenting ? 'follow.stopPresenting' : 'follow.present')}
        </button>
        {!s.readOnly && (
          <button type="button" title={t('follow.summonHint')} onClick={() => s.follow.summonEveryone()}>
            {t('follow.summon')}
          </button>
        )}
      </div>
    </section>
  )
}
