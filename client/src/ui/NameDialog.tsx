import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useSession } from '../app/hooks.ts'
import { useI18n } from '../i18n/lang.ts'
import { loadIdentity, saveIdentity } from '../state/identity.ts'
import { Cell } from '../state/observable.ts'

/** Whether the name dialog is open: at the first visit, or when the user asks to change the name. */
export const nameDialogOpen = new Cell(false)

/** Asks for a name once; it is remembered on this device and shown to others beside the cursor. */
export function NameDialog({ onDone }: { onDone: () => void }) {
  const s = useSession()
  const { t } = useI18n()
  const [name, setName] = useState(() => loadIdentity()?.name ?? '')
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
  }, [])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const v = name.trim()
    if (!v) return
    s.presence.setIdentity(saveIdentity(v))
    ref.current?.close()
    onDone()
  }
  return (
    <dialog
      ref={ref}
      className="name-dialog"
      aria-labelledby="name-title"
      onCancel={(e) => e.preventDefault()}
    >
      <form onSubmit={submit}>
        <h2 id="name-title">{t('presence.askTitle')}</h2>
        <p className="muted">{t('presence.askHint')}</p>
        <label htmlFor="your-name">{t('presence.name')}</label>
        <input
          id="your-name"
          value={name}
          maxLength={40}
          autoComplete="name"
          required
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!name.trim()}>
          {t('presence.save')}
        </button>
      </form>
    </dialog>
  )
}
