import { GraphQLError } from "graphql";
import type { MarketingConsent } from "../../shopify/customer-privacy-api.js";

/**
 * The stand-in Shopify's customers and orders, and Shopify's privacy-rights mutations on them
 * (customerUpdate and the address mutations, customerRequestDataErasure, customerCancelDataErasure,
 * dataSaleOptOut), with the errors Shopify documents. Every shop starts with the same three customers
 * (seedCustomers). Erasure follows Shopify's help centre: a customer with an order in the last 180 days
 * is held; otherwise Shopify waits (10 days; shorter here, `erasureDelayMs`), then erases the customer
 * and tells every app (`onErasure`, which local mode turns into a customers/redact webhook).
 */

const DAY = 86_400_000;
/** Shopify keeps an erasure waiting while the customer has an order this recent. */
export const ERASURE_HOLD_DAYS = 180;
/** Without read_all_orders, the Admin API shows only orders of the last 60 days. */
export const RECENT_ORDER_DAYS = 60;
/** Shopify's window to cancel an erasure request. */
export const SHOPIFY_ERASURE_DELAY_MS = 10 * DAY;

export interface FakeAddress {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface FakeLineItem {
  id: number;
  title: string;
  quantity: number;
  sku: string | null;
  /** Price of one, as Shopify's Decimal ("12.50"). */
  unitPrice: string;
}

export interface FakeOrder {
  id: number;
  name: string;
  createdAt: string;
  currencyCode: "EUR" | "GBP" | "USD";
  lineItems: FakeLineItem[];
  shipping: string;
}

export interface FakeCustomer {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  createdAt: string;
  updatedAt: string;
  emailMarketing: MarketingConsent;
  smsMarketing: MarketingConsent;
  dataSaleOptOut: boolean;
  addresses: FakeAddress[];
  defaultAddressId: number | null;
  orders: FakeOrder[];
}

export interface FakeErasure {
  requestedAt: string;
  /** Who asked: this app (through the Admin API) or staff in Shopify's admin. Only the requester may cancel. */
  by: "app" | "staff";
  /** held: an order in the last 180 days; scheduled: erased at `erasesAt` unless cancelled. */
  state: "scheduled" | "held";
  erasesAt: string | null;
}

export interface ErasedCustomer {
  email: string | null;
  phone: string | null;
  orderIds: number[];
}

export interface CustomerState {
  customers: Record<string, Record<string, FakeCustomer>>;
  erasures: Record<string, Record<string, FakeErasure>>;
}

export interface ErasureOptions {
  /** Shopify's waiting period before an erasure (default 10 days). */
  erasureDelayMs?: number;
  /** Shopify erased a customer (local mode sends customers/redact to the app). */
  onErasure?: (shop: string, customerId: number, customer: ErasedCustomer) => void | Promise<void>;
}

const COUNTRIES: Record<string, string> = {
  AT: "Austria",
  AU: "Australia",
  BE: "Belgium",
  CA: "Canada",
  CH: "Switzerland",
  CZ: "Czechia",
  DE: "Germany",
  DK: "Denmark",
  ES: "Spain",
  FI: "Finland",
  FR: "France",
  GB: "United Kingdom",
  IE: "Ireland",
  IT: "Italy",
  JP: "Japan",
  NL: "Netherlands",
  NO: "Norway",
  NZ: "New Zealand",
  PL: "Poland",
  PT: "Portugal",
  SE: "Sweden",
  US: "United States",
};

const iso = (at: number) => new Date(at).toISOString();
const money = (value: number) => value.toFixed(2);
export const customerGid = (id: number | string) => `gid://shopify/Customer/${id}`;
const addressGid = (id: number) => `gid://shopify/MailingAddress/${id}?model_name=CustomerAddress`;
/** The number in a Shopify gid (or a bare number), or NaN. */
export const numericOf = (id: unknown) => Number(/^(?:gid:\/\/shopify\/\w+\/)?(\d+)(?:\?.*)?$/.exec(String(id ?? ""))?.[1] ?? NaN);

function order(id: number, name: string, createdAt: number, items: Array<[title: string, quantity: number, unitPrice: number, sku: string]>): FakeOrder {
  return {
    id,
    name,
    createdAt: iso(createdAt),
    currencyCode: "EUR",
    shipping: "4.90",
    lineItems: items.map(([title, quantity, unitPrice, sku], index) => ({ id: id * 100 + index + 1, title, quantity, sku, unitPrice: money(unitPrice) })),
  };
}

/**
 * The demo shop's customers (and any shop's): 42 Ada Lovelace (orders older than 180 days: erasure is
 * scheduled), 43 Grace Hopper (an order 20 days ago: erasure is held), 191167 John Smith (the customer of
 * Shopify's sample webhooks, with its orders_to_redact).
 */
export function seedCustomers(now: number): Record<string, FakeCustomer> {
  const ago = (days: number) => now - days * DAY;
  const none: MarketingConsent = { state: "NOT_SUBSCRIBED", optInLevel: null, updatedAt: null };
  const ada: FakeCustomer = {
    id: 42,
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    phone: "+442079460042",
    locale: "en",
    createdAt: iso(ago(900)),
    updatedAt: iso(ago(400)),
    emailMarketing: { state: "SUBSCRIBED", optInLevel: "CONFIRMED_OPT_IN", updatedAt: iso(ago(880)) },
    smsMarketing: none,
    dataSaleOptOut: false,
    addresses: [
      {
        id: 4201,
        firstName: "Ada",
        lastName: "Lovelace",
        company: null,
        address1: "12 St James's Square",
        address2: null,
        city: "London",
        provinceCode: null,
        zip: "SW1Y 4JH",
        countryCode: "GB",
        phone: "+442079460042",
      },
    ],
    defaultAddressId: 4201,
    // Twelve orders, so an export pages through them (ten a page).
    orders: Array.from({ length: 12 }, (_, i) =>
      order(5001 + i, `#${1001 + i}`, ago(850 - i * 50), [
        ["Analytical engine punch cards (pack of 100)", 1 + (i % 3), 12.5, "CARDS-100"],
        ...(i % 2 ? ([["Brass gear, 40 teeth", 2, 7.25, "GEAR-40"]] as Array<[string, number, number, string]>) : []),
      ]),
    ),
  };
  const grace: FakeCustomer = {
    id: 43,
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@example.com",
    phone: "+12025550143",
    locale: "en",
    createdAt: iso(ago(500)),
    updatedAt: iso(ago(20)),
    emailMarketing: none,
    smsMarketing: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: iso(ago(300)) },
    dataSaleOptOut: false,
    addresses: [
      {
        id: 4301,
        firstName: "Grace",
        lastName: "Hopper",
        company: "US Navy",
        address1: "1000 Navy Pentagon",
        address2: null,
        city: "Arlington",
        provinceCode: "VA",
        zip: "22202",
        countryCode: "US",
        phone: null,
      },
    ],
    defaultAddressId: 4301,
    orders: [
      order(6001, "#2001", ago(300), [["Nanosecond wire, 30 cm", 10, 1.2, "WIRE-30"]]),
      order(6002, "#2002", ago(20), [
        ["COBOL reference card", 1, 4.5, "COBOL-REF"],
        ["Moth specimen frame", 1, 19.9, "MOTH-1"],
      ]),
    ],
  };
  const john: FakeCustomer = {
    id: 191167,
    firstName: "John",
    lastName: "Smith",
    email: "john@example.com",
    phone: "+15556251199",
    locale: "en",
    createdAt: iso(ago(700)),
    updatedAt: iso(ago(220)),
    emailMarketing: { state: "UNSUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: iso(ago(250)) },
    smsMarketing: none,
    dataSaleOptOut: false,
    addresses: [
      {
        id: 19116701,
        firstName: "John",
        lastName: "Smith",
        company: null,
        address1: "150 Elgin Street",
        address2: "8th floor",
        city: "Ottawa",
        provinceCode: "ON",
        zip: "K2P 1L4",
        countryCode: "CA",
        phone: null,
      },
    ],
    defaultAddressId: 19116701,
    orders: [
      order(220458, "#1450", ago(600), [["Notebook, dotted", 3, 6, "NB-DOT"]]),
      order(280263, "#1712", ago(450), [["Fountain pen", 1, 39, "PEN-F"]]),
      order(299938, "#1838", ago(250), [["Ink, blue, 50 ml", 2, 8.5, "INK-B50"]]),
    ],
  };
  return Object.fromEntries([ada, grace, john].map((c) => [String(c.id), c]));
}

/** A page of a connection, with Shopify's cursors and limits. */
function connection<T, N>(items: T[], args: { first?: number | null; after?: string | null }, node: (item: T) => N) {
  if (args.first == null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if (args.first > 250) throw new GraphQLError("The maximum number of items per page is 250.", { extensions: { code: "MAX_COST_EXCEEDED" } });
  const start = args.after ? Number(Buffer.from(args.after, "base64url").toString()) + 1 : 0;
  const slice = items.slice(start, start + args.first);
  const cursor = (index: number) => Buffer.from(String(index)).toString("base64url");
  return {
    nodes: slice.map(node),
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(start + slice.length - 1) : null,
    },
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;

/** The address in `email:"…"` (or `email:…`), Shopify's search syntax with backslash escapes; null for anything else. */
export function emailOfSearch(query: string): string | null {
  const match = /^\s*email:(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'():\\]+))\s*$/.exec(query);
  if (!match) return null;
  return (match[1] ?? match[2] ?? match[3]!).replace(/\\(.)/g, "$1");
}

export interface CustomerStoreContext {
  state: CustomerState;
  now: () => number;
  save: () => void;
  options: ErasureOptions;
}

export function createCustomerStore(context: CustomerStoreContext) {
  const { state, now, save, options } = context;
  const timers = new Map<string, NodeJS.Timeout>();

  const customersOf = (shop: string) => (state.customers[shop] ??= seedCustomers(now()));
  const erasuresOf = (shop: string) => (state.erasures[shop] ??= {});
  const find = (shop: string, id: unknown) => {
    const key = numericOf(id);
    return Number.isFinite(key) ? customersOf(shop)[String(key)] : undefined;
  };
  const byEmail = (shop: string, email: string) => Object.values(customersOf(shop)).find((c) => c.email?.toLowerCase() === email.trim().toLowerCase());
  const lastOrderOf = (c: FakeCustomer) => c.orders.reduce<FakeOrder | null>((latest, o) => (!latest || o.createdAt > latest.createdAt ? o : latest), null);

  function erase(shop: string, id: string) {
    timers.delete(`${shop}/${id}`);
    delete erasuresOf(shop)[id];
    const customer = customersOf(shop)[id];
    if (customer) delete customersOf(shop)[id];
    save();
    if (!customer) return;
    const erased = { email: customer.email, phone: customer.phone, orderIds: customer.orders.map((o) => o.id) };
    Promise.resolve()
      .then(() => options.onErasure?.(shop, customer.id, erased))
      .catch(() => undefined);
  }

  function arm(shop: string, id: string, delayMs: number) {
    clearTimeout(timers.get(`${shop}/${id}`));
    timers.set(`${shop}/${id}`, setTimeout(() => erase(shop, id), Math.max(0, delayMs)).unref());
  }

  /** Shopify's erasure request, from this app or from staff in the admin: held, or scheduled after the delay. */
  function requestErasure(shop: string, customerId: number | string, by: FakeErasure["by"] = "app"): FakeErasure | null {
    const customer = find(shop, customerId);
    if (!customer) return null;
    const id = String(customer.id);
    const existing = erasuresOf(shop)[id];
    if (existing) return existing;
    const last = lastOrderOf(customer);
    const held = Boolean(last && now() - Date.parse(last.createdAt) < ERASURE_HOLD_DAYS * DAY);
    const delay = options.erasureDelayMs ?? SHOPIFY_ERASURE_DELAY_MS;
    const erasure: FakeErasure = { requestedAt: iso(now()), by, state: held ? "held" : "scheduled", erasesAt: held ? null : iso(now() + delay) };
    erasuresOf(shop)[id] = erasure;
    save();
    if (!held) arm(shop, id, delay);
    return erasure;
  }

  /** Cancels a pending erasure; false when there is none. */
  function cancelErasure(shop: string, customerId: number | string): boolean {
    const id = String(numericOf(customerId));
    if (!erasuresOf(shop)[id]) return false;
    clearTimeout(timers.get(`${shop}/${id}`));
    timers.delete(`${shop}/${id}`);
    delete erasuresOf(shop)[id];
    save();
    return true;
  }

  // Erasures still waiting when the state was saved resume (local mode's restarts).
  for (const [shop, pending] of Object.entries(state.erasures)) {
    for (const [id, erasure] of Object.entries(pending)) {
      if (erasure.state === "scheduled" && erasure.erasesAt) arm(shop, id, Date.parse(erasure.erasesAt) - now());
    }
  }

  interface Access {
    /** Throws Shopify's ACCESS_DENIED unless the shop granted the scope (a write scope includes its read). */
    requireScope(scope: string, field: string): void;
    hasScope(scope: string): boolean;
    /** Staff permission to erase customer data applies to this shop's token. */
    mayErase: boolean;
  }

  function addressNode(a: FakeAddress) {
    return {
      ...a,
      id: addressGid(a.id),
      countryCodeV2: a.countryCode,
      country: a.countryCode ? (COUNTRIES[a.countryCode] ?? a.countryCode) : null,
      province: a.provinceCode,
    };
  }

  function orderNode(o: FakeOrder) {
    const subtotal = o.lineItems.reduce((sum, item) => sum + Number(item.unitPrice) * item.quantity, 0);
    const bag = (amount: number) => ({
      shopMoney: { amount: money(amount), currencyCode: o.currencyCode },
      presentmentMoney: { amount: money(amount), currencyCode: o.currencyCode },
    });
    return {
      id: `gid://shopify/Order/${o.id}`,
      name: o.name,
      createdAt: o.createdAt,
      processedAt: o.createdAt,
      currencyCode: o.currencyCode,
      subtotalPriceSet: bag(subtotal),
      totalPriceSet: bag(subtotal + Number(o.shipping)),
      lineItems: (args: { first?: number; after?: string }) =>
        connection(o.lineItems, args, (item) => ({ id: `gid://shopify/LineItem/${item.id}`, title: item.title, quantity: item.quantity, sku: item.sku })),
    };
  }

  function customerNode(access: Access, c: FakeCustomer) {
    const visibleOrders = () => {
      access.requireScope("read_orders", "orders");
      const since = now() - RECENT_ORDER_DAYS * DAY;
      return c.orders.filter((o) => access.hasScope("read_all_orders") || Date.parse(o.createdAt) >= since).sort((a, b) => a.id - b.id);
    };
    const marketing = (m: MarketingConsent) => ({ marketingState: m.state, marketingOptInLevel: m.optInLevel, marketingUpdatedAt: m.updatedAt });
    const defaultAddress = c.addresses.find((a) => a.id === c.defaultAddressId);
    return {
      id: customerGid(c.id),
      firstName: c.firstName,
      lastName: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "",
      locale: c.locale,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      dataSaleOptOut: c.dataSaleOptOut,
      defaultEmailAddress: c.email ? { emailAddress: c.email, ...marketing(c.emailMarketing) } : null,
      defaultPhoneNumber: c.phone ? { phoneNumber: c.phone, ...marketing(c.smsMarketing) } : null,
      defaultAddress: defaultAddress ? addressNode(defaultAddress) : null,
      addressesV2: (args: { first?: number; after?: string }) => connection(c.addresses, args, addressNode),
      numberOfOrders: String(c.orders.length),
      lastOrder: () => {
        const visible = visibleOrders();
        const last = visible.reduce<FakeOrder | null>((latest, o) => (!latest || o.createdAt > latest.createdAt ? o : latest), null);
        return last ? orderNode(last) : null;
      },
      orders: (args: { first?: number; after?: string; reverse?: boolean }) => {
        const orders = visibleOrders();
        return connection(args.reverse ? orders.reverse() : orders, args, orderNode);
      },
    };
  }

  /** The Admin API's customer fields and mutations for one shop (merged into the fake's root value). */
  function rootFor(shop: string, access: Access) {
    const node = (c: FakeCustomer) => customerNode(access, c);
    const denyErasure = (field: string) => {
      access.requireScope("write_customer_data_erasure", field);
      if (!access.mayErase) {
        throw new GraphQLError(
          `Access denied for ${field} field. Required access: \`write_customer_data_erasure\` access scope. Also: The user must have access to erase customer data.`,
          { extensions: { code: "ACCESS_DENIED" } },
        );
      }
    };
    const noCustomer = { field: ["customerId"], message: "Customer does not exist" };
    return {
      customer: ({ id }: { id: string }) => {
        access.requireScope("read_customers", "customer");
        const found = find(shop, id);
        return found ? node(found) : null;
      },
      customers: (args: { first?: number; after?: string; query?: string }) => {
        access.requireScope("read_customers", "customers");
        const all = Object.values(customersOf(shop)).sort((a, b) => a.id - b.id);
        const email = args.query == null ? undefined : emailOfSearch(args.query);
        const matching = email === undefined ? all : email === null ? [] : all.filter((c) => c.email?.toLowerCase() === email.toLowerCase());
        return connection(matching, args, node);
      },
      customerUpdate: ({ input }: { input: Record<string, string | null | undefined> }) => {
        access.requireScope("write_customers", "customerUpdate");
        const customer = find(shop, input.id);
        if (!customer) return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
        const userErrors: Array<{ field: string[]; message: string }> = [];
        const email = input.email?.trim();
        const phone = input.phone?.trim();
        const others = Object.values(customersOf(shop)).filter((c) => c.id !== customer.id);
        if (email && !EMAIL.test(email)) userErrors.push({ field: ["email"], message: "Email is invalid" });
        else if (email && others.some((c) => c.email?.toLowerCase() === email.toLowerCase()))
          userErrors.push({ field: ["email"], message: "Email has already been taken" });
        if (phone && !PHONE.test(phone)) userErrors.push({ field: ["phone"], message: "Phone is invalid" });
        else if (phone && others.some((c) => c.phone === phone)) userErrors.push({ field: ["phone"], message: "Phone has already been taken" });
        if (userErrors.length) return { customer: null, userErrors };
        if ("firstName" in input) customer.firstName = input.firstName?.trim() || null;
        if ("lastName" in input) customer.lastName = input.lastName?.trim() || null;
        if ("email" in input) customer.email = email || null;
        if ("phone" in input) customer.phone = phone || null;
        if ("locale" in input && input.locale) customer.locale = input.locale;
        customer.updatedAt = iso(now());
        save();
        return { customer: node(customer), userErrors: [] };
      },
      customerAddressCreate: ({ customerId, address, setAsDefault }: { customerId: string; address: Partial<FakeAddress>; setAsDefault?: boolean }) => {
        access.requireScope("write_customers", "customerAddressCreate");
        const customer = find(shop, customerId);
        if (!customer) return { address: null, userErrors: [noCustomer] };
        const ids = Object.values(customersOf(shop)).flatMap((c) => c.addresses.map((a) => a.id));
        const created: FakeAddress = {
          id: Math.max(customer.id * 100, ...ids) + 1,
          firstName: null,
          lastName: null,
          company: null,
          address1: null,
          address2: null,
          city: null,
          provinceCode: null,
          zip: null,
          countryCode: null,
          phone: null,
          ...address,
        };
        customer.addresses.push(created);
        if (setAsDefault || customer.defaultAddressId === null) customer.defaultAddressId = created.id;
        customer.updatedAt = iso(now());
        save();
        return { address: addressNode(created), userErrors: [] };
      },
      customerAddressUpdate: (args: { customerId: string; addressId: string; address: Partial<FakeAddress>; setAsDefault?: boolean }) => {
        access.requireScope("write_customers", "customerAddressUpdate");
        const customer = find(shop, args.customerId);
        if (!customer) return { address: null, userErrors: [noCustomer] };
        const target = customer.addresses.find((a) => a.id === numericOf(args.addressId));
        if (!target) return { address: null, userErrors: [{ field: ["addressId"], message: "Address does not exist" }] };
        Object.assign(target, args.address);
        if (args.setAsDefault) customer.defaultAddressId = target.id;
        customer.updatedAt = iso(now());
        save();
        return { address: addressNode(target), userErrors: [] };
      },
      customerRequestDataErasure: ({ customerId }: { customerId: string }) => {
        denyErasure("customerRequestDataErasure");
        const erasure = requestErasure(shop, numericOf(customerId), "app");
        if (!erasure) return { customerId: null, userErrors: [{ ...noCustomer, code: "DOES_NOT_EXIST" }] };
        return { customerId: customerGid(numericOf(customerId)), userErrors: [] };
      },
      customerCancelDataErasure: ({ customerId }: { customerId: string }) => {
        denyErasure("customerCancelDataErasure");
        const customer = find(shop, customerId);
        if (!customer) return { customerId: null, userErrors: [{ ...noCustomer, code: "DOES_NOT_EXIST" }] };
        const id = String(customer.id);
        const erasure = erasuresOf(shop)[id];
        if (!erasure) {
          return {
            customerId: null,
            userErrors: [{ field: ["customerId"], message: "Customer's data is not scheduled for erasure", code: "NOT_BEING_ERASED" }],
          };
        }
        if (erasure.by !== "app") {
          return {
            customerId: null,
            userErrors: [{ field: ["customerId"], message: "Only the requester of the erasure can cancel it", code: "UNAUTHORIZED_CANCELLATION" }],
          };
        }
        cancelErasure(shop, id);
        return { customerId: customerGid(customer.id), userErrors: [] };
      },
      dataSaleOptOut: ({ email }: { email: string }) => {
        access.requireScope("write_privacy_settings", "dataSaleOptOut");
        if (!EMAIL.test(email.trim())) return { customerId: null, userErrors: [{ field: ["email"], message: "Data sale opt out failed.", code: "FAILED" }] };
        const customer = byEmail(shop, email);
        if (!customer) return { customerId: null, userErrors: [] };
        customer.dataSaleOptOut = true;
        customer.updatedAt = iso(now());
        save();
        return { customerId: customerGid(customer.id), userErrors: [] };
      },
    };
  }

  return {
    rootFor,
    customersOf,
    requestErasure,
    cancelErasure,
    /** Shopify's pending erasure of a customer (undefined when none). */
    erasureOf: (shop: string, customerId: number | string) => erasuresOf(shop)[String(numericOf(customerId))],
    /** Stops the erasure timers (they never keep the process alive either). */
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type CustomerStore = ReturnType<typeof createCustomerStore>;
