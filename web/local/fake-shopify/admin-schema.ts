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
  }

  type Mutation {
    metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
    metafieldsDelete(metafields: [MetafieldIdentifierInput!]!): MetafieldsDeletePayload
  }

  type Shop {
    id: ID!
    name: String!
    myshopifyDomain: String!
    email: String!
    currencyCode: String!
    primaryDomain: Domain!
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
