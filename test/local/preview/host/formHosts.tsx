/**
 * The preview's host components for UI Kit's Form and its parts (FormHeader, FormSection, FormFooter, Label): a plain
 * form driven by the page's useForm, its sections drawn with Atlaskit's form layout.
 */
import { FormFooter, FormHeader, FormSection, Label } from '@atlaskit/form';
import { renderProp, type HostComponent } from './render';
import { pick, useHandler } from './hostProps';

/** UI Kit's Form is a plain form driven by the page's useForm: submitting calls onSubmit with no DOM event. */
export const FormHost: HostComponent = ({ props, children }) => {
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

export const FormSectionHost: HostComponent = ({ props, doc, children }) => (
  <FormSection
    {...(props.title !== undefined ? { title: renderProp(props.title, `${doc.key}:title`) } : {})}
    {...(props.description !== undefined
      ? { description: renderProp(props.description, `${doc.key}:description`) }
      : {})}
  >
    {children}
  </FormSection>
);

export const FormHeaderHost: HostComponent = ({ props, doc, children }) => (
  <FormHeader
    {...(props.title !== undefined ? { title: renderProp(props.title, `${doc.key}:title`) } : {})}
    {...(props.description !== undefined
      ? { description: renderProp(props.description, `${doc.key}:description`) }
      : {})}
  >
    {children}
  </FormHeader>
);

export const FormFooterHost: HostComponent = ({ props, children }) => (
  <FormFooter {...pick(props, ['align'])}>{children}</FormFooter>
);

export const LabelHost: HostComponent = ({ props, children }) => (
  <Label htmlFor={props.labelFor} {...pick(props, ['id', 'testId'])}>
    {children}
  </Label>
);
