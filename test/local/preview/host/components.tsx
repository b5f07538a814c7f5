/**
 * Each UI Kit element type as the Atlaskit component Confluence's UI Kit host draws it with (the prop names are
 * Atlaskit's: @atlaskit/forge-react-types picks them from these components). What the host adds is the bridge's
 * contract: handlers get plain data (a field's state, the option picked), ids arrive already prefixed by the
 * reconciler, and props holding UI Kit elements are drawn like children.
 */
import React, { useCallback, useId, useReducer, useRef } from 'react';
import Badge from '@atlaskit/badge';
import { ButtonGroup } from '@atlaskit/button';
import Button, { LinkButton } from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { DatePicker } from '@atlaskit/datetime-picker';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import {
  ErrorMessage,
  FormFooter,
  FormHeader,
  FormSection,
  HelperMessage,
  Label,
  RequiredAsterisk,
  ValidMessage,
} from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Popup from '@atlaskit/popup';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import { ProgressTracker } from '@atlaskit/progress-tracker';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { SimpleTag } from '@atlaskit/tag';
import TagGroup from '@atlaskit/tag-group';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import Tooltip from '@atlaskit/tooltip';
import { BarChart, LineChart } from './charts';
import { plainEvent, serialiseEvent, type ForgeDoc } from './forgeDoc';
import { renderDocs, renderProp, useHost, type HostComponent } from './render';
import { UserPicker } from './userPicker';

type Props = Record<string, any>;

/** Only the props a component documents, so a stray prop never reaches the DOM. */
function pick(props: Props, names: readonly string[]): Props {
  const out: Props = {};
  for (const name of names) if (props[name] !== undefined) out[name] = props[name];
  return out;
}

/** A handler of the page, called through the host (errors reported); undefined stays undefined. */
function useHandler(handler: unknown): ((...args: unknown[]) => unknown) | undefined {
  const host = useHost();
  if (typeof handler !== 'function') return undefined;
  return (...args: unknown[]) => host.call(handler, ...args);
}

function fieldHandlers(props: Props) {
  const onChange = useHandler(props.onChange);
  const onBlur = useHandler(props.onBlur);
  const onFocus = useHandler(props.onFocus);
  return {
    ...(onChange ? { onChange: (event: React.SyntheticEvent) => onChange(serialiseEvent(event, 'change')) } : {}),
    ...(onBlur ? { onBlur: (event: React.SyntheticEvent) => onBlur(serialiseEvent(event, 'blur')) } : {}),
    ...(onFocus ? { onFocus: (event: React.SyntheticEvent) => onFocus(serialiseEvent(event, 'focus')) } : {}),
  };
}

/**
 * A text value the page controls with `value`. The page's state reaches the host one commit later, so a commit
 * still carrying an earlier value must not undo what was typed since: values this field sent are not written back
 * while they are in flight, and any other value from the page wins.
 */
function useTypedValue(props: Props): [string | undefined, (value: string) => void] {
  const controlled = props.value !== undefined && props.value !== null;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const local = useRef<string | undefined>(controlled ? String(props.value) : undefined);
  const sent = useRef<string[]>([]);
  const lastFromPage = useRef<string | undefined>(local.current);
  if (controlled) {
    const fromPage = String(props.value);
    if (fromPage !== lastFromPage.current) {
      lastFromPage.current = fromPage;
      const inFlight = sent.current.indexOf(fromPage);
      if (inFlight >= 0) sent.current = sent.current.slice(inFlight + 1);
      else {
        local.current = fromPage;
        sent.current = [];
      }
    }
  }
  const typed = useCallback(
    (value: string) => {
      if (!controlled) return;
      sent.current.push(value);
      local.current = value;
      redraw();
    },
    [controlled],
  );
  return [controlled ? local.current : undefined, typed];
}

const TEXTFIELD_PROPS = [
  'appearance',
  'isCompact',
  'autoFocus',
  'isReadOnly',
  'isMonospaced',
  'placeholder',
  'testId',
  'width',
  'type',
  'defaultValue',
  'min',
  'max',
  'maxLength',
  'minLength',
  'pattern',
  'id',
  'isRequired',
  'isDisabled',
  'isInvalid',
  'aria-invalid',
  'aria-labelledby',
  'name',
] as const;

