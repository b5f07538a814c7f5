/**
 * The scheme editor's state: a draft in four steps (Time → Users → Actions → Reporting), each checked by the
 * backend's scheme parser before the next. Pure: the reducer and the draft ↔ scheme file translation.
 */
import { EMPTY_FILTER, filterFromFile, filterToFile, numberOrText, type FilterDraft } from './filterDraft';
import type { RunProgress } from '../contract';
import type { AccountType } from '../domain/user';

export const STEPS = ['Time', 'Users', 'Actions', 'Reporting'] as const;
export type StepIndex = 0 | 1 | 2 | 3;

/** Which scheme file paths each step owns: a step is valid when none of its paths has an error. */
const STEP_PATHS: Record<StepIndex, string[]> = {
  0: ['name', 'schedule'],
  1: ['filter', 'exemptions'],
  2: ['actions', 'limits', 'mode'],
  3: ['report', 'enabled', '(scheme)'],
};

/** The scheme format's `filter.accountTypes`; a scheme without them acts on 'atlassian' accounts only. */
export const ACCOUNT_TYPE_OPTIONS = ['atlassian', 'app', 'customer'] as const satisfies readonly AccountType[];
export type AccountTypeOption = (typeof ACCOUNT_TYPE_OPTIONS)[number];

/** A user chosen in a UserPicker: the file keeps the account id, the editor shows the name while it is open. */
export interface PickedUser {
  id: string;
  name: string;
}

export const ACTION_OPTIONS = ['removeAccess', 'suspend', 'deactivate', 'delete', 'addGroups', 'removeGroups'] as const;
export type ActionOption = (typeof ACTION_OPTIONS)[number];

/** Short names of the actions, for the order list and its "Move … up/down" buttons. */
export const ACTION_SHORT_NAMES: Record<ActionOption, string> = {
  removeAccess: 'Remove access',
  suspend: 'Suspend',
  deactivate: 'Deactivate',
  delete: 'Delete',
  addGroups: 'Add to groups',
  removeGroups: 'Remove from groups',
};

/** Where an action goes when ticked: account-ending actions last (deactivate, then delete), as the scheme rules want. */
const ENDING_RANK: Record<ActionOption, number> = {
  removeAccess: 0,
  suspend: 0,
  addGroups: 0,
  removeGroups: 0,
  deactivate: 1,
  delete: 2,
};

/** Ticks or unticks an action. A ticked action joins the list at the last place the order rules allow. */
export function toggleAction(draft: SchemeDraft, action: ActionOption): SchemeDraft {
  if (draft.actions.includes(action)) return { ...draft, actions: draft.actions.filter((a) => a !== action) };
  const before = draft.actions.findIndex((other) => ENDING_RANK[other] > ENDING_RANK[action]);
  const actions = [...draft.actions];
  actions.splice(before === -1 ? actions.length : before, 0, action);
  return { ...draft, actions };
}

/** Moves an action one place up (-1) or down (+1) in the order; the backend's rules judge the result. */
export function moveAction(draft: SchemeDraft, action: ActionOption, direction: -1 | 1): SchemeDraft {
  const from = draft.actions.indexOf(action);
  const to = from + direction;
  if (from === -1 || to < 0 || to >= draft.actions.length) return draft;
  const actions = [...draft.actions];
  actions[from] = actions[to]!;
  actions[to] = action;
  return { ...draft, actions };
}

