/**
 * The preview's host components for UI Kit's layout and text (Box, Stack, Inline, Heading, Text, Strong, Em, Strike,
 * Link, Code, CodeBlock, List, Image), drawn with Atlaskit's primitives and heading.
 */
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { plainEvent } from './forgeDoc';
import { type HostComponent } from './render';
import { pick, useHandler } from './hostProps';

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

export const BoxHost: HostComponent = ({ props, children }) => (
  <Box {...pick(props, BOX_PROPS)} {...(props.xcss ? { xcss: xcss(props.xcss) } : {})}>
    {children}
  </Box>
);

export const StackHost: HostComponent = ({ props, children }) => (
  <Stack {...pick(props, ['alignBlock', 'alignInline', 'grow', 'space', 'spread', 'testId'])}>{children}</Stack>
);

export const InlineHost: HostComponent = ({ props, children }) => (
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

export const HeadingHost: HostComponent = ({ props, children }) => (
  <Heading size={props.size ?? 'medium'} {...pick(props, ['as', 'color', 'id', 'testId'])}>
    {children}
  </Heading>
);

/** UI Kit's Text adds `as="strike"` to Atlaskit's Text. */
export const TextHost: HostComponent = ({ props, children }) => {
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

export const StrongHost: HostComponent = ({ children }) => <Text as="strong">{children}</Text>;
export const EmHost: HostComponent = ({ children }) => <Text as="em">{children}</Text>;
export const StrikeHost: HostComponent = ({ children }) => (
  <Text as="span">
    <s>{children}</s>
  </Text>
);

export const LinkHost: HostComponent = ({ props, children }) => {
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

export const CodeHost: HostComponent = ({ children }) => <code className="ui-kit-code">{children}</code>;
// Focusable, so a keyboard reaches a block that scrolls (and can select its text to copy it).
export const CodeBlockHost: HostComponent = ({ props }) => (
  <pre className="ui-kit-code-block" tabIndex={0}>
    {String(props.text ?? '')}
  </pre>
);

export const ListHost: HostComponent = ({ props, children }) =>
  props.type === 'ordered' ? <ol className="ui-kit-list">{children}</ol> : <ul className="ui-kit-list">{children}</ul>;
export const ListItemHost: HostComponent = ({ children }) => <li>{children}</li>;

export const ImageHost: HostComponent = ({ props }) => (
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
