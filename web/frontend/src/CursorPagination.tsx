import { Pagination } from "@shopify/polaris";

/**
 * Previous/next for a list paged by keyset cursors: `cursors` are the pages already passed (the last one is
 * the current page's), `nextCursor` the API's cursor for the following page. Nothing on a single page.
 */
export function CursorPagination({
  cursors,
  setCursors,
  nextCursor,
}: {
  cursors: string[];
  setCursors: (cursors: string[]) => void;
  nextCursor?: string | null;
}) {
  if (cursors.length === 0 && !nextCursor) return null;
  return (
    <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
      <Pagination
        hasPrevious={cursors.length > 0}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        hasNext={Boolean(nextCursor)}
        onNext={() => nextCursor && setCursors([...cursors, nextCursor])}
      />
    </div>
  );
}
