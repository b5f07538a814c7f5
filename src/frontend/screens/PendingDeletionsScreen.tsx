/**
 * A staged lifecycle's pending deletions (deactivate, then delete after N days): who is due for deletion and when,
 * each cancellable (the user stays deactivated and is never deleted by that scheme). Hidden when there are none.
 */
import React, { useEffect, useState } from 'react';
import { Button, DynamicTable, Heading, Stack, Text } from '@forge/react';
import { RESOLVERS, type PendingDeletion, type PendingDeletionsPage } from '../../contract';
import { call } from '../effects';
import { LIST_PAGE } from '../lists';
import { dateTime } from '../format';
import type { Notice } from '../navigation';

export function PendingDeletionsScreen(props: { notify: (notice: Notice) => void }) {
  const [page, setPage] = useState<PendingDeletionsPage | null>(null);
  const [reloads, setReloads] = useState(0);
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
  const cancel = async (deletion: PendingDeletion) => {
    const answer = await call(RESOLVERS.deletionsCancel, {
      schemeId: deletion.schemeId,
      accountId: deletion.accountId,
    });
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    props.notify({ kind: 'success', text: `${deletion.name} will not be deleted; the account stays deactivated.` });
    setReloads((n) => n + 1);
  };
  return (
    <Stack space="space.100">
      <Heading as="h4">Pending deletions</Heading>
      <Text>
        Users a scheme deactivated, to be deleted once they have stayed deactivated its number of days (each re-checked
        first: anyone re-enabled meanwhile is left alone).
      </Text>
      <DynamicTable
        label="Pending deletions"
        head={{
          cells: ['User', 'Email', 'Deactivated', 'Deleted from', ''].map((label) => ({ key: label, content: label })),
        }}
        rows={page.deletions.map((deletion) => ({
          key: `${deletion.schemeId}:${deletion.accountId}`,
          cells: [
            { key: 'User', content: deletion.name },
            { key: 'Email', content: deletion.email ?? '(hidden)' },
            { key: 'Deactivated', content: dateTime(deletion.deactivatedAt) },
            { key: 'Deleted from', content: dateTime(deletion.deleteAt) },
            {
              key: '',
              content: <Button onClick={() => void cancel(deletion)}>{`Cancel deletion of ${deletion.name}`}</Button>,
            },
          ],
        }))}
      />
      {page.nextCursor && <Text>{`Showing the first ${LIST_PAGE}.`}</Text>}
    </Stack>
  );
}
