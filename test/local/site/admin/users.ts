/**
 * One directory user's dates and lifecycle in the simulated Admin API: last-active dates, suspend and restore of the
 * user's access, and removal from the directory. Suspending a suspended user or restoring an active one answers 204;
 * either for a deactivated user answers 400 `INVALID_USER_STATE`. See ../adminApi.ts for the other decisions.
 */
import type { HandlerContext, Reply } from '../http';
import { directoryProblem, directoryUser, isoTime, orgProblem, userNotFound } from './shared';

export function lastActiveDates(context: HandlerContext): Reply {
  const problem = orgProblem(context);
  if (problem) return problem;
  const user = directoryUser(context, context.params.accountId ?? '');
  if (!user) return userNotFound(context, context.params.accountId ?? '');
  const state = context.state;
  const confluence = state.visibleConfluenceActivity(user, context.now);
  const entry = (id: string, key: string, lastActive: string | null) => ({
    id,
    key,
    ...(lastActive === null
      ? {}
      : { last_active: isoTime(lastActive).slice(0, 10), last_active_timestamp: isoSeconds(lastActive) }),
  });
  // Products the user was active in: an entry without a visible date says nothing, so there is none.
  const productAccess = [
    ...(confluence === null ? [] : [entry(state.site.cloudId, 'confluence', confluence)]),
    ...(user.activity ?? []).flatMap((other) => {
      const seen = other.lastActive === null ? null : state.visible([other.lastActive], context.now);
      return seen === null ? [] : [entry(other.site, other.product, seen)];
    }),
  ];
  return {
    status: 200,
    json: {
      data: {
        product_access: productAccess,
        added_to_org: user.addedToOrg === null ? null : isoTime(user.addedToOrg).slice(0, 10),
        added_to_org_timestamp: user.addedToOrg === null ? null : isoSeconds(user.addedToOrg),
      },
      links: {},
    },
  };
}

/** `yyyy-MM-dd'T'HH:mm:ss'Z'`, the format the last-active-dates API documents. */
function isoSeconds(dateLike: string): string {
  return `${isoTime(dateLike).slice(0, 19)}Z`;
}

export function suspendUser(context: HandlerContext): Reply {
  return changeMembershipStatus(context, 'suspended');
}

export function restoreUser(context: HandlerContext): Reply {
  return changeMembershipStatus(context, 'active');
}

function changeMembershipStatus(context: HandlerContext, target: 'suspended' | 'active'): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  const user = directoryUser(context, accountId);
  if (!user) return userNotFound(context, accountId);
  if (user.status === 'deactivated') {
    return context.error(
      400,
      'INVALID_USER_STATE',
      `User '${accountId}' is deactivated${user.deletionScheduledAt ? ' and scheduled for deletion' : ''}; reactivate the account before ${target === 'suspended' ? 'suspending' : 'restoring'} its access.`,
    );
  }
  if (user.status !== target) {
    context.state.setStatus(accountId, target);
    context.recordAction(target === 'suspended' ? 'suspend' : 'restore', accountId);
  }
  return { status: 204 };
}

export function removeUser(context: HandlerContext): Reply {
  const problem = directoryProblem(context);
  if (problem) return problem;
  const accountId = context.params.accountId ?? '';
  if (!directoryUser(context, accountId)) return userNotFound(context, accountId);
  context.state.removeUser(accountId);
  context.recordAction('removeFromDirectory', accountId);
  return { status: 204 };
}
