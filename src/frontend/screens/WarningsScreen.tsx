/** Wires the warnings tab: pages of warnings, with scheme names from the scheme list. */
import React, { useEffect, useState } from 'react';
import { RESOLVERS, type SchemeSummary, type WarningRecord, type WarningsPage } from '../../contract';
import { call } from '../effects';
import { LIST_PAGE } from '../lists';
import { useLoad } from '../hooks';
import { WhenLoaded } from '../components/common';
import { WarningsList } from '../components/Warnings';

export function WarningsScreen(props: { reloads: number }) {
  const first = useLoad(() => call<WarningsPage>(RESOLVERS.warningsList, { limit: LIST_PAGE }), [props.reloads]);
  const schemes = useLoad(() => call<SchemeSummary[]>(RESOLVERS.schemesList, {}), [props.reloads]);
  const [pages, setPages] = useState<{ warnings: WarningRecord[]; cursor: string | null }>({
    warnings: [],
    cursor: null,
  });
  useEffect(() => {
    if (first.status === 'ready') setPages({ warnings: first.data.warnings, cursor: first.data.nextCursor });
  }, [first]);
  const more = async () => {
    if (!pages.cursor) return;
    const answer = await call<WarningsPage>(RESOLVERS.warningsList, { limit: LIST_PAGE, cursor: pages.cursor });
    if (answer.ok) setPages({ warnings: [...pages.warnings, ...answer.data.warnings], cursor: answer.data.nextCursor });
  };
  const schemeNames = Object.fromEntries(
    (schemes.status === 'ready' ? schemes.data : []).map((scheme) => [scheme.id, scheme.name]),
  );
  return (
    <WhenLoaded loaded={first} what="the warnings">
      {() => (
        <WarningsList
          warnings={pages.warnings}
          schemeNames={schemeNames}
          hasMore={pages.cursor !== null}
          onMore={() => void more()}
        />
      )}
    </WhenLoaded>
  );
}
