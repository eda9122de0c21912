declare module "virtual:admin-catalogue/en-XA" {
  import type { Messages } from "@lingui/core";
  const messages: Messages;
  export default messages;
}
