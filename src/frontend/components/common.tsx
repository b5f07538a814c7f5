/** Small pieces every tab uses. They only render what they are given. */
import React from 'react';
import {
  Button,
  ButtonGroup,
  ErrorMessage,
  HelperMessage,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  Textfield,
  Checkbox,
  CodeBlock,
  DatePicker,
  Heading,
  Inline,
  Box,
  xcss,
} from '@forge/react';
import type { GroupOption } from '../../contract';
import type { RunState } from '../../domain/run';
import { fieldError, type FilterDraft } from '../filterDraft';
import { stateAppearance } from '../format';
import type { Loaded } from '../hooks';
import type { Notice } from '../navigation';
import { RUN_STATE_WORDS } from '../words';

/** size.1000 is 192 px: "25 Dec 2026" and the calendar icon. */
const DATE_WIDTH = xcss({ maxWidth: 'size.1000' });

export function FieldError({ fields, path }: { fields: Record<string, string>; path: string }) {
  const message = fieldError(fields, path);
  return message ? <ErrorMessage>{message}</ErrorMessage> : null;
}

/**
 * A button (or a row of them) with what pressing it did right beneath: where the admin's eye is, not at the top
 * of the page above the tabs. The screen clears the notice once the admin edits again.
 */
export function WithFeedback({ notice, children }: { notice: Notice | null; children: React.ReactNode }) {
  return (
    <Stack space="space.100">
      {children}
      <Feedback notice={notice} />
    </Stack>
  );
}

/**
 * The one place a form's buttons go, on every section of Settings: under its fields, left-aligned, the primary
 * action (Save) first, and what pressing it did right beneath.
 */
export function FormActions({ notice, children }: { notice: Notice | null; children: React.ReactNode }) {
  return (
    // Aligned to the start, the buttons are as wide as their words, not stretched across the form.
    <Stack space="space.100" alignInline="start">
      <ButtonGroup>{children}</ButtonGroup>
      <Feedback notice={notice} />
    </Stack>
  );
}

/**
 * Text an admin takes away (an export), in a code block with how to copy it. Neither UI Kit's components nor its
 * bridge offer a clipboard action, so the page says how instead of drawing a copy button that cannot work.
 */
export function ExportBlock(props: { title: string; text: string; language: 'json' | 'text' }) {
  return (
    <Stack space="space.050">
      <Heading as="h4">{props.title}</Heading>
      <Text size="small">Select the text in the block and copy it (Ctrl+C, or ⌘C on a Mac).</Text>
      <CodeBlock language={props.language} text={props.text} />
    </Stack>
  );
}

/** The IANA time zones this browser knows, UTC first; a stored zone it does not list stays choosable. */
export function zoneOptions(current: string): Array<{ label: string; value: string }> {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = ['UTC', ...known.filter((zone) => zone !== 'UTC')];
  if (!zones.includes(current)) zones.unshift(current);
  return zones.map((zone) => ({ label: zone, value: zone }));
}

/** A time zone picked from the list, never typed; as wide as the zone's name. */
export function TimeZoneSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (zone: string) => void;
  error?: string | undefined;
  helper?: string;
}) {
  return (
    <Inline>
      <Stack space="space.050" grow="hug">
        <Label labelFor={props.id}>{props.label}</Label>
        <Select
          id={props.id}
          inputId={props.id}
          options={zoneOptions(props.value)}
          value={{ label: props.value, value: props.value }}
          onChange={(option: { value: string } | null) => props.onChange(option?.value ?? props.value)}
        />
        {props.helper && <HelperMessage>{props.helper}</HelperMessage>}
        {props.error && <ErrorMessage>{props.error}</ErrorMessage>}
      </Stack>
    </Inline>
  );
}

/** Sentences one under the other: Texts side by side would run together ("…at a time.Warn users first…"). */
export function Lines({ lines }: { lines: readonly string[] }) {
  return (
    <Stack space="space.050">
      {lines.map((line, index) => (
        <Text key={`${index}:${line}`}>{line}</Text>
      ))}
    </Stack>
  );
}

/** A notice as a section message, or nothing. */
export function Feedback({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <SectionMessage appearance={notice.kind === 'information' ? 'information' : notice.kind}>
      <Text>{notice.text}</Text>
    </SectionMessage>
  );
}

export function RunLozenge({ state }: { state: RunState }) {
  return <Lozenge appearance={stateAppearance(state)}>{RUN_STATE_WORDS[state]}</Lozenge>;
}

