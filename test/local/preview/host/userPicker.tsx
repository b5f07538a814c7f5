/**
 * UI Kit's UserPicker as Confluence draws it: @atlaskit/user-picker with a label and a description, its search
 * answered by the people of the simulated site (the preview's /api/users, where Confluence asks its own people
 * search). The page's onChange gets UI Kit's value: `{ id, name, email, avatarUrl, type: 'user' }`, an array of them
 * when `isMulti`. `defaultValue` holds account ids, shown as the people they are.
 */
import React, { useEffect, useId, useState } from 'react';
import { HelperMessage, Label, RequiredAsterisk } from '@atlaskit/form';
import AtlaskitUserPicker from '@atlaskit/user-picker';
import type { OptionData, User } from '@atlaskit/user-picker';
import { useHost, type HostComponent, type SiteUserOption } from './render';

function toOption(user: SiteUserOption): User {
  return {
    id: user.id,
    name: user.name,
    type: 'user',
    avatarUrl: user.avatarUrl,
    ...(user.email ? { email: user.email, byline: user.email } : {}),
  };
}

function toValue(option: OptionData) {
  const user = option as User;
  return { id: user.id, name: user.name, email: user.email ?? '', avatarUrl: user.avatarUrl ?? '', type: 'user' };
}

export const UserPicker: HostComponent = ({ props }) => {
  const host = useHost();
  const inputId = useId();
  const ids =
    props.defaultValue === undefined
      ? []
      : Array.isArray(props.defaultValue)
        ? props.defaultValue
        : [props.defaultValue];
  const idsKey = ids.join(',');
  const [defaults, setDefaults] = useState<User[] | null>(ids.length === 0 ? [] : null);
  useEffect(() => {
    if (ids.length === 0) return;
    let current = true;
    host.usersById(ids.map(String)).then(
      (users) => current && setDefaults(users.map(toOption)),
      () => current && setDefaults(ids.map((id) => ({ id: String(id), name: String(id), type: 'user' }))),
    );
    return () => {
      current = false;
    };
  }, [idsKey]);

  return (
    <div className="user-picker-field">
      {props.label && (
        <Label htmlFor={inputId} id={`${inputId}-label`}>
          {String(props.label)}
          {props.isRequired && <RequiredAsterisk />}
        </Label>
      )}
      {defaults === null ? null : (
        <AtlaskitUserPicker
          key={idsKey}
          fieldId={null}
          inputId={inputId}
          {...(props.label ? { ariaLabelledBy: `${inputId}-label` } : {})}
          name={props.name}
          isMulti={Boolean(props.isMulti)}
          menuPortalTarget={document.body}
          {...(props.placeholder ? { placeholder: String(props.placeholder) } : {})}
          {...(defaults.length > 0 ? { defaultValue: props.isMulti ? defaults : defaults[0] } : {})}
          loadOptions={(search?: string) => host.searchUsers(search ?? '').then((users) => users.map(toOption))}
          onChange={(value) => {
            if (typeof props.onChange !== 'function') return;
            const picked = Array.isArray(value) ? value.map(toValue) : value ? toValue(value) : null;
            host.call(props.onChange, props.isMulti ? (picked ?? []) : picked);
          }}
        />
      )}
      {props.description && <HelperMessage>{String(props.description)}</HelperMessage>}
    </div>
  );
};
