/**
 * The storefront languages: the banner (extensions/consent-banner/locales), the privacy centre and its e-mails
 * (web/privacy-centre/locales) and the legal glossary (web/i18n/glossary) each have one file per entry here.
 * Every official language of the EU and the EEA, and the other languages our merchants sell in.
 */
export const STOREFRONT_LOCALES = [
  "ar",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "es",
  "et",
  "fi",
  "fr",
  "ga",
  "he",
  "hi",
  "hr",
  "hu",
  "id",
  "is",
  "it",
  "ja",
  "ko",
  "lt",
  "lv",
  "ms",
  "mt",
  "nb",
  "nl",
  "pl",
  "pt-BR",
  "pt-PT",
  "ro",
  "sk",
  "sl",
  "sv",
  "th",
  "tr",
  "uk",
  "vi",
  "zh-CN",
  "zh-TW",
] as const;

export type StorefrontLocale = (typeof STOREFRONT_LOCALES)[number];

/**
 * The legal terms each language renders one way across the banner, the privacy centre and its e-mails.
 * `source` finds the term in an English text; a translation of that text must contain one of the language's `stems`.
 */
export const GLOSSARY_TERMS = {
  consent: { source: /\bconsent/i, meaning: "a person's agreement to processing (GDPR Art. 4(11), Art. 7)" },
  personal_data: {
    source: /\bpersonal (data|information)\b/i,
    meaning: "any information about an identifiable person (GDPR Art. 4(1); CCPA 'personal information')",
  },
  sale: { source: /\b(sell|selling|sale|sold)\b/i, meaning: "selling personal information (CCPA/CPRA 'sale')" },
  sharing: { source: /\bshar(e|ed|ing)\b/i, meaning: "sharing personal information for cross-context behavioural advertising (CPRA 'sharing')" },
  strictly_necessary: { source: /\bstrictly necessary\b/i, meaning: "cookies exempt from consent (ePrivacy Directive Art. 5(3))" },
  controller: { source: /\bcontroller\b/i, meaning: "who decides why and how personal data is processed (GDPR Art. 4(7))" },
} as const;

export type GlossaryTerm = keyof typeof GLOSSARY_TERMS;

/** One language's glossary file: the term as it is written, and the stems any inflected form contains. */
export type Glossary = Record<GlossaryTerm, { term: string; stems: string[] }>;
