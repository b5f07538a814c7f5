/** Wires Exemptions: load, and save each change as it is made (nothing typed waits on a button to be kept). */
import React, { useEffect, useRef, useState } from 'react';
import { RESOLVERS, type ExemptionsAnswer, type GroupsAnswer } from '../../contract';
import { call } from '../effects';
import { useLoad } from '../hooks';
import { useUserNames } from '../userNames';
import type { Notice } from '../navigation';
import { WhenLoaded } from '../components/common';
import { ExemptionsTab, type ExemptionsDraft } from '../components/Exemptions';

export function ExemptionsScreen() {
  const saved = useLoad(() => call<ExemptionsAnswer>(RESOLVERS.exemptionsGet, {}), []);
  const groups = useLoad(() => call<GroupsAnswer>(RESOLVERS.groupsList, {}), []);
  const [draft, setDraft] = useState<ExemptionsDraft>({ users: [], userNames: {}, groupIds: [], picked: null });
  const [dirty, setDirty] = useState(false);
  const [feedback, setFeedback] = useState<Notice | null>(null);
  const people = useUserNames(draft.users);
  useEffect(() => {
    if (saved.status === 'ready') setDraft((d) => ({ ...d, users: saved.data.users, groupIds: saved.data.groupIds }));
  }, [saved]);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const save = async (next: ExemptionsDraft) => {
    const answer = await call<ExemptionsAnswer>(RESOLVERS.exemptionsSave, {
      users: next.users,
      groupIds: next.groupIds,
    });
    if (!answer.ok) return setFeedback({ kind: 'error', text: `Not saved: ${answer.error.message}` });
    setDirty(false);
    setFeedback({
      kind: 'success',
      text: `Exemptions saved: ${answer.data.users.length} users, ${answer.data.groupIds.length} groups. They apply to every run that starts from now on.`,
    });
  };
  // Each change is saved at once: a tab switch or a closed page loses nothing.
  const edit = (change: (d: ExemptionsDraft) => ExemptionsDraft) => {
    const next = change(draft);
    if (next === draft) return;
    setDraft(next);
    setDirty(true);
    setFeedback({ kind: 'information', text: 'Saving…' });
    // One save at a time, in the order of the changes: a later change never lands before an earlier one.
    saving.current = saving.current.then(() => save(next));
  };
  return (
    <WhenLoaded loaded={saved} what="the exemptions">
      {(data) => (
        <ExemptionsTab
          draft={draft}
          groups={groups.status === 'ready' ? groups.data.groups : []}
          alwaysProtected={data.alwaysProtected}
          dirty={dirty}
          feedback={feedback}
          people={people}
          handlers={{
            onPick: (user) => setDraft((d) => ({ ...d, picked: user })),
            onAddUser: () =>
              edit((d) =>
                d.picked && !d.users.includes(d.picked.id)
                  ? {
                      ...d,
                      users: [...d.users, d.picked.id],
                      userNames: { ...d.userNames, [d.picked.id]: d.picked.name },
                    }
                  : d,
              ),
            onRemoveUser: (id) => edit((d) => ({ ...d, users: d.users.filter((u) => u !== id) })),
            onGroups: (groupIds) => edit((d) => ({ ...d, groupIds })),
            onSave: () => void save(draft),
          }}
        />
      )}
    </WhenLoaded>
  );
}
