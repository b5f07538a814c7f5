/**
 * Which admin-page URLs the app keeps and puts in emails: https, or plain http on this machine (the local preview),
 * with no user name or password in it. The resolver that stores the URL and the email that links it both check it.
 */
export function isPageUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname));
}