export interface SchemeDraft {
  name: string;
  /** 'none' = on demand only. */
  unit: 'none' | 'hour' | 'day' | 'week' | 'month' | 'billing';
  every: string;
  /** A `billing` schedule: how many days before each bill it runs (0 to 27). */
  daysBefore: string;
  at: string;
  timeZone: string;
  dayOfWeek: string;
  dayOfMonth: string;
  filter: FilterDraft;
  accountTypes: AccountTypeOption[];
  exemptGroups: string[];
  /** Account ids. */
  exemptUsers: string[];
  actions: ActionOption[];
  addGroups: string[];
  removeGroups: string[];
  deactivateMessage: string;
  /** `removeAccess.offerRestore`: email each user a "restore my access" link after their access is removed. */
  offerRestore: boolean;
  /** `deactivate.deleteAfterDays`: delete the deactivated users once they have stayed deactivated this long. */
  stagedDelete: boolean;
  deleteAfterDays: string;
  /** "Warn users first": a `notify` action before the others (the scheme format wants it first). */
  warnFirst: boolean;
  graceDays: string;
  warnMessage: string;
  maxUsersPerRun: string;
  /** `limits.untilSeatsAtMost`: empty for none. */
  untilSeatsAtMost: string;
  mode: 'test' | 'live';
  emailGroups: string[];
  /** Account ids. */
  emailUsers: string[];
  /** Display names of users picked in this editing session, by account id; never saved (the file holds ids). */
  userNames: Record<string, string>;
  onlyWhenUsersMatched: boolean;
  enabled: boolean;
  /**
   * The stored file the draft was opened from (null for a new scheme): its keys the editor has no control for are
   * written back unchanged on save, so an edit never drops what it does not show.
   */
  kept: Record<string, unknown> | null;
  /** Scheduled runs run as tests that the report recipients review and apply (the scheme key `needsApproval`). */
  needsApproval: boolean;
}

export function emptyDraft(defaultTimeZone: string): SchemeDraft {
  return {
    name: '',
    unit: 'day',
    every: '1',
    daysBefore: '2',
    at: '02:00',
    timeZone: defaultTimeZone,
    dayOfWeek: 'monday',
    dayOfMonth: '1',
    filter: { ...EMPTY_FILTER, inactiveDays: '90' },
    accountTypes: ['atlassian'],
    exemptGroups: [],
    exemptUsers: [],
    actions: ['removeAccess'],
    addGroups: [],
    removeGroups: [],
    deactivateMessage: '',
    offerRestore: false,
    stagedDelete: false,
    deleteAfterDays: '30',
    warnFirst: false,
    graceDays: '14',
    warnMessage: '',
    maxUsersPerRun: '500',
    untilSeatsAtMost: '',
    mode: 'test',
    emailGroups: [],
    emailUsers: [],
    userNames: {},
    onlyWhenUsersMatched: false,
    enabled: true,
    kept: null,
    needsApproval: false,
  };
}

/**
 * What a UserPicker's onChange handed over, as users. UI Kit types it as one user, but with isMulti it is a list
 * (and null once cleared); anything without an account id is dropped.
 */
export function pickedUsers(value: unknown): PickedUser[] {
  const items: unknown[] = Array.isArray(value) ? value : value ? [value] : [];
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, name } = item as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || id.trim() === '') return [];
    return [{ id: id.trim(), name: typeof name === 'string' && name.trim() !== '' ? name.trim() : id.trim() }];
  });
}

/** Adds picked users to a list of account ids (each once, in picking order) and remembers their names. */
export function addPickedUsers(
  draft: SchemeDraft,
  list: 'exemptUsers' | 'emailUsers',
  users: readonly PickedUser[],
): SchemeDraft {
  const ids = [...draft[list]];
  for (const user of users) if (!ids.includes(user.id)) ids.push(user.id);
  const userNames = { ...draft.userNames };
  for (const user of users) if (user.name !== user.id) userNames[user.id] = user.name;
  return { ...draft, [list]: ids, userNames };
}

export function removeUser(draft: SchemeDraft, list: 'exemptUsers' | 'emailUsers', accountId: string): SchemeDraft {
  return { ...draft, [list]: draft[list].filter((id) => id !== accountId) };
}

export function toggleAccountType(draft: SchemeDraft, type: AccountTypeOption): SchemeDraft {
  const chosen = draft.accountTypes.includes(type)
    ? draft.accountTypes.filter((t) => t !== type)
    : [...draft.accountTypes, type];
  // Kept in the format's order so that saving without changes writes the list as it was.
  return { ...draft, accountTypes: ACCOUNT_TYPE_OPTIONS.filter((option) => chosen.includes(option)) };
}

