// GET /api/help: what the admin's Help page needs from the server, shared with the UI by `import type`.
export interface HelpResponse {
  /** Where merchants write for help (SUPPORT_EMAIL); null when the app's operator set none. */
  supportEmail: string | null;
}