const TextfieldHost: HostComponent = ({ props }) => {
  const [value, typed] = useTypedValue(props);
  const handlers = fieldHandlers(props);
  return (
    <Textfield
      {...pick(props, TEXTFIELD_PROPS)}
      {...handlers}
      {...(value !== undefined ? { value } : {})}
      onChange={(event: React.FormEvent<HTMLInputElement>) => {
        typed(event.currentTarget.value);
        handlers.onChange?.(event);
      }}
    />
  );
};

const TEXTAREA_PROPS = [
  'appearance',
  'defaultValue',
  'isCompact',
  'isMonospaced',
  'isReadOnly',
  'maxHeight',
  'minimumRows',
  'placeholder',
  'resize',
  'spellCheck',
  'testId',
  'maxLength',
  'minLength',
  'autoFocus',
  'id',
  'isRequired',
  'isDisabled',
  'isInvalid',
  'aria-invalid',
  'aria-labelledby',
  'name',
] as const;

const TextAreaHost: HostComponent = ({ props }) => {
  const [value, typed] = useTypedValue(props);
  const handlers = fieldHandlers(props);
  return (
    <TextArea
      {...pick(props, TEXTAREA_PROPS)}
      {...handlers}
      {...(value !== undefined ? { value } : {})}
      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
        typed(event.currentTarget.value);
        handlers.onChange?.(event);
      }}
    />
  );
};

const SELECT_PROPS = [
  'appearance',
  'autoFocus',
  'closeMenuOnScroll',
  'closeMenuOnSelect',
  'defaultInputValue',
  'defaultMenuIsOpen',
  'defaultValue',
  'id',
  'inputId',
  'inputValue',
  'isClearable',
  'isDisabled',
  'isInvalid',
  'isLoading',
  'isMulti',
  'isSearchable',
  'menuIsOpen',
  'openMenuOnFocus',
  'name',
  'options',
  'placeholder',
  'spacing',
  'testId',
  'value',
  'isRequired',
] as const;

/** react-select, as UI Kit's Select is: onChange gets the option (or the options) and what happened. */
const SelectHost: HostComponent = ({ props }) => {
  const onChange = useHandler(props.onChange);
  const onInputChange = useHandler(props.onInputChange);
  const onBlur = useHandler(props.onBlur);
  const onFocus = useHandler(props.onFocus);
  return (
    <Select
      {...pick(props, SELECT_PROPS)}
      // Above dialogs and outside scrolling table cells, as in Confluence.
      menuPortalTarget={document.body}
      styles={{ menuPortal: (base) => ({ ...base, zIndex: 900 }) }}
      onChange={(value: unknown, meta: { action: string; name?: string }) =>
        onChange?.(value, { action: meta.action, name: meta.name ?? props.name })
      }
      {...(onInputChange ? { onInputChange: (text: string) => onInputChange(text) } : {})}
      {...(onBlur ? { onBlur: (event: React.FocusEvent) => onBlur(serialiseEvent(event, 'blur')) } : {})}
      {...(onFocus ? { onFocus: (event: React.FocusEvent) => onFocus(serialiseEvent(event, 'focus')) } : {})}
    />
  );
};

const CheckboxHost: HostComponent = ({ props, doc }) => (
  <Checkbox
    {...pick(props, [
      'name',
      'value',
      'defaultChecked',
      'id',
      'isChecked',
      'isDisabled',
      'isIndeterminate',
      'isInvalid',
      'isRequired',
      'testId',
      'aria-invalid',
      'aria-labelledby',
    ])}
    label={renderProp(props.label, `${doc.key}:label`) as React.ReactChild}
    {...fieldHandlers(props)}
  />
);

