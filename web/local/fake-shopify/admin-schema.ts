import { buildSchema } from "graphql";

/**
 * The part of Shopify's Admin GraphQL schema this app uses, with Shopify's names and shapes. Queries
 * the app sends are parsed and validated against it, so a typo or an unknown field fails here as it
 * would against Shopify.
 */
export const adminSchema = buildSchema(/* GraphQL */ `
  type Query {
    shop: Shop!
    currentAppInstallation: AppInstallation!
    privacySettings: PrivacySettings!
    "Requires read_privacy_settings (the stand-in's choice: Shopify's documentation names no scope for it)."
    consentPolicy(id: ID, countryCode: PrivacyCountryCode, regionCode: String, consentRequired: Boolean, dataSaleOptOutRequired: Boolean): [ConsentPolicy!]!
    consentPolicyRegions: [ConsentPolicyRegion!]!
    customer(id: ID!): Customer
    customers(first: Int, after: String, query: String): CustomerConnection!
  }

  type Mutation {
    metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
    metafieldsDelete(metafields: [MetafieldIdentifierInput!]!): MetafieldsDeletePayload
    privacyFeaturesDisable(featuresToDisable: [PrivacyFeaturesEnum!]!): PrivacyFeaturesDisablePayload
    "Requires write_privacy_settings. Upserts by country + region."
    consentPolicyUpdate(consentPolicies: [ConsentPolicyInput!]!): ConsentPolicyUpdatePayload
    customerUpdate(input: CustomerInput!): CustomerUpdatePayload
    customerAddressCreate(customerId: ID!, address: MailingAddressInput!, setAsDefault: Boolean): CustomerAddressCreatePayload
    customerAddressUpdate(customerId: ID!, addressId: ID!, address: MailingAddressInput!, setAsDefault: Boolean): CustomerAddressUpdatePayload
    customerRequestDataErasure(customerId: ID!): CustomerRequestDataErasurePayload
    customerCancelDataErasure(customerId: ID!): CustomerCancelDataErasurePayload
    dataSaleOptOut(email: String!): DataSaleOptOutPayload
  }

  scalar DateTime
  scalar Decimal
  scalar UnsignedInt64

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  "Requires read_customers. Level 2 protected customer data (name, e-mail, phone, address)."
  type Customer {
    id: ID!
    firstName: String
    lastName: String
    displayName: String!
    locale: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    "Whether the customer has opted out of having their data sold."
    dataSaleOptOut: Boolean!
    defaultEmailAddress: CustomerEmailAddress
    defaultPhoneNumber: CustomerPhoneNumber
    defaultAddress: MailingAddress
    addressesV2(first: Int, after: String): MailingAddressConnection!
    numberOfOrders: UnsignedInt64!
    "Requires read_orders; orders older than 60 days also read_all_orders."
    lastOrder: Order
    orders(first: Int, after: String, reverse: Boolean): OrderConnection!
  }

  type CustomerConnection {
    nodes: [Customer!]!
    pageInfo: PageInfo!
  }

  type CustomerEmailAddress {
    emailAddress: String
    marketingState: CustomerEmailAddressMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    marketingUpdatedAt: DateTime
  }

  enum CustomerEmailAddressMarketingState {
    INVALID
    NOT_SUBSCRIBED
    PENDING
    SUBSCRIBED
    UNSUBSCRIBED
  }

  type CustomerPhoneNumber {
    phoneNumber: String!
    marketingState: CustomerSmsMarketingState!
    marketingOptInLevel: CustomerMarketingOptInLevel
    marketingUpdatedAt: DateTime
  }

  enum CustomerSmsMarketingState {
    NOT_SUBSCRIBED
    PENDING
    REDACTED
    SUBSCRIBED
    UNSUBSCRIBED
  }

  enum CustomerMarketingOptInLevel {
    CONFIRMED_OPT_IN
    SINGLE_OPT_IN
    UNKNOWN
  }

  type MailingAddress {
    id: ID!
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    province: String
    provinceCode: String
    zip: String
    country: String
    countryCodeV2: CountryCode
    phone: String
  }

  type MailingAddressConnection {
    nodes: [MailingAddress!]!
    pageInfo: PageInfo!
  }

  "Shopify's CountryCode enum, cut to the countries the stand-in's shops use."
  enum CountryCode {
    AT
    AU
    BE
    CA
    CH
    CZ
    DE
    DK
    ES
    FI
    FR
    GB
    IE
    IT
    JP
    NL
    NO
    NZ
    PL
    PT
    SE
    US
  }

  type Order {
    id: ID!
    name: String!
    createdAt: DateTime!
    processedAt: DateTime!
    currencyCode: CurrencyCode!
    subtotalPriceSet: MoneyBag
    totalPriceSet: MoneyBag!
    lineItems(first: Int, after: String): LineItemConnection!
  }

  type OrderConnection {
    nodes: [Order!]!
    pageInfo: PageInfo!
  }

  type LineItem {
    id: ID!
    title: String!
    quantity: Int!
    sku: String
  }

  type LineItemConnection {
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }

  type MoneyBag {
    shopMoney: MoneyV2!
    presentmentMoney: MoneyV2!
  }

  type MoneyV2 {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  enum CurrencyCode {
    EUR
    GBP
    USD
  }

  input CustomerInput {
    id: ID
    firstName: String
    lastName: String
    email: String
    phone: String
    locale: String
    note: String
  }

  input MailingAddressInput {
    firstName: String
    lastName: String
    company: String
    address1: String
    address2: String
    city: String
    provinceCode: String
    zip: String
    countryCode: CountryCode
    phone: String
  }

  type CustomerUpdatePayload {
    customer: Customer
    userErrors: [UserError!]!
  }

  type CustomerAddressCreatePayload {
    address: MailingAddress
    userErrors: [UserError!]!
  }

  type CustomerAddressUpdatePayload {
    address: MailingAddress
    userErrors: [UserError!]!
  }

  type CustomerRequestDataErasurePayload {
    customerId: ID
    userErrors: [CustomerRequestDataErasureUserError!]!
  }

  type CustomerRequestDataErasureUserError {
    field: [String!]
    message: String!
    code: CustomerRequestDataErasureErrorCode
  }

  enum CustomerRequestDataErasureErrorCode {
    DOES_NOT_EXIST
    FAILED_TO_REQUEST
  }

  type CustomerCancelDataErasurePayload {
    customerId: ID
    userErrors: [CustomerCancelDataErasureUserError!]!
  }

  type CustomerCancelDataErasureUserError {
    field: [String!]
    message: String!
    code: CustomerCancelDataErasureErrorCode
  }

  enum CustomerCancelDataErasureErrorCode {
    DOES_NOT_EXIST
    FAILED_TO_CANCEL
    NOT_BEING_ERASED
    UNAUTHORIZED_CANCELLATION
  }

  type DataSaleOptOutPayload {
    customerId: ID
    userErrors: [DataSaleOptOutUserError!]!
  }

  type DataSaleOptOutUserError {
    field: [String!]
    message: String!
    code: DataSaleOptOutUserErrorCode
  }

  enum DataSaleOptOutUserErrorCode {
    FAILED
  }

  type ShopPolicy {
    id: ID!
    type: ShopPolicyType!
    title: String!
    url: String!
    body: String!
    updatedAt: String!
  }

  enum ShopPolicyType {
    CONTACT_INFORMATION
    LEGAL_NOTICE
    PRIVACY_POLICY
    REFUND_POLICY
    SHIPPING_POLICY
    SUBSCRIPTION_POLICY
    TERMS_OF_SALE
    TERMS_OF_SERVICE
  }

  type PrivacySettings {
    banner: CookieBanner
    dataSaleOptOutPage: DataSaleOptOutPage
    privacyPolicy: PrivacyPolicy
  }

  type CookieBanner {
    enabled: Boolean!
    autoManaged: Boolean!
  }

  type DataSaleOptOutPage {
    autoManaged: Boolean!
  }

  type PrivacyPolicy {
    autoManaged: Boolean!
  }

  enum PrivacyFeaturesEnum {
    COOKIE_BANNER
    DATA_SALE_OPT_OUT_PAGE
    PRIVACY_POLICY
  }

  type PrivacyFeaturesDisablePayload {
    featuresDisabled: [PrivacyFeaturesEnum!]
    userErrors: [PrivacyFeaturesDisableUserError!]!
  }

  type PrivacyFeaturesDisableUserError {
    field: [String!]
    message: String!
    code: String
  }

  "A consent policy: where consent is required, and where the sale of data is opt-out. Ids starting SD- are Shopify's defaults."
  type ConsentPolicy {
    id: ID!
    countryCode: PrivacyCountryCode
    regionCode: String
    consentRequired: Boolean
    dataSaleOptOutRequired: Boolean
    shopId: ID!
  }

  type ConsentPolicyRegion {
    countryCode: PrivacyCountryCode
    regionCode: String
  }

  input ConsentPolicyInput {
    countryCode: PrivacyCountryCode
    regionCode: String
    consentRequired: Boolean
    dataSaleOptOutRequired: Boolean
  }

  type ConsentPolicyUpdatePayload {
    updatedPolicies: [ConsentPolicy!]
    userErrors: [ConsentPolicyError!]!
  }

  type ConsentPolicyError {
    code: ConsentPolicyErrorCode
    field: [String!]
    message: String!
  }

  "Shopify's spelling, UNSUPORTED included."
  enum ConsentPolicyErrorCode {
    COUNTRY_CODE_REQUIRED
    REGION_CODE_MUST_MATCH_COUNTRY_CODE
    REGION_CODE_REQUIRED
    SHOPIFY_COOKIE_BANNER_NOT_DISABLED
    UNSUPORTED_CONSENT_POLICY
  }

  "Shopify's PrivacyCountryCode enum (ISO 3166), cut to the EU, the EEA, the UK, Switzerland and a few others."
  enum PrivacyCountryCode {
    AT
    AU
    BE
    BG
    BR
    CA
    CH
    CY
    CZ
    DE
    DK
    EE
    ES
    FI
    FR
    GB
    GR
    HR
    HU
    IE
    IS
    IT
    JP
    LI
    LT
    LU
    LV
    MT
    NL
    NO
    NZ
    PL
    PT
    RO
    SE
    SI
    SK
    US
  }

  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
    email: String!
    currencyCode: String!
    primaryDomain: Domain!
    shopPolicies: [ShopPolicy!]!
  }

  type Domain {
    host: String!
    url: String!
  }

  type App {
    id: ID!
    handle: String!
    title: String!
    apiKey: String!
  }

  type AppInstallation {
    id: ID!
    app: App!
    accessScopes: [AccessScope!]!
    metafield(namespace: String, key: String!): Metafield
    metafields(first: Int, namespace: String): MetafieldConnection!
  }

  type AccessScope {
    handle: String!
  }

  type Metafield {
    id: ID!
    namespace: String!
    key: String!
    type: String!
    value: String!
    compareDigest: String!
    createdAt: String!
    updatedAt: String!
  }

  type MetafieldConnection {
    nodes: [Metafield!]!
  }

  input MetafieldsSetInput {
    ownerId: ID!
    namespace: String
    key: String!
    type: String
    value: String!
    compareDigest: String
  }

  type MetafieldsSetPayload {
    metafields: [Metafield!]
    userErrors: [MetafieldsSetUserError!]!
  }

  type MetafieldsSetUserError {
    field: [String!]
    message: String!
    code: String
    elementIndex: Int
  }

  input MetafieldIdentifierInput {
    ownerId: ID!
    namespace: String!
    key: String!
  }

  type MetafieldIdentifier {
    ownerId: ID!
    namespace: String!
    key: String!
  }

  type MetafieldsDeletePayload {
    deletedMetafields: [MetafieldIdentifier]
    userErrors: [UserError!]!
  }

  type UserError {
    field: [String!]
    message: String!
  }
`);
