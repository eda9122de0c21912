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
  }

  type Mutation {
    metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
    metafieldsDelete(metafields: [MetafieldIdentifierInput!]!): MetafieldsDeletePayload
    privacyFeaturesDisable(featuresToDisable: [PrivacyFeaturesEnum!]!): PrivacyFeaturesDisablePayload
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