/** UI Kit's DatePicker hands the page the picked day as "YYYY-MM-DD" (or "" when cleared), as Atlaskit's does. */
const DatePickerHost: HostComponent = ({ props }) => {
  const onChange = useHandler(props.onChange);
  return (
    <DatePicker
      {...pick(props, [
        'appearance',
        'autoFocus',
        'defaultValue',
        'disabled',
        'maxDate',
        'minDate',
        'isDisabled',
        'nextMonthLabel',
        'previousMonthLabel',
        'spacing',
        'value',
        'isInvalid',
        'dateFormat',
        'placeholder',
        'locale',
        'testId',
        'weekStartDay',
        'shouldShowCalendarButton',
        'id',
        'name',
        'isRequired',
        'aria-labelledby',
      ])}
      {...(props.id ? { selectProps: { inputId: props.id } } : {})}
      onChange={(value: string) => onChange?.(value)}
    />
  );
};

const ToggleHost: HostComponent = ({ props }) => (
  <Toggle
    {...pick(props, ['size', 'testId', 'defaultChecked', 'isChecked', 'label', 'id', 'isDisabled', 'value', 'name'])}
    {...fieldHandlers(props)}
  />
);

const RadioGroupHost: HostComponent = ({ props }) => {
  const onChange = useHandler(props.onChange);
  return (
    <RadioGroup
      {...pick(props, [
        'defaultValue',
        'options',
        'testId',
        'isRequired',
        'isDisabled',
        'isInvalid',
        'value',
        'aria-labelledby',
        'name',
      ])}
      options={props.options ?? []}
      {...(onChange
        ? { onChange: (event: React.ChangeEvent<HTMLInputElement>) => onChange(serialiseEvent(event, 'change')) }
        : {})}
    />
  );
};

// ---- buttons ---------------------------------------------------------------------------------------------------

const BUTTON_PROPS = [
  'autoFocus',
  'isDisabled',
  'isSelected',
  'testId',
  'shouldFitContainer',
  'appearance',
  'type',
  'spacing',
] as const;

function buttonHandlers(props: Props) {
  const onClick = useHandler(props.onClick);
  const onBlur = useHandler(props.onBlur);
  const onFocus = useHandler(props.onFocus);
  return {
    // A submit button lets its form submit (the Form calls onSubmit); its own onClick still runs first.
    onClick: (event: React.MouseEvent<HTMLElement>) =>
      onClick?.(plainEvent('click', { type: (event.currentTarget as HTMLButtonElement).type }), {}),
    ...(onBlur ? { onBlur: () => onBlur(plainEvent('blur')) } : {}),
    ...(onFocus ? { onFocus: () => onFocus(plainEvent('focus')) } : {}),
  };
}

/** Atlaskit's new Button, which takes `isLoading` itself (UI Kit's LoadingButton is the same button). */
const ButtonHost: HostComponent = ({ props, children }) => (
  <Button
    {...pick(props, BUTTON_PROPS)}
    {...(props.spacing === 'none' ? { spacing: 'compact' } : {})}
    isLoading={Boolean(props.isLoading)}
    {...buttonHandlers(props)}
  >
    {children}
  </Button>
);

const LinkButtonHost: HostComponent = ({ props, children }) => (
  <LinkButton
    {...pick(props, ['appearance', 'autoFocus', 'isDisabled', 'isSelected', 'testId', 'spacing', 'shouldFitContainer'])}
    href={String(props.href ?? '#')}
    {...(props.target ? { target: props.target } : {})}
    {...buttonHandlers(props)}
  >
    {children}
  </LinkButton>
);

const PressableHost: HostComponent = ({ props, children }) => (
  <Pressable
    {...pick(props, ['isDisabled', 'testId', 'type'])}
    {...(props.xcss ? { xcss: xcss(props.xcss) } : {})}
    {...buttonHandlers(props)}
  >
    {children}
  </Pressable>
);

// ---- layout and text -------------------------------------------------------------------------------------------

const BOX_PROPS = [
  'as',
  'padding',
  'paddingBlock',
  'paddingBlockStart',
  'paddingBlockEnd',
  'paddingInline',
  'paddingInlineStart',
  'paddingInlineEnd',
  'backgroundColor',
  'role',
  'testId',
] as const;

const BoxHost: HostComponent = ({ props, children }) => (
  <Box {...pick(props, BOX_PROPS)} {...(props.xcss ? { xcss: xcss(props.xcss) } : {})}>
    {children}
  </Box>
);

const StackHost: HostComponent = ({ props, children }) => (
  <Stack {...pick(props, ['alignBlock', 'alignInline', 'grow', 'space', 'spread', 'testId'])}>{children}</Stack>
);

