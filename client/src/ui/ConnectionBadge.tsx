import { useCell, useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'

/** The connection state, always visible: connected, reconnecting or offline, and unsaved edits. */
export function ConnectionBadge() {
  const s = useSession()
  const { t } = useI18n()
  const { status, unsaved } = useCell(s.connection)
  const label = t(
    status === 'connected'
      ? 'conn.connected'
      : status === 'offline'
        ? 'conn.offline'
        : status === 'reconnecting'
          ? 'conn.reconnecting'
          : status === 'denied'
            ? 'conn.denied'
            : 'conn.connecting',
  )
  return (
    <output
      className={`connection ${status}`}
      data-status={status}
      data-unsaved={unsaved}
      aria-live="polite"
      title={status === 'connected' ? undefined : t('conn.localOnly')}
    >
      <span className="dot" aria-hidden="true" />
      <span>{label}</span>
      {!s.readOnly && (
        <span className="unsaved">
          {unsaved > 0 ? t('conn.unsaved', { count: unsaved }) : t('conn.allSaved')}
        </span>
      )}
    </output>
  )
}
