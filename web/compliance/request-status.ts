/** A privacy request's life: received (recorded before the 200) → processing → completed or failed. */
export const RequestStatus = {
  received: "received",
  processing: "processing",
  completed: "completed",
  failed: "failed",
} as const;

export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** Statuses still owed to the customer (the 30-day deadline runs): all but completed. A failed request needs the merchant. */
export const OPEN_STATUSES: RequestStatus[] = [RequestStatus.received, RequestStatus.processing, RequestStatus.failed];