const InlineHost: HostComponent = ({ props, children }) => (
  <Inline
    {...pick(props, [
      'alignBlock',
      'alignInline',
      'spread',
      'grow',
      'space',
      'shouldWrap',
      'separator',
      'rowSpace',
      'testId',
    ])}
  >
    {children}
  </Inline>
);

const HeadingHost: HostComponent = ({ props, children }) => (
  <Heading size={props.size ?? 'medium'} {...pick(props, ['as', 'color', 'id', 'testId'])}>
    {children}
  </Heading>
);

/** UI Kit's Text adds `as="strike"` to Atlaskit's Text. */
const TextHost: HostComponent = ({ props, children }) => {
  const strike = props.as === 'strike';
  return (
    <Text
      {...pick(props, ['align', 'color', 'maxLines', 'size', 'weight', 'testId'])}
      {...(!strike && props.as ? { as: props.as } : strike ? { as: 'span' } : {})}
    >
      {strike ? <s>{children}</s> : children}
    </Text>
  );
};

const StrongHost: HostComponent = ({ children }) => <Text as="strong">{children}</Text>;
const EmHost: HostComponent = ({ children }) => <Text as="em">{children}</Text>;
const StrikeHost: HostComponent = ({ children }) => (
  <Text as="span">
    <s>{children}</s>
  </Text>
);

const LinkHost: HostComponent = ({ props, children }) => {
  const onClick = useHandler(props.onClick);
  return (
    <a
      href={String(props.href ?? '#')}
      {...(props.openNewTab ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={
        onClick
          ? (event) => {
              event.preventDefault();
              onClick(plainEvent('click'));
            }
          : undefined
      }
      className="ui-kit-link"
    >
      {children}
    </a>
  );
};

const CodeHost: HostComponent = ({ children }) => <code className="ui-kit-code">{children}</code>;
// Focusable, so a keyboard reaches a block that scrolls (and can select its text to copy it).
const CodeBlockHost: HostComponent = ({ props }) => (
  <pre className="ui-kit-code-block" tabIndex={0}>
    {String(props.text ?? '')}
  </pre>
);

const ListHost: HostComponent = ({ props, children }) =>
  props.type === 'ordered' ? <ol className="ui-kit-list">{children}</ol> : <ul className="ui-kit-list">{children}</ul>;
const ListItemHost: HostComponent = ({ children }) => <li>{children}</li>;

const ImageHost: HostComponent = ({ props }) => (
  <img
    src={String(props.src ?? '')}
    alt={String(props.alt ?? '')}
    style={{
      ...(props.width ? { width: typeof props.width === 'number' ? `${props.width}px` : props.width } : {}),
      ...(props.height ? { height: typeof props.height === 'number' ? `${props.height}px` : props.height } : {}),
      maxWidth: '100%',
    }}
  />
);

// ---- form ------------------------------------------------------------------------------------------------------

/** UI Kit's Form is a plain form driven by the page's useForm: submitting calls onSubmit with no DOM event. */
const FormHost: HostComponent = ({ props, children }) => {
  const onSubmit = useHandler(props.onSubmit);
  return (
    <form
      noValidate
      id={props.id}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit?.();
      }}
    >
      {children}
    </form>
  );
};

const FormSectionHost: HostComponent = ({ props, doc, children }) => (
  <FormSection
    {...(props.title !== undefined ? { title: renderProp(props.title, `${doc.key}:title`) } : {})}
    {...(props.description !== undefined
      ? { description: renderProp(props.description, `${doc.key}:description`) }
      : {})}
  >
    {children}
  </FormSection>
);

const FormHeaderHost: HostComponent = ({ props, doc, children }) => (
  <FormHeader
    {...(props.title !== undefined ? { title: renderProp(props.title, `${doc.key}:title`) } : {})}
    {...(props.description !== undefined
      ? { description: renderProp(props.description, `${doc.key}:description`) }
      : {})}
  >
    {children}
  </FormHeader>
);

const FormFooterHost: HostComponent = ({ props, children }) => (
  <FormFooter {...pick(props, ['align'])}>{children}</FormFooter>
);

