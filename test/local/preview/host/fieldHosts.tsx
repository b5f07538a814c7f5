/**
 * The preview's host components for UI Kit's input fields (Textfield, TextArea, Select, Checkbox, DatePicker, Toggle,
 * RadioGroup), drawn with Atlaskit's: each hands the page plain data (the field's state, the option picked, the day).
 */
import React from 'react';
import { Checkbox } from '@atlaskit/checkbox';
import { DatePicker } from '@atlaskit/datetime-picker';
import { RadioGroup } from '@atlaskit/radio';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { serialiseEvent } from './forgeDoc';
import { renderProp, type HostComponent } from './render';
import { pick, useHandler, fieldHandlers, useTypedValue } from './hostProps';

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

export const TextfieldHost: HostComponent = ({ props }) => {
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

export const TextAreaHost: HostComponent = ({ props }) => {
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
export const SelectHost: HostComponent = ({ props }) => {
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

export const CheckboxHost: HostComponent = ({ props, doc }) => (
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
export const DatePickerHost: HostComponent = ({ props }) => {
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

export const ToggleHost: HostComponent = ({ props }) => (
  <Toggle
    {...pick(props, ['size', 'testId', 'defaultChecked', 'isChecked', 'label', 'id', 'isDisabled', 'value', 'name'])}
    {...fieldHandlers(props)}
  />
);

export const RadioGroupHost: HostComponent = ({ props }) => {
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
