/**
 * The user management lifecycle API (base https://api.atlassian.com, user-management.json): deactivate,
 * reactivate, delete and cancel the deletion of managed accounts, with the org API key.
 *
 * Decisions where the spec is silent:
 * - These operations have no scopes in the spec, and scoped API keys can only be given the scopes some APIs
 *   offer: only an API key without scopes may call them; a scoped key gets 403 `forbidden`.
 * - An account the org does not manage (unmanaged, app or customer) gets 403 `forbidden`.
 * - Disable of a deactivated account and enable of an active (or suspended) one answer 204 and change nothing.
 *   Enable also leaves a suspension in place: suspension is org membership, not the account.
 * - Disable, enable or delete of an account scheduled for deletion answers 409 `conflict.lifecycleErrors`
 *   (the spec: deleted accounts need the deletion cancelled first); deleting an org admin answers 409 too.
 * - Cancel-delete of an account not scheduled for deletion answers 404 `notFound`.
 * - Delete: the account shows as deactivated for 14 days (`deletionScheduledAt`), then is gone.
 */
import { z } from 'zod';
import { readBody, type HandlerContext, type Reply, type Route } from './http';
import { DELETION_GRACE_DAYS } from './state';
import type { SiteUser } from './siteFile';

const disableSchema = z.object({ message: z.string().optional() }).strict();

function managedAccount(context: HandlerContext): { user: SiteUser } | { reply: Reply } {
  const accountId = context.params.account_id ?? '';
  const user = context.state.user(accountId);
  if (!user) return { reply: context.error(404, 'accountNotFound', `Account '${accountId}' not found.`) };
  if (!user.managed)
    return {
      reply: context.error(
        403,
        'forbidden',
        `Account '${accountId}' is not managed by this organization, so its lifecycle cannot be changed.`,
      ),
    };
  return { user };
}

function conflict(context: HandlerContext, user: SiteUser, code: string, message: string): Reply {
  return context.error(409, 'conflict.lifecycleErrors', message, {
    context: { message, accountId: user.accountId, errorCodes: [{ code, message }] },
  });
}

function pendingDeletionConflict(context: HandlerContext, user: SiteUser): Reply {
  return conflict(
    context,
    user,
    'ACCOUNT_SCHEDULED_FOR_DELETION',
    `Account '${user.accountId}' is scheduled for deletion; cancel the deletion before changing it.`,
  );
}

function disable(context: HandlerContext): Reply {
  const found = managedAccount(context);
  if ('reply' in found) return found.reply;
  const body = readBody(context, disableSchema, { required: false, code: 'bodyParseFailure' });
  if (!body.ok) return body.reply;
  const { user } = found;
  if (user.deletionScheduledAt !== undefined) return pendingDeletionConflict(context, user);
  if (user.status !== 'deactivated') {
    context.state.setStatus(user.accountId, 'deactivated');
    context.recordAction(
      'deactivate',
      user.accountId,
      body.value.message !== undefined ? { message: body.value.message } : undefined,
    );
  }
  return { status: 204 };
}

function enable(context: HandlerContext): Reply {
  const found = managedAccount(context);
  if ('reply' in found) return found.reply;
  const { user } = found;
  if (user.deletionScheduledAt !== undefined) return pendingDeletionConflict(context, user);
  if (user.status === 'deactivated') {
    context.state.setStatus(user.accountId, 'active');
    context.recordAction('reactivate', user.accountId);
  }
  return { status: 204 };
}

function deleteAccount(context: HandlerContext): Reply {
  const found = managedAccount(context);
  if ('reply' in found) return found.reply;
  const { user } = found;
  if (user.deletionScheduledAt !== undefined) {
    return conflict(
      context,
      user,
      'ACCOUNT_ALREADY_SCHEDULED_FOR_DELETION',
      `Account '${user.accountId}' is already scheduled for deletion.`,
    );
  }
  if (user.orgAdmin) {
    return conflict(
      context,
      user,
      'ACCOUNT_IS_ORG_ADMIN',
      `Account '${user.accountId}' is an organization admin; remove the admin role before deleting it.`,
    );
  }
  context.state.scheduleDeletion(user.accountId, context.now);
  context.recordAction('delete', user.accountId);
  const goneOn = new Date(context.now + DELETION_GRACE_DAYS * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return {
    status: 200,
    json: {
      message: `The account is deactivated and will be deleted on ${goneOn}, after a ${DELETION_GRACE_DAYS}-day grace period.`,
    },
  };
}

function cancelDelete(context: HandlerContext): Reply {
  const found = managedAccount(context);
  if ('reply' in found) return found.reply;
  const { user } = found;
  if (user.deletionScheduledAt === undefined)
    return context.error(404, 'notFound', `Account '${user.accountId}' is not scheduled for deletion.`);
  context.state.cancelDeletion(user.accountId);
  context.recordAction('cancelDelete', user.accountId);
  return { status: 200, json: { message: 'The deletion is cancelled and the account is active again.' } };
}

const route = (operation: string, action: string, handle: Route['handle']): Route => {
  const path = `/users/{account_id}/manage/lifecycle/${action}`;
  return {
    operation,
    method: 'POST',
    family: 'userManagement',
    path,
    spec: { file: 'user-management.json', path },
    bucket: 'lifecycle',
    write: true,
    errorStyle: 'userManagement',
    handle,
  };
};

export const USER_MANAGEMENT_ROUTES: ReadonlyArray<Route> = [
  route('lifecycle.disable', 'disable', disable),
  route('lifecycle.enable', 'enable', enable),
  route('lifecycle.delete', 'delete', deleteAccount),
  route('lifecycle.cancelDelete', 'cancel-delete', cancelDelete),
];
