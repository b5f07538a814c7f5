/**
 * The audit log in Forge storage: entity `audit`, one entry per event, written only if absent (append-only),
 * listed newest first by time, kind, actor or subject.
 */
import { randomUUID } from 'node:crypto';
import { kvs, Filter, FilterConditions, Sort, WhereConditions } from '@forge/kvs';
import type { AuditEntry } from '../domain/audit';
import type { AuditStore } from '../engine/ports';
import { ENTITY } from './storageKeys';

interface AuditEntity {
  at: number;
  kind: string;
  actor: string;
  subject: string;
  data: AuditEntry;
}

export function createKvsAuditStore(): AuditStore {
  const entries = kvs.entity<AuditEntity>(ENTITY.audit);
  return {
    async append(entry) {
      const at = new Date(entry.at).getTime();
      // Time first, so keys sort by time; the random part keeps two entries of one millisecond apart.
      const id = `${String(at).padStart(15, '0')}-${randomUUID()}`;
      await entries.set(
        id,
        { at, kind: entry.kind, actor: entry.actor, subject: entry.subject, data: { ...entry, id } },
        { keyPolicy: 'FAIL_IF_EXISTS' },
      );
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