function scheduleToFile(draft: SchemeDraft): Record<string, unknown> | null {
  if (draft.unit === 'none') return null;
  if (draft.unit === 'billing')
    return {
      unit: 'billing',
      daysBefore: numberOrText(draft.daysBefore) ?? 0,
      at: draft.at.trim(),
      timeZone: draft.timeZone.trim(),
    };
  return {
    unit: draft.unit,
    every: numberOrText(draft.every) ?? 1,
    at: draft.at.trim(),
    timeZone: draft.timeZone.trim(),
    ...(draft.unit === 'week' ? { dayOfWeek: draft.dayOfWeek } : {}),
    ...(draft.unit === 'month' ? { dayOfMonth: numberOrText(draft.dayOfMonth) ?? 1 } : {}),
  };
}

function actionsToFile(draft: SchemeDraft): Array<Record<string, unknown>> {
  const notify = draft.warnFirst
    ? [
        {
          type: 'notify',
          graceDays: numberOrText(draft.graceDays) ?? '',
          ...(draft.warnMessage.trim() ? { message: draft.warnMessage.trim() } : {}),
        },
      ]
    : [];
  return [
    ...notify,
    ...draft.actions.map((type) => {
      if (type === 'addGroups') return { type, groups: draft.addGroups };
      if (type === 'removeGroups') return { type, groups: draft.removeGroups };
      if (type === 'deactivate')
        return {
          type,
          ...(draft.deactivateMessage.trim() ? { message: draft.deactivateMessage.trim() } : {}),
          ...(draft.stagedDelete ? { deleteAfterDays: numberOrText(draft.deleteAfterDays) ?? '' } : {}),
        };
      if (type === 'removeAccess' && draft.offerRestore) return { type, offerRestore: true };
      return { type };
    }),
  ];
}

/**
 * The keys the editor writes, per object of the scheme file (actions by type): any other key of the stored file is
 * one the editor has no control for, and is kept as it was.
 */
