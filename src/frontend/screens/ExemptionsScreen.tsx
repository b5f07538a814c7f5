/** Wires Exemptions: load, edit locally, save. */
import React, { useEffect, useState } from 'react';
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
  const edit = (change: (d: ExemptionsDraft) => ExemptionsDraft) => {
    setDraft(change);
    setDirty(true);
    setFeedback(null);
  };
  const save = async () => {
    const answer = await call<ExemptionsAnswer>(RESOLVERS.exemptionsSave, {
      users: draft.users,
      groupIds: draft.groupIds,
    });
    if (!answer.ok) return setFeedback({ kind: 'error', text: answer.error.message });
    setDirty(false);
    setFeedback({
      kind: 'success',
      text: `Exemptions saved: ${answer.data.users.length} users, ${answer.data.groupIds.length} groups. They apply to every run that starts from now on.`,
    });
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
            onSave: () => void save(),
          }}
        />
      )}
    </WhenLoaded>
  );
}