const LabelHost: HostComponent = ({ props, children }) => (
  <Label htmlFor={props.labelFor} {...pick(props, ['id', 'testId'])}>
    {children}
  </Label>
);

// ---- status ----------------------------------------------------------------------------------------------------

const LozengeHost: HostComponent = ({ props, children }) => (
  <Lozenge {...pick(props, ['appearance', 'isBold', 'maxWidth', 'testId'])}>{children}</Lozenge>
);

const BadgeHost: HostComponent = ({ props, doc, children }) => {
  const only =
    doc.children.length === 1 && doc.children[0]?.type === 'String' ? Number(doc.children[0].props.text) : NaN;
  return <Badge {...pick(props, ['appearance', 'max', 'testId'])}>{Number.isFinite(only) ? only : children}</Badge>;
};

const TagHost: HostComponent = ({ props }) => (
  <SimpleTag text={String(props.text ?? '')} {...pick(props, ['appearance', 'color', 'href', 'testId'])} />
);

const TagGroupHost: HostComponent = ({ props, children }) => (
  <TagGroup {...pick(props, ['alignment'])}>{children}</TagGroup>
);

const SectionMessageHost: HostComponent = ({ props, doc, children }) => {
  const actions = renderProp(props.actions, `${doc.key}:actions`);
  return (
    <SectionMessage
      {...pick(props, ['appearance', 'title', 'testId'])}
      {...(Array.isArray(actions) && actions.length > 0 ? { actions: actions as React.ReactElement[] } : {})}
    >
      {children}
    </SectionMessage>
  );
};

const SectionMessageActionHost: HostComponent = ({ props, children }) => {
  const onClick = useHandler(props.onClick);
  return (
    <SectionMessageAction
      {...(props.href ? { href: props.href } : {})}
      {...(onClick ? { onClick: () => onClick(plainEvent('click')) } : {})}
    >
      {children}
    </SectionMessageAction>
  );
};

const ProgressBarHost: HostComponent = ({ props }) => (
  <ProgressBar {...pick(props, ['appearance', 'ariaLabel', 'isIndeterminate', 'testId', 'value'])} />
);

const ProgressTrackerHost: HostComponent = ({ props }) => {
  const host = useHost();
  const items = (Array.isArray(props.items) ? props.items : []).map((item: Props) => ({
    id: String(item.id),
    label: String(item.label ?? ''),
    percentageComplete: Number(item.percentageComplete ?? 0),
    status: item.status ?? 'unvisited',
    ...(typeof item.onClick === 'function' ? { onClick: () => host.call(item.onClick) } : {}),
  }));
  return <ProgressTracker items={items} {...pick(props, ['label', 'testId', 'animated', 'spacing'])} />;
};

const SpinnerHost: HostComponent = ({ props }) => (
  <Spinner {...pick(props, ['appearance', 'delay', 'label', 'size', 'testId'])} />
);

const EmptyStateHost: HostComponent = ({ props, doc }) => (
  <EmptyState
    header={String(props.header ?? '')}
    {...pick(props, ['buttonGroupLabel', 'headingLevel', 'isLoading', 'width', 'testId'])}
    {...(props.description !== undefined ? { description: renderProp(props.description, `${doc.key}:d`) } : {})}
    {...(props.primaryAction ? { primaryAction: renderProp(props.primaryAction, `${doc.key}:p`) } : {})}
    {...(props.secondaryAction ? { secondaryAction: renderProp(props.secondaryAction, `${doc.key}:s`) } : {})}
    {...(props.tertiaryAction ? { tertiaryAction: renderProp(props.tertiaryAction, `${doc.key}:t`) } : {})}
  />
);

const TooltipHost: HostComponent = ({ props, doc, children }) => (
  <Tooltip content={renderProp(props.content, `${doc.key}:content`)} {...pick(props, ['position', 'testId'])}>
    <span>{children}</span>
  </Tooltip>
);

/**
 * UI Kit's Popup reaches the host as Popup > ContentWrapper(content) and ContentWrapper(trigger) (see @forge/react's
 * popup.js); the page controls `isOpen`. Atlaskit's Popup positions the content against the trigger's element.
 */
