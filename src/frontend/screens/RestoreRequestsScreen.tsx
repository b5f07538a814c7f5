/**
 * "Give me my access back" requests: users who clicked their restore link while the site was at its seat target.
 * An admin approves (the user gets back the access groups the run removed) or declines; each asks for a
 * confirmation naming the user first. Hidden when no request is waiting.
 */
import React, { useEffect, useState } from 'react';
import { Button, DynamicTable, Heading, Inline, SectionMessage, Stack, Text } from '@forge/react';
import { RESOLVERS, type RestoreOffersPage } from '../../contract';
import { call } from '../effects';
import { dateTime } from '../format';
import { LIST_PAGE } from '../lists';
import type { Notice } from '../navigation';

type Offer = RestoreOffersPage['offers'][number];
type Decision = 'approve' | 'decline';

export function RestoreRequestsScreen(props: { notify: (notice: Notice) => void }) {
  const [page, setPage] = useState<RestoreOffersPage | null>(null);
  const [reloads, setReloads] = useState(0);
  const [asking, setAsking] = useState<{ offer: Offer; decision: Decision; message: string } | null>(null);
  // Only the waiting requests, a list page at a time: a run that offered thousands of users costs no more to show.
  useEffect(() => {
    let live = true;
    void call<RestoreOffersPage>(RESOLVERS.restoresList, { status: 'requested', limit: LIST_PAGE }).then((answer) => {
      if (live && answer.ok) setPage(answer.data);
    });
    return () => {
      live = false;
    };
  }, [reloads]);
  const showMore = async () => {
    if (!page?.nextCursor) return;
    const answer = await call<RestoreOffersPage>(RESOLVERS.restoresList, {
      status: 'requested',
      limit: LIST_PAGE,
      cursor: page.nextCursor,
    });
    if (!answer.ok) return props.notify({ kind: 'error', text: answer.error.message });
    setPage({ offers: [...page.offers, ...answer.data.offers], nextCursor: answer.data.nextCursor });
  };
  const requests = page?.offers.filter((offer) => offer.status === 'requested') ?? [];
  if (requests.length === 0) return null;
  const decide = async (offer: Offer, decision: Decision, confirm: boolean) => {
    const answer = await call(RESOLVERS.restoresDecide, {
      runId: offer.runId,
      accountId: offer.accountId,
      decision,
      ...(confirm ? { confirm: true } : {}),
    });
    if (!answer.ok) {
      // The first click: the resolver names who the decision is about; the admin confirms it.
      if (answer.error.code === 'CONFIRMATION_REQUIRED')
        return setAsking({ offer, decision, message: answer.error.message });
      setAsking(null);
      return props.notify({ kind: 'error', text: answer.error.message });
    }
    setAsking(null);
    props.notify({
      kind: 'success',
      text:
        decision === 'approve'
          ? `${offer.name} has their Confluence access back.`
          : `Request of ${offer.name} declined.`,
    });
    setReloads((n) => n + 1);
  };
  return (
    <Stack space="space.100">
      <Heading as="h4">Access requests</Heading>
      <Text>Users whose access a run removed and who asked for it back while the site was at its seat target.</Text>
      {asking && (
        <SectionMessage appearance="warning">
          <Text>{asking.message}</Text>
          <Inline space="space.100">
            <Button appearance="primary" onClick={() => void decide(asking.offer, asking.decision, true)}>
              {asking.decision === 'approve'
                ? `Yes, restore ${asking.offer.name}`
                : `Yes, decline ${asking.offer.name}`}
            </Button>
            <Button onClick={() => setAsking(null)}>Cancel</Button>
          </Inline>
        </SectionMessage>
      )}
      <DynamicTable
        label="Access requests"
        head={{ cells: ['User', 'Email', 'Asked', ''].map((label) => ({ key: label, content: label })) }}
        rows={requests.map((offer) => ({
          key: `${offer.runId}:${offer.accountId}`,
          cells: [
            { key: 'User', content: offer.name },
            { key: 'Email', content: offer.email },
            { key: 'Asked', content: offer.requestedAt ? dateTime(offer.requestedAt) : '' },
            {
              key: '',
              content: (
                <Inline space="space.100">
                  <Button onClick={() => void decide(offer, 'approve', false)}>{`Approve ${offer.name}`}</Button>
                  <Button onClick={() => void decide(offer, 'decline', false)}>{`Decline ${offer.name}`}</Button>
                </Inline>
              ),
            },
          ],
        }))}
      />
      {page?.nextCursor && <Button onClick={() => void showMore()}>Show more requests</Button>}
    </Stack>
  );
}
