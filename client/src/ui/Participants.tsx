import { useSyncExternalStore } from 'react'
import { useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import { nameDialogOpen } from './NameDialog.tsx'

const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('') || '?'

/** Who is on the board: a coloured badge each, this user first, with names on hover and for screen readers. */
export function Participants() {
  const s = useSession()
  const { t } = useI18n()
  const peers = useSyncExternalStore(s.presence.subscribeRoster, s.presence.roster)
  return (
    <section className="participants" aria-label={t('presence.title')}>
      <ul>
        {peers.map((p) => {
          const name = p.self ? t('presence.you', { name: p.name }) : p.name
          return (
            <li key={p.clientId} title={name} data-self={p.self || undefined}>
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
                <>
                  <span className="avatar" style={{ background: p.colour }} aria-hidden="true">
                    {initials(p.name)}
                  </span>
                  <span className="visually-hidden">{name}</span>
                </>
              )}
              {p.readOnly && <span className="visually-hidden"> ({t('role.view')})</span>}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