const PopupHost: HostComponent = ({ props, doc }) => {
  const onClose = useHandler(props.onClose);
  const part = (name: string) =>
    renderDocs(doc.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name)?.children);
  return (
    <Popup
      isOpen={Boolean(props.isOpen)}
      {...pick(props, ['id', 'testId', 'placement', 'shouldFlip', 'autoFocus', 'role', 'label', 'titleId'])}
      shouldRenderToParent={props.shouldRenderToParent ?? true}
      onClose={() => onClose?.(plainEvent('close'))}
      content={() => <>{part('content')}</>}
      trigger={({ ref }) => (
        <span ref={ref as React.Ref<HTMLSpanElement>} style={{ display: 'inline-block' }}>
          {part('trigger')}
        </span>
      )}
    />
  );
};

// ---- dialog ----------------------------------------------------------------------------------------------------

const MODAL_SIZES = new Set(['small', 'medium', 'large', 'x-large', 'fullscreen']);

const ModalHost: HostComponent = ({ props, children }) => {
  const onClose = useHandler(props.onClose);
  const size = (value: unknown) =>
    value === undefined ? undefined : typeof value === 'string' && MODAL_SIZES.has(value) ? value : value;
  return (
    <Modal
      {...pick(props, ['autoFocus', 'shouldScrollInViewport', 'label', 'testId'])}
      {...(props.width !== undefined ? { width: size(props.width) as string } : {})}
      {...(props.height !== undefined ? { height: size(props.height) as string } : {})}
      onClose={() => onClose?.(plainEvent('close'))}
    >
      {props.title ? (
        <ModalHeader>
          <ModalTitle>{String(props.title)}</ModalTitle>
        </ModalHeader>
      ) : null}
      {children}
    </Modal>
  );
};

const ModalTransitionHost: HostComponent = ({ children }) => <ModalTransition>{children}</ModalTransition>;
const ModalHeaderHost: HostComponent = ({ children }) => <ModalHeader>{children}</ModalHeader>;
const ModalTitleHost: HostComponent = ({ props, children }) => (
  <ModalTitle {...pick(props, ['appearance', 'isMultiline'])}>{children}</ModalTitle>
);
const ModalBodyHost: HostComponent = ({ children }) => <ModalBody>{children}</ModalBody>;
const ModalFooterHost: HostComponent = ({ children }) => <ModalFooter>{children}</ModalFooter>;

// ---- tabs ------------------------------------------------------------------------------------------------------

const TabsHost: HostComponent = ({ props, children }) => {
  const fallbackId = useId();
  const onChange = useHandler(props.onChange);
  return (
    <Tabs
      id={props.id ?? fallbackId}
      {...pick(props, ['defaultSelected', 'selected', 'shouldUnmountTabPanelOnChange', 'testId'])}
      onChange={(index: number) => onChange?.(index)}
    >
      {children}
    </Tabs>
  );
};
const TabListHost: HostComponent = ({ children }) => <TabList>{children}</TabList>;
const TabHost: HostComponent = ({ props, children }) => <Tab {...pick(props, ['testId'])}>{children}</Tab>;
const TabPanelHost: HostComponent = ({ props, children }) => (
  <TabPanel {...pick(props, ['testId'])}>
    {/* Atlaskit's panel is a flex row; a UI Kit page lays its panel out as a block. */}
    <div className="tab-panel-body">{children}</div>
  </TabPanel>
);

// ---- table -----------------------------------------------------------------------------------------------------

/**
 * DynamicTable reaches the host as DynamicTable > ContentWrapper(head) > Cell… and ContentWrapper(rows) > Row >
 * Cell… (see @forge/react's dynamic-table.js), cell and row keys renamed cellKey and rowKey; here it becomes the
 * head and rows Atlaskit's DynamicTable takes, which sorts by cell keys and pages by itself.
 */
