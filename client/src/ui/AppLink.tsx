import type { MouseEvent, ReactNode } from 'react'

/**
 * A link within the app: a plain link for a new tab or window (Ctrl, ⌘ or Shift, another button),
 * the app's navigation for a plain click.
 */
export function AppLink({
  path,
  navigate,
  className,
  title,
  children,
}: {
  path: string
  navigate: (p: string) => void
  className?: string
  title?: string
  children: ReactNode
}) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return
    e.preventDefault()
    navigate(path)
  }
  return (
    <a href={path} onClick={go} className={className} title={title}>
      {children}
    </a>
  )
}