export function ModeLozenge({ mode }: { mode: 'test' | 'live' }) {
  return <Lozenge appearance={mode === 'live' ? 'removed' : 'default'}>{mode === 'live' ? 'live' : 'test'}</Lozenge>;
}

export function Problem({ title, message }: { title?: string; message: string }) {
  return (
    <SectionMessage appearance="error" {...(title ? { title } : {})}>
      <Text>{message}</Text>
    </SectionMessage>
  );
}

/**
 * Renders a load's waiting and failure states; the children render its data. A failure says what was being loaded
 * (`what`, e.g. "the run history") and offers Retry: a storage quota or a busy Atlassian passes within a minute.
 */
export function WhenLoaded<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what?: string;
  children: (data: T) => React.ReactNode;
}) {
  if (loaded.status === 'loading') return <Spinner label={what ? `Loading ${what}` : 'Loading'} />;
  if (loaded.status === 'error') {
    if (loaded.code === 'NOT_SITE_ADMIN') return <Problem title="You can't use this app" message={loaded.message} />;
    return <LoadProblem what={what} message={loaded.message} {...(loaded.retry ? { onRetry: loaded.retry } : {})} />;
  }
  return <>{children(loaded.data)}</>;
}

/** A load that failed: what was being loaded, why, and Retry. */
export function LoadProblem(props: { what?: string | undefined; message: string; onRetry?: () => void }) {
  return (
    <SectionMessage appearance="error" title={props.what ? `Could not load ${props.what}` : 'Something went wrong'}>
      <Stack space="space.100">
        <Text>{props.message}</Text>
        {props.onRetry && (
          <Inline>
            <Button onClick={props.onRetry}>Retry</Button>
          </Inline>
        )}
      </Stack>
    </SectionMessage>
  );
}

/** A multi-select of group names (schemes name groups, so a scheme file moves between sites). */
export function GroupNamesSelect(props: {
  id: string;
  label: string;
  groups: GroupOption[];
  value: string[];
  onChange: (names: string[]) => void;
  /** The first field of a view that just opened (the editor's Reporting step): focus goes there. */
  autoFocus?: boolean;
}) {
  const options = props.groups.map((group) => ({ label: group.name, value: group.name }));
  return (
    <Stack space="space.050">
      <Label labelFor={props.id}>{props.label}</Label>
      <Select
        id={props.id}
        inputId={props.id}
        isMulti
        {...(props.autoFocus ? { autoFocus: true } : {})}
        options={options}
        value={options.filter((option) => props.value.includes(option.value))}
        onChange={(selected: Array<{ value: string }> | null) =>
          props.onChange((selected ?? []).map((option) => option.value))
        }
      />
    </Stack>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  placeholder?: string;
  helper?: string;
  fields?: Record<string, string>;
  path?: string;
  type?: 'text' | 'number' | 'password' | 'date';
  /** Sized to what it holds (ADS widths): a number of days is "xsmall", a name "large"; full width when unset. */
  width?: 'xsmall' | 'small' | 'medium' | 'large' | 'xlarge';
  /** The first field of a view that just opened: focus goes there, not back to the top of the document. */
  autoFocus?: boolean;
}) {
  const error = props.fields && props.path ? fieldError(props.fields, props.path) : undefined;
  return (
    <Stack space="space.050">
      <Label labelFor={props.id}>{props.label}</Label>
      <Textfield
        id={props.id}
        name={props.id}
        value={props.value}
        type={props.type ?? 'text'}
        {...(props.width ? { width: props.width } : {})}
        {...(props.autoFocus ? { autoFocus: true } : {})}
        isInvalid={error !== undefined}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        onChange={(event: { target: { value?: unknown } }) => props.onChange(String(event.target.value ?? ''))}
      />
      {props.helper && <Text size="small">{props.helper}</Text>}
      {error && <ErrorMessage>{error}</ErrorMessage>}
    </Stack>
  );
}

/**
 * A day picked from a calendar, "YYYY-MM-DD" ("" when cleared), shown as "25 Dec 2026". Its error is `error`, or the
 * one `fields` holds at `path`; `helper` goes under it.
 */
