/**
 * The stem of an export's file name, the same for the server's downloads and the client's saved
 * files: the board's name without accents, anything but letters, digits, `.`, `_` and `-` made
 * a `-`, at most 80 characters, and `gebiedsbord` when nothing is left.
 */
export function fileStem(boardName: string): string {
  return (
    boardName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'gebiedsbord'
  )
}
