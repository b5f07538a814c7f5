/**
 * The preview's host components for what UI Kit shows about a state (Lozenge, Badge, Tag, TagGroup, SectionMessage,
 * ProgressBar, ProgressTracker, Spinner, EmptyState) and what it shows on demand (Tooltip, Popup), drawn with
 * Atlaskit's.
 */
import React from 'react';
import Badge from '@atlaskit/badge';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import Popup from '@atlaskit/popup';
import ProgressBar from '@atlaskit/progress-bar';
import { ProgressTracker } from '@atlaskit/progress-tracker';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { SimpleTag } from '@atlaskit/tag';
import TagGroup from '@atlaskit/tag-group';
import Tooltip from '@atlaskit/tooltip';
import { plainEvent } from './forgeDoc';
import { renderDocs, renderProp, useHost, type HostComponent } from './render';
import { Props, pick, useHandler } from './hostProps';

export const LozengeHost: HostComponent = ({ props, children }) => (
  <Lozenge {...pick(props, ['appearance', 'isBold', 'maxWidth', 'testId'])}>{children}</Lozenge>
);

export const BadgeHost: HostComponent = ({ props, doc, children }) => {
  const only =
    doc.children.length === 1 && doc.children[0]?.type === 'String' ? Number(doc.children[0].props.text) : NaN;
  return <Badge {...pick(props, ['appearance', 'max', 'testId'])}>{Number.isFinite(only) ? only : children}</Badge>;
};

export const TagHost: HostComponent = ({ props }) => (
  <SimpleTag text={String(props.text ?? '')} {...pick(props, ['appearance', 'color', 'href', 'testId'])} />
);

export const TagGroupHost: HostComponent = ({ props, children }) => (
  <TagGroup {...pick(props, ['alignment'])}>{children}</TagGroup>
);

export const SectionMessageHost: HostComponent = ({ props, doc, children }) => {
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

export const SectionMessageActionHost: HostComponent = ({ props, children }) => {
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

export const ProgressBarHost: HostComponent = ({ props }) => (
  <ProgressBar {...pick(props, ['appearance', 'ariaLabel', 'isIndeterminate', 'testId', 'value'])} />
);

export const ProgressTrackerHost: HostComponent = ({ props }) => {
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

export const SpinnerHost: HostComponent = ({ props }) => (
  <Spinner {...pick(props, ['appearance', 'delay', 'label', 'size', 'testId'])} />
);

export const EmptyStateHost: HostComponent = ({ props, doc }) => (
  <EmptyState
    header={String(props.header ?? '')}
    {...pick(props, ['buttonGroupLabel', 'headingLevel', 'isLoading', 'width', 'testId'])}
    {...(props.description !== undefined ? { description: renderProp(props.description, `${doc.key}:d`) } : {})}
    {...(props.primaryAction ? { primaryAction: renderProp(props.primaryAction, `${doc.key}:p`) } : {})}
    {...(props.secondaryAction ? { secondaryAction: renderProp(props.secondaryAction, `${doc.key}:s`) } : {})}
    {...(props.tertiaryAction ? { tertiaryAction: renderProp(props.tertiaryAction, `${doc.key}:t`) } : {})}
  />
);

export const TooltipHost: HostComponent = ({ props, doc, children }) => (
  <Tooltip content={renderProp(props.content, `${doc.key}:content`)} {...pick(props, ['position', 'testId'])}>
    <span>{children}</span>
  </Tooltip>
);

/**
 * UI Kit's Popup reaches the host as Popup > ContentWrapper(content) and ContentWrapper(trigger) (see @forge/react's
 * popup.js); the page controls `isOpen`. Atlaskit's Popup positions the content against the trigger's element.
 */
export const PopupHost: HostComponent = ({ props, doc }) => {
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
