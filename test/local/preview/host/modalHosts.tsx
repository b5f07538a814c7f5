/**
 * The preview's host components for UI Kit's Modal and its parts (ModalTransition, ModalHeader, ModalTitle,
 * ModalBody, ModalFooter), drawn with Atlaskit's modal dialog.
 */
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { plainEvent } from './forgeDoc';
import { type HostComponent } from './render';
import { pick, useHandler } from './hostProps';

const MODAL_SIZES = new Set(['small', 'medium', 'large', 'x-large', 'fullscreen']);

export const ModalHost: HostComponent = ({ props, children }) => {
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

export const ModalTransitionHost: HostComponent = ({ children }) => <ModalTransition>{children}</ModalTransition>;
export const ModalHeaderHost: HostComponent = ({ children }) => <ModalHeader>{children}</ModalHeader>;
export const ModalTitleHost: HostComponent = ({ props, children }) => (
  <ModalTitle {...pick(props, ['appearance', 'isMultiline'])}>{children}</ModalTitle>
);
export const ModalBodyHost: HostComponent = ({ children }) => <ModalBody>{children}</ModalBody>;
export const ModalFooterHost: HostComponent = ({ children }) => <ModalFooter>{children}</ModalFooter>;
