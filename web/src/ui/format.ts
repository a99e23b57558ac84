export function time(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

export function lastSeen(p: { online: boolean; lastSeen: string | null } | undefined): string {
  if (!p) return '';
  if (p.online) return 'online';
  if (!p.lastSeen) return '';
  return 'last seen ' + new Date(p.lastSeen).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

/** A search snippet (HTML-escaped by the server, hits in <mark>) as text parts, without innerHTML. */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const decode = (s: string) => s.replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) =>
    ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' })[e] ?? '');
  return snippet.split(/(<mark>.*?<\/mark>)/g).filter(Boolean).map((part) => part.startsWith('<mark>')
    ? { text: decode(part.slice(6, -7)), hit: true } : { text: decode(part), hit: false });
}
