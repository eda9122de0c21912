/**
 * A text as the pseudo-locale shows it: each run of words wrapped in ⟦…⟧ (the marker the pseudo-locale test
 * looks for) and 30 % longer, the padding in short breakable groups (real translations wrap, they do not run on);
 * `{placeholders}`, Lingui's `<0>…</0>` tags and ICU's `#` stay as they are, outside the markers.
 */
export function pseudoText(text: string): string {
  return text
    .split(/(\{[^}]*\}|<\/?\d+\/?>|^#$)/)
    .map((part) => {
      if (!part.trim() || /^(\{[^}]*\}|<\/?\d+\/?>|#)$/.test(part)) return part;
      const extra = Math.ceil(part.length * 0.3);
      const padding = Array.from({ length: Math.ceil(extra / 4) }, () => "~~~").join(" ");
      return `⟦${part} ${padding}⟧`;
    })
    .join("");
}