const DynamicTableHost: HostComponent = ({ props, doc }) => {
  const onSetPage = useHandler(props.onSetPage);
  const onSort = useHandler(props.onSort);
  const wrapper = (name: string): ForgeDoc[] =>
    doc.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name)?.children ?? [];
  const cell = (node: ForgeDoc) => ({
    ...pick(node.props, ['isSortable', 'width', 'shouldTruncate', 'colSpan']),
    key: (node.props.cellKey ?? node.key) as string | number,
    content: <>{renderDocs(node.children)}</>,
  });
  const headCells = wrapper('head');
  return (
    <DynamicTable
      {...pick(props, [
        'defaultPage',
        'defaultSortKey',
        'defaultSortOrder',
        'highlightedRowIndex',
        'isFixedSize',
        'isLoading',
        'isRankable',
        'label',
        'loadingSpinnerSize',
        'page',
        'rowsPerPage',
        'sortKey',
        'sortOrder',
        'testId',
        'caption',
      ])}
      {...(headCells.length > 0 ? { head: { cells: headCells.map(cell) } } : {})}
      rows={wrapper('rows').map((row) => ({
        key: String(row.props.rowKey ?? row.key),
        ...(row.props.isHighlighted !== undefined ? { isHighlighted: Boolean(row.props.isHighlighted) } : {}),
        cells: row.children.map(cell),
      }))}
      {...(props.emptyView !== undefined ? { emptyView: <>{renderProp(props.emptyView, `${doc.key}:empty`)}</> } : {})}
      {...(onSetPage ? { onSetPage: (page: number) => onSetPage(page) } : {})}
      {...(onSort
        ? {
            onSort: (data: { key: string; sortOrder: string }) =>
              onSort({ key: data.key, sortOrder: data.sortOrder, item: { key: data.key } }),
          }
        : {})}
    />
  );
};

// ---- the map ---------------------------------------------------------------------------------------------------

const Passthrough: HostComponent = ({ children }) => <>{children}</>;

export const COMPONENTS: Record<string, HostComponent> = {
  Box: BoxHost,
  Stack: StackHost,
  Inline: InlineHost,
  Heading: HeadingHost,
  Text: TextHost,
  Strong: StrongHost,
  Em: EmHost,
  Strike: StrikeHost,
  Link: LinkHost,
  Code: CodeHost,
  CodeBlock: CodeBlockHost,
  List: ListHost,
  ListItem: ListItemHost,
  Image: ImageHost,
  Button: ButtonHost,
  LoadingButton: ButtonHost,
  LinkButton: LinkButtonHost,
  Pressable: PressableHost,
  ButtonGroup: ({ props, children }) => <ButtonGroup {...pick(props, ['label'])}>{children}</ButtonGroup>,
  Textfield: TextfieldHost,
  TextArea: TextAreaHost,
  Select: SelectHost,
  Checkbox: CheckboxHost,
  Toggle: ToggleHost,
  DatePicker: DatePickerHost,
  RadioGroup: RadioGroupHost,
  UserPicker,
  Form: FormHost,
  FormHeader: FormHeaderHost,
  FormSection: FormSectionHost,
  FormFooter: FormFooterHost,
  Label: LabelHost,
  RequiredAsterisk: () => <RequiredAsterisk />,
  ErrorMessage: ({ children }) => <ErrorMessage>{children}</ErrorMessage>,
  HelperMessage: ({ children }) => <HelperMessage>{children}</HelperMessage>,
  ValidMessage: ({ children }) => <ValidMessage>{children}</ValidMessage>,
  Lozenge: LozengeHost,
  Badge: BadgeHost,
  Tag: TagHost,
  TagGroup: TagGroupHost,
  SectionMessage: SectionMessageHost,
  SectionMessageAction: SectionMessageActionHost,
  ProgressBar: ProgressBarHost,
  ProgressTracker: ProgressTrackerHost,
  Spinner: SpinnerHost,
  EmptyState: EmptyStateHost,
  Tooltip: TooltipHost,
  Popup: PopupHost,
  Modal: ModalHost,
  ModalTransition: ModalTransitionHost,
  ModalHeader: ModalHeaderHost,
  ModalTitle: ModalTitleHost,
  ModalBody: ModalBodyHost,
  ModalFooter: ModalFooterHost,
  Tabs: TabsHost,
  TabList: TabListHost,
  Tab: TabHost,
  TabPanel: TabPanelHost,
  DynamicTable: DynamicTableHost,
  // No public package draws UI Kit's charts (Confluence uses @atlassian/viz-platform-charts, not on npm).
  LineChart,
  BarChart,
  ContentWrapper: Passthrough,
};
