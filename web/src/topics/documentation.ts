/**
 * Kafka's setting documentation carries a little HTML (<code>, <a>, <ul>). The console
 * shows it as plain text: nothing from a broker is ever put into the page as markup.
 */
export function plainText(documentation: string | null | undefined): string {
  if (!documentation) return '';
  return documentation
    .replace(/<li>/gi, ' • ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