export function DateField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (day: string) => void;
  placeholder?: string;
  helper?: string;
  error?: string;
  fields?: Record<string, string>;
  path?: string;
}) {
  const error = props.error ?? (props.fields && props.path ? fieldError(props.fields, props.path) : undefined);
  return (
    <Stack space="space.050">
      <Label labelFor={props.id}>{props.label}</Label>
      {/* As wide as a date, whatever the helper text under it; the error stays with the field. */}
      <Box xcss={DATE_WIDTH}>
        <Stack space="space.050">
          <DatePicker
            id={props.id}
            name={props.id}
            value={props.value}
            dateFormat="D MMM YYYY"
            placeholder={props.placeholder ?? 'Pick a day'}
            isInvalid={error !== undefined}
            onChange={(day: string) => props.onChange(day ?? '')}
          />
          {error && <ErrorMessage>{error}</ErrorMessage>}
        </Stack>
      </Box>
      {props.helper && <HelperMessage>{props.helper}</HelperMessage>}
    </Stack>
  );
}

const STATUSES = ['active', 'suspended', 'deactivated'];

/** The filter form of the scheme editor's Users step and of bulk actions. Errors come keyed by "filter.…". */
export function FilterForm(props: {
  idPrefix: string;
  filter: FilterDraft;
  groups: GroupOption[];
  fields: Record<string, string>;
  onChange: (change: (filter: FilterDraft) => FilterDraft) => void;
  /** Focus the first field when the form opens (the editor's Users step). */
  autoFocus?: boolean;
}) {
  const { filter, fields, idPrefix } = props;
  return (
    <Stack space="space.150">
      <Inline space="space.200">
        <TextField
          id={`${idPrefix}-inactive-days`}
          width="small"
          label="Inactive for at least (days)"
          autoFocus={props.autoFocus === true}
          value={filter.inactiveDays}
          fields={fields}
          path="filter.inactiveDays"
          helper="Last Confluence activity at least this many days ago, at most 3650 (10 years: a longer wait is a typo). Leave empty to ignore activity."
          onChange={(text) => props.onChange((f) => ({ ...f, inactiveDays: text }))}
        />
        <TextField
          id={`${idPrefix}-never-active-days`}
          width="small"
          label="Never active, added at least (days) ago"
          value={filter.neverActiveAfterDays}
          fields={fields}
          path="filter.neverActiveAfterDays"
          helper="Users who never used Confluence, added at least this many days ago (at most 3650). Either condition matches when both are set."
          onChange={(text) => props.onChange((f) => ({ ...f, neverActiveAfterDays: text }))}
        />
      </Inline>
      {/* Each group select takes half the row: wide enough for group names, not the width of its placeholder. */}
      <Inline space="space.200">
        <Stack space="space.050" grow="fill">
          <GroupNamesSelect
            id={`${idPrefix}-groups-any`}
            label="In any of these groups"
            groups={props.groups}
            value={filter.groupsAnyOf}
            onChange={(names) => props.onChange((f) => ({ ...f, groupsAnyOf: names }))}
          />
          <FieldError fields={fields} path="filter.groups.anyOf" />
        </Stack>
        <Stack space="space.050" grow="fill">
          <GroupNamesSelect
            id={`${idPrefix}-groups-none`}
            label="In none of these groups"
            groups={props.groups}
            value={filter.groupsNoneOf}
            onChange={(names) => props.onChange((f) => ({ ...f, groupsNoneOf: names }))}
          />
          <FieldError fields={fields} path="filter.groups.noneOf" />
        </Stack>
      </Inline>
      <Inline space="space.200">
        <TextField
          id={`${idPrefix}-domains-any`}
          label="Email domain is one of"
          placeholder="acme.com, acme.io"
          value={filter.domainsAnyOf}
          fields={fields}
          path="filter.emailDomains.anyOf"
          onChange={(text) => props.onChange((f) => ({ ...f, domainsAnyOf: text }))}
        />
        <TextField
          id={`${idPrefix}-domains-none`}
          label="Email domain is none of"
          value={filter.domainsNoneOf}
          fields={fields}
          path="filter.emailDomains.noneOf"
          onChange={(text) => props.onChange((f) => ({ ...f, domainsNoneOf: text }))}
        />
      </Inline>
      <Stack space="space.050">
        <Label labelFor={`${idPrefix}-status-active`}>Account status</Label>
        <Inline space="space.200">
          {STATUSES.map((status) => (
            <Checkbox
              key={status}
              id={`${idPrefix}-status-${status}`}
              label={status}
              value={status}
              isChecked={filter.statuses.includes(status)}
              onChange={() =>
                props.onChange((f) => ({
                  ...f,
                  statuses: f.statuses.includes(status)
                    ? f.statuses.filter((s) => s !== status)
                    : [...f.statuses, status],
                }))
              }
            />
          ))}
        </Inline>
        <FieldError fields={fields} path="filter.statuses" />
      </Stack>
    </Stack>
  );
}
