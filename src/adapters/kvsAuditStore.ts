/**
 * The audit log in Forge storage: entity `audit`, one entry per event, written only if absent (append-only),
 * listed newest first by time, kind, actor or subject. A batch's user actions are written together, under ids the
 * engine derives from the run, user and action, so a repeat after a crash cannot write them twice.
 */
import { randomUUID } from 'node:crypto';
import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import type { AuditStore } from '../engine/ports';
import { ENTITY, keys } from './storageKeys';
import { redactDeep } from '../domain/redact';

interface AuditEntity {
  at: number;
  kind: string;
  actor: string;
  subject: string;
  data: AuditEntry;
}

const BATCH_SET_LIMIT = 25;

/** Time first, so keys sort by time; the random part keeps two entries of one millisecond apart. */
function toItem(given: Omit<AuditEntry, 'id'> & { id?: string }): { key: string; value: AuditEntity } {
  // Secrets are never quoted: an entry that carries an error's words is redacted before it is stored.
  const entry = redactDeep(given);
  const at = new Date(entry.at).getTime();
  const id = entry.id ?? `${String(at).padStart(15, '0')}-${randomUUID()}`;
  return {
    key: id,
    value: { at, kind: entry.kind, actor: entry.actor, subject: entry.subject, data: { ...entry, id } },
  };
}

export function createKvsAuditStore(): AuditStore {
  const entries = kvs.entity<AuditEntity>(ENTITY.audit);
  return {
    async append(entry) {
      const item = toItem(entry);
      await entries.set(item.key, item.value, { keyPolicy: 'FAIL_IF_EXISTS' });
    },

    async appendUserActions(many) {
      // One storage request per 25 entries (Forge's batch size) instead of one per entry. Batch writes cannot say
      // "only if absent": an entry an earlier attempt of the same work wrote is written again under its id, not added.
      for (let i = 0; i < many.length; i += BATCH_SET_LIMIT) {
        const items = many.slice(i, i + BATCH_SET_LIMIT).map((entry) =>
          toItem({
            ...entry,
            id: keys.auditUserAction(String(entry.details.runId), entry.subject, String(entry.details.action)),
          }),
        );
        const result = await kvs.batchSet<AuditEntity>(
          items.map((item) => ({
            entityName: ENTITY.audit,
            key: item.key,
            value: item.value,
          })),
        );
        const failed = result.failedKeys;
        if (failed.length > 0) {
          throw new Error(
            `The audit log did not store ${failed.length} entries: ${failed[0]!.error.code} ${failed[0]!.error.message}`,
          );
        }
      }
    },

    async list({ cursor, limit, kind, actor, subject, from, to }) {
      const index = subject
        ? entries.query().index('by-subject', { partition: [subject] })
        : actor
          ? entries.query().index('by-actor', { partition: [actor] })
          : kind
            ? entries.query().index('by-kind', { partition: [kind] })
            : entries.query().index('by-at');
      let query = index
        .where(WhereConditions.between(from ?? 0, to ?? Number.MAX_SAFE_INTEGER))
        .sort(Sort.DESC)
        .limit(Math.min(limit, 100));
      // The index picks one criterion; the others filter within it.
      const conditions: Array<['kind' | 'actor', string]> = [];
      if (kind && (subject || actor)) conditions.push(['kind', kind]);
      if (actor && subject) conditions.push(['actor', actor]);
      const [first, ...rest] = conditions;
      if (first) {
        let filter = new Filter<AuditEntity>().and(first[0], FilterConditions.equalTo(first[1]));
        for (const [field, value] of rest) filter = filter.and(field, FilterConditions.equalTo(value));
        query = query.filters(filter);
      }
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return {
        entries: page.results.map((result) => result.value.data),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },

    async deleteOlderThan(before, maxEntries) {
      let deleted = 0;
      while (deleted < maxEntries) {
        const page = await entries.query().index('by-at').where(WhereConditions.lessThan(before)).limit(25).getMany();
        if (page.results.length === 0) break;
        await kvs.batchDelete(page.results.map((result) => ({ key: result.key, entityName: ENTITY.audit })));
        deleted += page.results.length;
      }
      return deleted;
    },
  };
}
