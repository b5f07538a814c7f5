/**
 * The preview's host components for UI Kit's buttons (Button, LoadingButton, LinkButton, Pressable), drawn with
 * Atlaskit's new Button and Pressable.
 */
import React from 'react';
import Button, { LinkButton } from '@atlaskit/button/new';
import { Pressable, xcss } from '@atlaskit/primitives';
import { plainEvent } from './forgeDoc';
import { type HostComponent } from './render';
import { Props, pick, useHandler } from './hostProps';

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
export const ButtonHost: HostComponent = ({ props, children }) => (
  <Button
    {...pick(props, BUTTON_PROPS)}
    {...(props.spacing === 'none' ? { spacing: 'compact' } : {})}
    isLoading={Boolean(props.isLoading)}
    {...buttonHandlers(props)}
  >
    {children}
  </Button>
);

export const LinkButtonHost: HostComponent = ({ props, children }) => (
  <LinkButton
    {...pick(props, ['appearance', 'autoFocus', 'isDisabled', 'isSelected', 'testId', 'spacing', 'shouldFitContainer'])}
    href={String(props.href ?? '#')}
    {...(props.target ? { target: props.target } : {})}
    {...buttonHandlers(props)}
  >
    {children}
  </LinkButton>
);

export const PressableHost: HostComponent = ({ props, children }) => (
  <Pressable
    {...pick(props, ['isDisabled', 'testId', 'type'])}
    {...(props.xcss ? { xcss: xcss(props.xcss) } : {})}
    {...buttonHandlers(props)}
  >
    {children}
  </Pressable>
);
