/**
 * A staged lifecycle's pending deletions (deactivate, then delete after N days): who is due for deletion and when.
 * One section under the runs, folded to a sentence until opened, so a long queue never pushes the runs out of view;
 * opened, each user is ticked and one button cancels the ticked deletions (each user stays deactivated and is never
 * deleted by that scheme). Hidden when there are none.
 */
import React, { useEffect, useState } from 'react';
import { Button, Checkbox, DynamicTable, Heading, Inline, Stack, Text } from '@forge/react';
import { RESOLVERS, type PendingDeletion, type PendingDeletionsPage } from '../../contract';
import { call } from '../effects';
import { LIST_PAGE } from '../lists';
import { dateTime, day, plural } from '../format';
import type { Notice } from '../navigation';

const keyOf = (deletion: PendingDeletion) => `${deletion.schemeId}:${deletion.accountId}`;

/** "3 users are due for deletion, the first on 25 Dec 2026." (the list is soonest first) */
function summary(page: PendingDeletionsPage): string {
  const soonest = page.deletions.reduce((first, next) => (next.deleteAt < first.deleteAt ? next : first));
  const count = page.nextCursor
    ? `More than ${page.deletions.length} users are`
    : plural(page.deletions.length, 'user');
  const verb = page.nextCursor ? '' : page.deletions.length === 1 ? ' is' : ' are';
  return `${count}${verb} due for deletion, the first on ${day(soonest.deleteAt)}.`;
}

export function PendingDeletionsScreen(props: { notify: (notice: Notice) => void }) {
  const [page, setPage] = useState<PendingDeletionsPage | null>(null);
  const [reloads, setReloads] = useState(0);
  const [open, setOpen] = useState(false);
  const [ticked, setTicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    void call<PendingDeletionsPage>(RESOLVERS.deletionsList, { limit: LIST_PAGE }).then((answer) => {
      if (live && answer.ok) setPage(answer.data);
    });
    return () => {
      live = false;
    };
  }, [reloads]);
  if (!page || page.deletions.length === 0) return null;
  const chosen = page.deletions.filter((deletion) => ticked.includes(keyOf(deletion)));
  const toggle = (key: string) =>
    setTicked((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));
  // One at a time, in order: each cancellation is its own record; the first refusal stops the rest and is shown.
  const cancelTicked = async () => {
    setBusy(true);
    let cancelled = 0;
    for (const deletion of chosen) {
      const answer = await call(RESOLVERS.deletionsCancel, {
        schemeId: deletion.schemeId,
        accountId: deletion.accountId,
      });
      if (!answer.ok) {
        props.notify({
          kind: 'error',
          text: `${answer.error.message} (${plural(cancelled, 'deletion')} cancelled before this one.)`,
        });
        break;
      }
      cancelled += 1;
    }
    if (cancelled === chosen.length)
      props.notify({
        kind: 'success',
        text:
          cancelled === 1
            ? `${chosen[0]!.name} will not be deleted; the account stays deactivated.`
            : `${cancelled} users will not be deleted; their accounts stay deactivated.`,
      });
    setTicked([]);
    setBusy(false);
    setReloads((n) => n + 1);
  };
  return (
    <Stack space="space.100">
      <Heading as="h4">Pending deletions</Heading>
      <Inline space="space.200" alignBlock="center" shouldWrap>
        <Text>{summary(page)}</Text>
        <Button appearance="subtle" onClick={() => setOpen(!open)}>
          {open ? 'Hide pending deletions' : 'Show pending deletions'}
        </Button>
      </Inline>
      {open && (
        <Stack space="space.100">
          <Text>
            Users a scheme deactivated, to be deleted once they have stayed deactivated its number of days (each
            re-checked first: anyone re-enabled meanwhile is left alone). Tick the users to keep: they stay deactivated.
          </Text>
          <DynamicTable
            label="Pending deletions"
            head={{
              cells: ['User', 'Email', 'Deactivated', 'Deleted from'].map((label) => ({ key: label, content: label })),
            }}
            rows={page.deletions.map((deletion) => ({
              key: keyOf(deletion),
              cells: [
                {
                  key: 'User',
                  // The tick is labelled by the user's name: one name per row, and the box says whom it picks.
                  content: (
                    <Checkbox
                      id={`deletion-pick-${deletion.schemeId}-${deletion.accountId}`}
                      value={keyOf(deletion)}
                      label={deletion.name}
                      isChecked={ticked.includes(keyOf(deletion))}
                      onChange={() => toggle(keyOf(deletion))}
                    />
                  ),
                },
                { key: 'Email', content: deletion.email ?? '(hidden)' },
                { key: 'Deactivated', content: dateTime(deletion.deactivatedAt) },
                { key: 'Deleted from', content: dateTime(deletion.deleteAt) },
              ],
            }))}
          />
          {page.nextCursor && <Text>{`Showing the first ${LIST_PAGE}.`}</Text>}
          <Inline>
            <Button isDisabled={chosen.length === 0 || busy} onClick={() => void cancelTicked()}>
              {chosen.length === 0
                ? 'Cancel the ticked deletions'
                : `Cancel the deletion of ${plural(chosen.length, 'user')}`}
            </Button>
          </Inline>
        </Stack>
      )}
    </Stack>
  );
}
