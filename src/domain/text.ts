/** Checks of text the app stores or shows, shared by the contract and the domain's schemas. */

/** Control characters (NUL, line breaks, escapes): never part of an id, a name, a token or a cursor. */
export function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
