import { adminGraphql } from "./admin-graphql.js";
import type { ShopifyApp } from "./create-shopify.js";

/*
 * The Admin API calls behind a shopper's privacy rights (API version 2026-10):
 *   access      customers(query: "email:…"), customer { profile, addresses, marketing consent, orders }   read_customers, read_orders
 *   correction  customerUpdate, customerAddressUpdate / customerAddressCreate                            write_customers
 *   deletion    customerRequestDataErasure, customerCancelDataErasure                                     write_customer_data_erasure
 *   opt-out     dataSaleOptOut(email)                                                                     write_privacy_settings
 * Orders older than 60 days are visible only with read_all_orders (Shopify's rule for the Order object).
 * A scope the shop has not granted throws AdminApiError "access_denied" (admin-graphql.ts); a refusal
 * Shopify reports as userErrors is a result, `{ ok: false, code, message }`. Names, e-mails, phones and
 * addresses are protected customer data: this module logs nothing, and its results are for the request
 * being worked on only.
 */

/** Shopify's customer ids as this app stores them: the number ("42"). A gid is accepted too. */
export type ShopifyCustomerId = string;

export interface CustomerAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface MarketingConsent {
  /** Shopify's marketing state: SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING, … */
  state: string;
  optInLevel: string | null;
  updatedAt: string | null;
}

export interface CustomerProfile {
  id: ShopifyCustomerId;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  createdAt: string;
  /** The customer opted out of the sale or sharing of their data (dataSaleOptOut). */
  dataSaleOptOut: boolean;
  emailMarketing: MarketingConsent | null;
  smsMarketing: MarketingConsent | null;
  defaultAddress: CustomerAddress | null;
  addresses: CustomerAddress[];
}

export interface Money {
  /** Shopify's Decimal, as a string ("12.50"). */
  amount: string;
  currencyCode: string;
}

export interface CustomerOrder {
  id: string;
  /** The order's name as the shop shows it ("#1001"). */
  name: string;
  createdAt: string;
  processedAt: string;
  subtotal: Money | null;
  total: Money;
  lineItems: Array<{ title: string; quantity: number }>;
  /** More line items than one page holds (ORDER_LINE_ITEMS_PAGE); the pack says so. */
  lineItemsTruncated: boolean;
}

export interface CustomerExport {
  customer: CustomerProfile;
  /** Oldest first. Only the last 60 days' unless the shop granted read_all_orders. */
  orders: CustomerOrder[];
}

/** The default address's fields a shopper may ask to correct. */
export interface CorrectableAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  /** Two letters (Shopify's CountryCode). */
  countryCode: string | null;
}

/** What a correction request can change, as Shopify holds it now. */
export interface CorrectableFields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** The default address; null when the customer has none. */
  address: CorrectableAddress | null;
}

/** A correction to write: only the fields present change (null clears a field). */
export type ContactChange = Partial<Omit<CorrectableFields, "address">> & { address?: CorrectableAddress };

/** Shopify did it, or refused with one of its userErrors codes (INVALID for errors without a code). */
export type ShopifyOutcome = { ok: true } | { ok: false; code: string; message: string };

/** dataSaleOptOut's answer: the customer it was recorded on (null when no customer has that e-mail). */
export type OptOutOutcome = { ok: true; customerId: ShopifyCustomerId | null } | { ok: false; code: string; message: string };

const ORDERS_PAGE = 10;
const ORDER_LINE_ITEMS_PAGE = 50;
const ADDRESSES_PAGE = 50;

interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

const ADDRESS_FIELDS = "firstName lastName company address1 address2 city province provinceCode zip country countryCodeV2 phone";
const MARKETING = "marketingState marketingOptInLevel marketingUpdatedAt";

const CUSTOMER_BY_EMAIL = `#graphql
  query CustomerByEmail($query: String!) {
    customers(first: 10, query: $query) { nodes { id defaultEmailAddress { emailAddress } } }
  }`;

const CUSTOMER_FOR_EXPORT = `#graphql
  query CustomerForExport($id: ID!) {
    customer(id: $id) {
      id firstName lastName locale createdAt dataSaleOptOut
      defaultEmailAddress { emailAddress ${MARKETING} }
      defaultPhoneNumber { phoneNumber ${MARKETING} }
      defaultAddress { ${ADDRESS_FIELDS} }
      addressesV2(first: ${ADDRESSES_PAGE}) { nodes { ${ADDRESS_FIELDS} } }
    }
  }`;

