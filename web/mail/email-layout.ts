// The one layout of the app's e-mails: simple accessible HTML (no layout tables) and a plain-text twin.

export interface EmailContent {
  /** The shopper's language (BCP 47, e.g. "de", "pt-BR"), set on <html lang>. */
  lang: string;
  dir: "ltr" | "rtl";
  /** The line mail clients show after the subject in the inbox; hidden in the message itself. */
  preheader?: string;
  heading: string;
  /** Plain text, one entry per paragraph; a line break inside one is kept. */
  paragraphs: string[];
  /** The one thing to do: a link styled as a button, its address also written out. */
  action?: { label: string; url: string };
  /** Who sent this and why (the shop, the request), under a rule. */
  footer: string;
}

export interface RenderedEmail {
  html: string;
  text: string;
}

// Colours on white: text #1a1a1a (17.4:1), footer #4a4a4a (8.9:1), button white on #1f4fbf (7.2:1), link #1f4fbf.
const INK = "#1a1a1a";
const MUTED = "#4a4a4a";
const ACCENT = "#1f4fbf";
const PAPER = "#ffffff";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const lines = (text: string) => escape(text).replace(/\r?\n/g, "<br>");

function checkedLang(lang: string): string {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? lang : "en";
}

function checkedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new TypeError("an e-mail action must link to an http(s) address");
  return parsed.href;
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const lang = checkedLang(content.lang);
  const dir = content.dir === "rtl" ? "rtl" : "ltr";
  const action = content.action && { label: content.action.label, url: checkedUrl(content.action.url) };
  const align = dir === "rtl" ? "right" : "left";

  const html = `<!doctype html>
<html lang="${escape(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escape(content.heading)}</title>
</head>
<body style="margin:0;padding:0;background:${PAPER};color:${INK};">
${content.preheader ? `<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escape(content.preheader)}</div>\n` : ""}<div role="article" aria-roledescription="email" lang="${escape(lang)}" dir="${dir}" style="max-width:36rem;margin:0 auto;padding:24px 20px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:${INK};background:${PAPER};text-align:${align};">
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.25;color:${INK};">${escape(content.heading)}</h1>
${content.paragraphs.map((p) => `<p style="margin:0 0 16px;">${lines(p)}</p>`).join("\n")}
${
  action
    ? `<p style="margin:24px 0;"><a href="${escape(action.url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:${ACCENT};color:${PAPER};font-weight:600;text-decoration:none;">${escape(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:${MUTED};"><a href="${escape(action.url)}" style="color:${ACCENT};word-break:break-all;">${escape(action.url)}</a></p>
`
    : ""
}<hr style="border:0;border-top:1px solid #c9c9c9;margin:24px 0 16px;">
<p style="margin:0;font-size:14px;color:${MUTED};">${lines(content.footer)}</p>
</div>
</body>
</html>
`;

  const textParts = [content.heading, "=".repeat(Math.min(content.heading.length, 60)), ...content.paragraphs];
  if (action) textParts.push(`${action.label}:\n${action.url}`);
  textParts.push(`-- \n${content.footer}`);
  return { html, text: `${textParts.join("\n\n")}\n` };
}