const EDITOR_KEYS: Record<string, readonly string[]> = {
  '': ['name', 'enabled', 'mode', 'schedule', 'filter', 'exemptions', 'actions', 'limits', 'report', 'needsApproval'],
  schedule: ['unit', 'every', 'at', 'timeZone', 'dayOfWeek', 'dayOfMonth'],
  filter: ['inactiveDays', 'neverActiveAfterDays', 'groups', 'emailDomains', 'statuses', 'fields', 'accountTypes'],
  exemptions: ['users', 'groups'],
  limits: ['maxUsersPerRun', 'untilSeatsAtMost'],
  report: ['emailUsers', 'emailGroups', 'onlyWhenUsersMatched'],
  'action:notify': ['type', 'graceDays', 'message'],
  'action:removeAccess': ['type', 'offerRestore'],
  'action:deactivate': ['type', 'message', 'deleteAfterDays'],
  'action:addGroups': ['type', 'groups'],
  'action:removeGroups': ['type', 'groups'],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `written` with the keys of `kept` the editor does not own at `path` added back. */
function withKept(path: string, written: Record<string, unknown>, kept: unknown): Record<string, unknown> {
  if (!isObject(kept)) return written;
  const owned = EDITOR_KEYS[path] ?? ['type'];
  const extra = Object.fromEntries(Object.entries(kept).filter(([key]) => !owned.includes(key)));
  return { ...extra, ...written };
}

/** The written file with everything the editor does not show carried over from the stored one. */
function keepUnshown(file: Record<string, unknown>, kept: Record<string, unknown> | null): Record<string, unknown> {
  if (!kept) return file;
  const merged = withKept('', file, kept);
  for (const key of ['schedule', 'filter', 'exemptions', 'limits', 'report'])
    if (isObject(file[key])) merged[key] = withKept(key, file[key], kept[key]);
  const keptActions = Array.isArray(kept.actions) ? kept.actions.filter(isObject) : [];
  merged.actions = (file.actions as Array<Record<string, unknown>>).map((action) =>
    withKept(
      `action:${String(action.type)}`,
      action,
      keptActions.find((old) => old.type === action.type),
    ),
  );
  return merged;
}

/** The scheme file the draft stands for. */
export function draftToFile(draft: SchemeDraft): Record<string, unknown> {
  return keepUnshown(writtenFile(draft), draft.kept);
}

function writtenFile(draft: SchemeDraft): Record<string, unknown> {
  return {
    name: draft.name,
    enabled: draft.enabled,
    mode: draft.mode,
    schedule: scheduleToFile(draft),
    filter: { ...filterToFile(draft.filter), accountTypes: draft.accountTypes },
    exemptions: { users: draft.exemptUsers, groups: draft.exemptGroups },
    actions: actionsToFile(draft),
    limits: {
      maxUsersPerRun: numberOrText(draft.maxUsersPerRun) ?? 500,
      ...(draft.untilSeatsAtMost.trim() !== '' ? { untilSeatsAtMost: numberOrText(draft.untilSeatsAtMost) } : {}),
    },
    report: {
      emailUsers: draft.emailUsers,
      emailGroups: draft.emailGroups,
      onlyWhenUsersMatched: draft.onlyWhenUsersMatched,
    },
    ...(draft.needsApproval ? { needsApproval: true } : {}),
  };
}

export function draftFromFile(file: Record<string, unknown>, defaultTimeZone: string): SchemeDraft {
  const base = emptyDraft(defaultTimeZone);
  const schedule = file.schedule as Record<string, unknown> | null | undefined;
  const filter = (file.filter ?? {}) as Record<string, unknown>;
  const exemptions = (file.exemptions ?? {}) as { users?: string[]; groups?: string[] };
  const all = (Array.isArray(file.actions) ? file.actions : []) as Array<{
    type: ActionOption | 'notify';
    groups?: string[];
    message?: string;
    graceDays?: number;
    offerRestore?: boolean;
    deleteAfterDays?: number;
  }>;
  const notify = all.find((action) => action.type === 'notify');
  const actions = all.filter(
    (action): action is (typeof all)[number] & { type: ActionOption } => action.type !== 'notify',
  );
  const deactivate = actions.find((action) => action.type === 'deactivate');
  const report = (file.report ?? {}) as {
    emailUsers?: string[];
    emailGroups?: string[];
    onlyWhenUsersMatched?: boolean;
  };
  const limits = (file.limits ?? {}) as { maxUsersPerRun?: number; untilSeatsAtMost?: number };
  return {
    ...base,
    name: String(file.name ?? ''),
    unit: schedule ? (schedule.unit as SchemeDraft['unit']) : 'none',
    every: schedule?.every !== undefined ? String(schedule.every) : base.every,
    daysBefore: schedule?.daysBefore !== undefined ? String(schedule.daysBefore) : base.daysBefore,
    at: typeof schedule?.at === 'string' ? schedule.at : base.at,
    timeZone: typeof schedule?.timeZone === 'string' ? schedule.timeZone : base.timeZone,
    dayOfWeek: typeof schedule?.dayOfWeek === 'string' ? schedule.dayOfWeek : base.dayOfWeek,
    dayOfMonth: schedule?.dayOfMonth !== undefined ? String(schedule.dayOfMonth) : base.dayOfMonth,
    filter: filterFromFile(filter),
    accountTypes: Array.isArray(filter.accountTypes) ? (filter.accountTypes as AccountTypeOption[]) : base.accountTypes,
    exemptGroups: exemptions.groups ?? [],
    exemptUsers: exemptions.users ?? [],
    actions: actions.map((action) => action.type),
    addGroups: actions.find((action) => action.type === 'addGroups')?.groups ?? [],
    removeGroups: actions.find((action) => action.type === 'removeGroups')?.groups ?? [],
    deactivateMessage: deactivate?.message ?? '',
    offerRestore: actions.find((action) => action.type === 'removeAccess')?.offerRestore === true,
    stagedDelete: deactivate?.deleteAfterDays !== undefined,
    deleteAfterDays:
      deactivate?.deleteAfterDays !== undefined ? String(deactivate.deleteAfterDays) : base.deleteAfterDays,
    warnFirst: notify !== undefined,
    graceDays: notify?.graceDays !== undefined ? String(notify.graceDays) : base.graceDays,
    warnMessage: notify?.message ?? '',
    maxUsersPerRun: limits.maxUsersPerRun !== undefined ? String(limits.maxUsersPerRun) : base.maxUsersPerRun,
    untilSeatsAtMost: limits.untilSeatsAtMost !== undefined ? String(limits.untilSeatsAtMost) : base.untilSeatsAtMost,
    mode: file.mode === 'live' ? 'live' : 'test',
    emailGroups: report.emailGroups ?? [],
    emailUsers: report.emailUsers ?? [],
    onlyWhenUsersMatched: report.onlyWhenUsersMatched ?? false,
    enabled: file.enabled !== false,
    needsApproval: file.needsApproval === true,
    kept: file,
  };
}

/** The errors of the steps up to `step`: later steps are not the admin's concern yet. */
export function errorsUpTo(fields: Record<string, string>, step: StepIndex): Record<string, string> {
  const owned = ([0, 1, 2, 3] as StepIndex[]).filter((index) => index <= step).flatMap((index) => STEP_PATHS[index]);
  return Object.fromEntries(
    Object.entries(fields).filter(([path]) =>
      owned.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)),
    ),
  );
}