const CUSTOMER_ORDERS = `#graphql
  query CustomerOrders($id: ID!, $after: String) {
    customer(id: $id) {
      orders(first: ${ORDERS_PAGE}, after: $after) {
        nodes {
          id name createdAt processedAt
          subtotalPriceSet { shopMoney { amount currencyCode } }
          totalPriceSet { shopMoney { amount currencyCode } }
          lineItems(first: ${ORDER_LINE_ITEMS_PAGE}) { nodes { title quantity } pageInfo { hasNextPage } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

const CUSTOMER_CONTACT = `#graphql
  query CustomerContact($id: ID!) {
    customer(id: $id) {
      id firstName lastName
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
      defaultAddress { id address1 address2 city provinceCode zip countryCodeV2 }
    }
  }`;

const UPDATE_CUSTOMER = `#graphql
  mutation CorrectCustomer($input: CustomerInput!) {
    customerUpdate(input: $input) { customer { id } userErrors { field message } }
  }`;

const UPDATE_ADDRESS = `#graphql
  mutation CorrectCustomerAddress($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
    customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, setAsDefault: true) { address { id } userErrors { field message } }
  }`;

const CREATE_ADDRESS = `#graphql
  mutation AddCustomerAddress($customerId: ID!, $address: MailingAddressInput!) {
    customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: true) { address { id } userErrors { field message } }
  }`;

const REQUEST_ERASURE = `#graphql
  mutation RequestCustomerErasure($customerId: ID!) {
    customerRequestDataErasure(customerId: $customerId) { customerId userErrors { field message code } }
  }`;

const CANCEL_ERASURE = `#graphql
  mutation CancelCustomerErasure($customerId: ID!) {
    customerCancelDataErasure(customerId: $customerId) { customerId userErrors { field message code } }
  }`;

const DATA_SALE_OPT_OUT = `#graphql
  mutation OptOutOfDataSale($email: String!) {
    dataSaleOptOut(email: $email) { customerId userErrors { field message code } }
  }`;

const LAST_ORDER = `#graphql
  query CustomerLastOrder($id: ID!) {
    customer(id: $id) { lastOrder { createdAt } }
  }`;

/** A customer's gid for the Admin API, from the number this app stores (or a gid). */
export function customerGid(customerId: ShopifyCustomerId): string {
  const id = String(customerId).trim();
  if (/^\d+$/.test(id)) return `gid://shopify/Customer/${id}`;
  if (/^gid:\/\/shopify\/Customer\/\d+$/.test(id)) return id;
  throw new TypeError("not a Shopify customer id");
}

/** The number of a gid ("gid://shopify/Customer/42" → "42"). */
export function numericId(gid: string): string {
  return /\/(\d+)(?:\?.*)?$/.exec(gid)?.[1] ?? gid;
}

/**
 * `email:"…"` in Shopify's search syntax: the address is one quoted value, with backslashes and double
 * quotes escaped, so nothing a shopper types (quotes, OR, other fields) can change what is searched.
 */
