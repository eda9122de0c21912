// npm run webhook -- TOPIC [--customer ID] [--shop SHOP] [--url URL]   (the customer defaults to the demo customer, 191167)
// Sends a running app a webhook signed like Shopify's (the local `shopify app webhook trigger`).
// The secret is SHOPIFY_API_SECRET if set, else local mode's (data/local-secrets.json).
import { parseArgs } from "node:util";
import path from "node:path";
import { DEMO_SHOP, loadOrCreateLocalSecrets } from "./local-secrets.js";
import { DEMO_CUSTOMER_ID, SAMPLE_TOPICS, deliverWebhook, samplePayload, signedDelivery, type SampleTopic } from "./webhook-delivery.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    customer: { type: "string" },
    shop: { type: "string", default: DEMO_SHOP },
    url: { type: "string", default: `http://localhost:${process.env.BACKEND_PORT ?? process.env.PORT ?? 3000}` },
  },
});
const topic = positionals[0] as SampleTopic | undefined;
if (!topic || !SAMPLE_TOPICS.includes(topic)) {
  console.error(`usage: npm run webhook -- <${SAMPLE_TOPICS.join("|")}> [--customer ID (default ${DEMO_CUSTOMER_ID})] [--shop SHOP] [--url URL]`);
  process.exit(2);
}
const customerId = values.customer === undefined ? undefined : Number.parseInt(values.customer, 10);
if (customerId !== undefined && !Number.isSafeInteger(customerId)) {
  console.error("--customer must be a numeric Shopify customer id");
  process.exit(2);
}
const secret = process.env.SHOPIFY_API_SECRET || loadOrCreateLocalSecrets(path.resolve(process.env.APP_DATA_DIR ?? "data")).apiSecret;
const delivery = signedDelivery(topic, values.shop!, samplePayload(topic, { shop: values.shop!, customerId }), secret);
try {
  const result = await deliverWebhook(`${values.url!.replace(/\/+$/, "")}/api/webhooks`, delivery);
  console.log(`${topic} → HTTP ${result.status} ${result.body}`);
  process.exit(result.status >= 200 && result.status < 300 ? 0 : 1);
} catch (error) {
  console.error(`could not reach ${values.url}: ${(error as Error).message}`);
  process.exit(1);
}