/** The draft as the backend checks it at a step: before the Actions step, a placeholder action stands in. */
export function fileForStep(draft: SchemeDraft, step: StepIndex): Record<string, unknown> {
  const file = draftToFile(draft);
  return step < 2 ? { ...file, actions: [{ type: 'removeAccess' }] } : file;
}

export interface EditorState {
  /** The stored scheme being edited; null for a new scheme or a duplicate. */
  schemeId: string | null;
  step: StepIndex;
  draft: SchemeDraft;
  fields: Record<string, string>;
  busy: boolean;
  error: string | null;
  preview: RunProgress | null;
}

export type EditorEvent =
  | { type: 'edit'; change: (draft: SchemeDraft) => SchemeDraft }
  | { type: 'busy' }
  | { type: 'checked'; fields: Record<string, string> }
  | { type: 'failed'; message: string; fields?: Record<string, string> }
  | { type: 'back' }
  | { type: 'goTo'; step: StepIndex }
  | { type: 'preview'; progress: RunProgress | null };

export function openEditor(draft: SchemeDraft, schemeId: string | null): EditorState {
  return { schemeId, step: 0, draft, fields: {}, busy: false, error: null, preview: null };
}

export function editorReducer(state: EditorState, event: EditorEvent): EditorState {
  switch (event.type) {
    case 'edit':
      return { ...state, draft: event.change(state.draft) };
    case 'busy':
      return { ...state, busy: true, error: null };
    case 'checked': {
      // The backend checked the whole draft; only this step's and earlier steps' problems hold the admin back.
      const fields = errorsUpTo(event.fields, state.step);
      if (Object.keys(fields).length > 0) return { ...state, busy: false, fields };
      const next = Math.min(state.step + 1, 3) as StepIndex;
      return { ...state, busy: false, fields: {}, step: next };
    }
    case 'failed':
      return { ...state, busy: false, error: event.message, fields: event.fields ?? state.fields };
    case 'back':
      return { ...state, step: Math.max(state.step - 1, 0) as StepIndex, fields: {}, error: null };
    case 'goTo':
      // Only back to a step already passed: going forward goes through the checks.
      return event.step < state.step ? { ...state, step: event.step, fields: {}, error: null } : state;
    case 'preview':
      return { ...state, preview: event.progress };
  }
}