export function emailSearchQuery(email: string): string {
  return `email:"${email.trim().replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function outcomeOf(userErrors: UserError[] | undefined): ShopifyOutcome {
  const first = userErrors?.[0];
  return first ? { ok: false, code: first.code ?? "INVALID", message: userErrors!.map((e) => e.message).join("; ") } : { ok: true };
}

type RawAddress = Record<string, string | null> & { countryCodeV2?: string | null };
type RawMarketing = { marketingState: string; marketingOptInLevel: string | null; marketingUpdatedAt: string | null };

function addressOf(raw: RawAddress): CustomerAddress {
  return {
    firstName: raw.firstName ?? null,
    lastName: raw.lastName ?? null,
    company: raw.company ?? null,
    address1: raw.address1 ?? null,
    address2: raw.address2 ?? null,
    city: raw.city ?? null,
    province: raw.province ?? null,
    provinceCode: raw.provinceCode ?? null,
    zip: raw.zip ?? null,
    country: raw.country ?? null,
    countryCode: raw.countryCodeV2 ?? null,
    phone: raw.phone ?? null,
  };
}

const consentOf = (raw: RawMarketing | null): MarketingConsent | null =>
  raw ? { state: raw.marketingState, optInLevel: raw.marketingOptInLevel, updatedAt: raw.marketingUpdatedAt } : null;

/** The customer with exactly this e-mail address (case aside), or null. */
export async function findCustomerIdByEmail(shopify: ShopifyApp, shop: string, email: string): Promise<ShopifyCustomerId | null> {
  const wanted = email.trim().toLowerCase();
  if (!wanted) return null;
  const data = await adminGraphql<{ customers: { nodes: Array<{ id: string; defaultEmailAddress: { emailAddress: string | null } | null }> } }>(
    shopify,
    shop,
    CUSTOMER_BY_EMAIL,
    { query: emailSearchQuery(email) },
  );
  // Shopify's search can match loosely; only the same address counts.
  const match = data.customers.nodes.find((c) => c.defaultEmailAddress?.emailAddress?.trim().toLowerCase() === wanted);
  return match ? numericId(match.id) : null;
}

/**
 * What Shopify holds about a customer, for their copy of their data: profile, e-mail and SMS marketing
 * consent, addresses, and orders (dates, items, totals), every page of them. Null for an unknown customer.
 */
export async function customerDataForExport(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId): Promise<CustomerExport | null> {
  const id = customerGid(customerId);
  type Raw = {
    customer: {
      id: string;
      firstName: string | null;
      lastName: string | null;
      locale: string;
      createdAt: string;
      dataSaleOptOut: boolean;
      defaultEmailAddress: (RawMarketing & { emailAddress: string | null }) | null;
      defaultPhoneNumber: (RawMarketing & { phoneNumber: string }) | null;
      defaultAddress: RawAddress | null;
      addressesV2: { nodes: RawAddress[] };
    } | null;
  };
  const { customer } = await adminGraphql<Raw>(shopify, shop, CUSTOMER_FOR_EXPORT, { id });
  if (!customer) return null;

  type RawMoney = { shopMoney: Money } | null;
  type RawOrders = {
    customer: {
      orders: {
        nodes: Array<{
          id: string;
          name: string;
          createdAt: string;
          processedAt: string;
          subtotalPriceSet: RawMoney;
          totalPriceSet: { shopMoney: Money };
          lineItems: { nodes: Array<{ title: string; quantity: number }>; pageInfo: { hasNextPage: boolean } };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  };
  const orders: CustomerOrder[] = [];
  let after: string | null = null;
  do {
    const page: RawOrders = await adminGraphql<RawOrders>(shopify, shop, CUSTOMER_ORDERS, { id, after });
    if (!page.customer) break;
    for (const o of page.customer.orders.nodes) {
      orders.push({
        id: numericId(o.id),
        name: o.name,
        createdAt: o.createdAt,
        processedAt: o.processedAt,
        subtotal: o.subtotalPriceSet?.shopMoney ?? null,
        total: o.totalPriceSet.shopMoney,
        lineItems: o.lineItems.nodes.map((item) => ({ title: item.title, quantity: item.quantity })),
        lineItemsTruncated: o.lineItems.pageInfo.hasNextPage,
      });
    }
    after = page.customer.orders.pageInfo.hasNextPage ? page.customer.orders.pageInfo.endCursor : null;
  } while (after);
  orders.sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  return {
    customer: {
      id: numericId(customer.id),
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.defaultEmailAddress?.emailAddress ?? null,
      phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
      locale: customer.locale,
      createdAt: customer.createdAt,
      dataSaleOptOut: customer.dataSaleOptOut,
      emailMarketing: consentOf(customer.defaultEmailAddress),
      smsMarketing: consentOf(customer.defaultPhoneNumber),
      defaultAddress: customer.defaultAddress ? addressOf(customer.defaultAddress) : null,
      addresses: customer.addressesV2.nodes.map(addressOf),
    },
    orders,
  };
}

type RawContact = {
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    defaultEmailAddress: { emailAddress: string | null } | null;
    defaultPhoneNumber: { phoneNumber: string } | null;
    defaultAddress: (RawAddress & { id: string }) | null;
  } | null;
};

/** The fields a correction can change, as Shopify holds them now (shown beside the requested change). Null for an unknown customer. */
export async function customerContact(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId): Promise<CorrectableFields | null> {
  const { customer } = await adminGraphql<RawContact>(shopify, shop, CUSTOMER_CONTACT, { id: customerGid(customerId) });
  if (!customer) return null;
  const address = customer.defaultAddress;
  return {
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.defaultEmailAddress?.emailAddress ?? null,
    phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
    address: address
      ? {
          address1: address.address1 ?? null,
          address2: address.address2 ?? null,
          city: address.city ?? null,
          provinceCode: address.provinceCode ?? null,
          zip: address.zip ?? null,
          countryCode: address.countryCodeV2 ?? null,
        }
      : null,
  };
}

/**
 * Writes a correction: name, e-mail and phone with customerUpdate; the default address with
 * customerAddressUpdate (or customerAddressCreate when the customer has none). Stops at the first refusal.
 */
export async function updateCustomerContact(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId, change: ContactChange): Promise<ShopifyOutcome> {
  const id = customerGid(customerId);
  const input: Record<string, string | null> = {};
  for (const field of ["firstName", "lastName", "email", "phone"] as const) {
    if (change[field] !== undefined) input[field] = change[field];
  }
  if (Object.keys(input).length) {
    const data = await adminGraphql<{ customerUpdate: { userErrors: UserError[] } | null }>(shopify, shop, UPDATE_CUSTOMER, { input: { id, ...input } });
    const outcome = outcomeOf(data.customerUpdate?.userErrors);
    if (!outcome.ok) return outcome;
  }
  if (change.address) {
    const current = await adminGraphql<RawContact>(shopify, shop, CUSTOMER_CONTACT, { id });
    if (!current.customer) return { ok: false, code: "DOES_NOT_EXIST", message: "Customer does not exist" };
    const addressId = current.customer.defaultAddress?.id;
    const address = change.address;
    const data = addressId
      ? await adminGraphql<{ customerAddressUpdate: { userErrors: UserError[] } | null }>(shopify, shop, UPDATE_ADDRESS, { customerId: id, addressId, address })
      : await adminGraphql<{ customerAddressCreate: { userErrors: UserError[] } | null }>(shopify, shop, CREATE_ADDRESS, { customerId: id, address });
    const outcome = outcomeOf("customerAddressUpdate" in data ? data.customerAddressUpdate?.userErrors : data.customerAddressCreate?.userErrors);
    if (!outcome.ok) return outcome;
  }
  return { ok: true };
}

/**
 * Asks Shopify to erase the customer (the admin's "Erase personal data"). Shopify holds it while the
 * customer has an order in the last 180 days (lastOrderAt says whether), otherwise erases after its
 * waiting period and sends customers/redact. Codes: DOES_NOT_EXIST, FAILED_TO_REQUEST.
 */
export async function requestCustomerErasure(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId): Promise<ShopifyOutcome> {
  const data = await adminGraphql<{ customerRequestDataErasure: { userErrors: UserError[] } | null }>(shopify, shop, REQUEST_ERASURE, {
    customerId: customerGid(customerId),
  });
  return outcomeOf(data.customerRequestDataErasure?.userErrors);
}

/** Cancels a pending erasure. Codes: DOES_NOT_EXIST, FAILED_TO_CANCEL, NOT_BEING_ERASED, UNAUTHORIZED_CANCELLATION (someone else asked for it). */
export async function cancelCustomerErasure(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId): Promise<ShopifyOutcome> {
  const data = await adminGraphql<{ customerCancelDataErasure: { userErrors: UserError[] } | null }>(shopify, shop, CANCEL_ERASURE, {
    customerId: customerGid(customerId),
  });
  return outcomeOf(data.customerCancelDataErasure?.userErrors);
}

/** Records an opt-out of the sale or sharing of data on the customer with this e-mail (covers Shopify's own uses). Code: FAILED. */
export async function optOutOfDataSale(shopify: ShopifyApp, shop: string, email: string): Promise<OptOutOutcome> {
  const data = await adminGraphql<{ dataSaleOptOut: { customerId: string | null; userErrors: UserError[] } | null }>(shopify, shop, DATA_SALE_OPT_OUT, {
    email: email.trim(),
  });
  const outcome = outcomeOf(data.dataSaleOptOut?.userErrors);
  if (!outcome.ok) return outcome;
  const customerId = data.dataSaleOptOut?.customerId;
  return { ok: true, customerId: customerId ? numericId(customerId) : null };
}

/** When the customer last ordered (null: never, or unknown customer): an order in the last 180 days holds an erasure. */
export async function lastOrderAt(shopify: ShopifyApp, shop: string, customerId: ShopifyCustomerId): Promise<Date | null> {
  const data = await adminGraphql<{ customer: { lastOrder: { createdAt: string } | null } | null }>(shopify, shop, LAST_ORDER, { id: customerGid(customerId) });
  const at = data.customer?.lastOrder?.createdAt;
  return at ? new Date(at) : null;
}
