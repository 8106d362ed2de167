import { setLanguage, useI18n } from '../i18n/lang.ts'
import { LANGS } from '../i18n/messages.ts'

/** Switches between Dutch and English; the choice is remembered on this device. */
export function LanguageSwitch() {
  const { lang, t } = useI18n()
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('lang.switch')}</legend>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          title={t(`lang.${l}`)}
          onClick={() => setLanguage(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </fieldset>
  )
}
