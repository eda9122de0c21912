import { DAY } from "../config/time.js";
import type { Law, ShopperRequestType } from "./request-types.js";

/** EU member states and the other EEA states (Iceland, Liechtenstein, Norway): the GDPR applies. */
const GDPR_COUNTRIES = new Set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO".split(" "));

/** US states with a comprehensive consumer privacy law in force by 2026 (45-day answers, opt-outs). California is CCPA/CPRA. */
const US_STATE_LAWS = new Set("CO CT DE IA IN KY MD MN MT NE NH NJ OR RI TN TX UT VA".split(" "));

/**
 * The law whose clock applies to a shopper's request, from the storefront's country and region
 * (ISO 3166-1 alpha-2, and the subdivision code without the country, e.g. "CA"; Shopify's Customer
 * Privacy API gives "USCA" as one code, which is split here too).
 */
export function lawOf(country: string | null | undefined, region?: string | null): Law {
  const code = (country || (region ?? "").slice(0, 2)).toUpperCase();
  const sub = (region ?? "").toUpperCase().replace(new RegExp(`^${code}-?`), "");
  if (code.length === 4 && code.startsWith("US")) return lawOf("US", code.slice(2));
  if (GDPR_COUNTRIES.has(code)) return "gdpr";
  if (code === "GB") return "uk_gdpr";
  if (code === "US" && sub === "CA") return "ccpa";
  if (code === "US" && US_STATE_LAWS.has(sub)) return "us_state";
  return "none";
}

/** The same day `months` calendar months later; the month's last day when it has no such day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  target.setUTCHours(from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
  return target;
}

/** `days` business days later (Monday to Friday, UTC; public holidays are not counted out). */
export function addBusinessDays(from: Date, days: number): Date {
  const at = new Date(from);
  let left = days;
  while (left > 0) {
    at.setTime(at.getTime() + DAY);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return at;
}

export const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY);

export interface StatutoryClock {
  law: Law;
  /** When the clock started: verification under the GDPR; receipt under US laws (CCPA regs. §7021(b): "regardless of time required to verify"). */
  startsAt: Date;
  dueAt: Date;
  /** The latest due date the merchant can extend to, with a reason the shopper is told (null: not extendable). */
  extendedDueAt: Date | null;
  /** US laws: confirm receipt within 10 business days (CCPA regs. §7021(a)). */
  acknowledgeBy: Date | null;
}

/** Statutory answers, in words the admin and the status page show. */
export const LAW_NAMES: Record<Law, string> = {
  gdpr: "GDPR",
  uk_gdpr: "UK GDPR",
  ccpa: "CCPA/CPRA",
  us_state: "US state privacy law",
  none: "No statutory deadline (Shopify's 30 days)",
};

/**
 * A request's clock. GDPR and UK GDPR (Art. 12(3)): one month from verification, extendable by two
 * further months. CCPA/CPRA and the other US state laws: 45 days from receipt, extendable once by 45;
 * an opt-out of sale or sharing within 15 business days (CCPA regs. §7026(f)); receipt acknowledged
 * within 10 business days. No known law: 30 days, as Shopify asks of compliance webhooks.
 */
export function statutoryClock(law: Law, type: ShopperRequestType, receivedAt: Date, verifiedAt: Date): StatutoryClock {
  switch (law) {
    case "gdpr":
    case "uk_gdpr":
      return { law, startsAt: verifiedAt, dueAt: addMonths(verifiedAt, 1), extendedDueAt: addMonths(verifiedAt, 3), acknowledgeBy: null };
    case "ccpa":
    case "us_state":
      if (type === "opt_out") return { law, startsAt: receivedAt, dueAt: addBusinessDays(receivedAt, 15), extendedDueAt: null, acknowledgeBy: null };
      return {
        law,
        startsAt: receivedAt,
        dueAt: addDays(receivedAt, 45),
        extendedDueAt: addDays(receivedAt, 90),
        acknowledgeBy: addBusinessDays(receivedAt, 10),
      };
    case "none":
      return { law, startsAt: verifiedAt, dueAt: addDays(verifiedAt, 30), extendedDueAt: null, acknowledgeBy: null };
  }
}

/** Due within this many days: flagged on Home. */
export const DUE_SOON_DAYS = 3;
