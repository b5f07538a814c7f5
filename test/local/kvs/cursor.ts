import { z } from 'zod';
import { KvsErrors } from './errors';

/**
 * Cursors are opaque to callers (Forge: "cursors are not stable and should not be persisted"). Locally a cursor is
 * the position of the last item returned, so the next page starts right after it even if that item was deleted
 * in between.
 */
const positionSchema = z.object({
  /** The index the cursor belongs to ('' for plain KVS queries). */
  index: z.string(),
  /** The range value of the last item, when the index orders by an attribute. */
  range: z.union([z.string(), z.number(), z.boolean()]).optional(),
  key: z.string(),
});

export type CursorPosition = z.infer<typeof positionSchema>;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown, index: string): CursorPosition | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string' || cursor === '') throw KvsErrors.invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw KvsErrors.invalidCursor();
  }
  const position = positionSchema.safeParse(parsed);
  if (!position.success || position.data.index !== index) throw KvsErrors.invalidCursor();
  return position.data;
}
