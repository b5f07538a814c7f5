/**
 * The preview's host components for UI Kit's Tabs (TabList, Tab, TabPanel), drawn with Atlaskit's tabs.
 */
import { useId } from 'react';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { type HostComponent } from './render';
import { pick, useHandler } from './hostProps';

export const TabsHost: HostComponent = ({ props, children }) => {
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
export const TabListHost: HostComponent = ({ children }) => <TabList>{children}</TabList>;
export const TabHost: HostComponent = ({ props, children }) => <Tab {...pick(props, ['testId'])}>{children}</Tab>;
export const TabPanelHost: HostComponent = ({ props, children }) => (
  <TabPanel {...pick(props, ['testId'])}>
    {/* Atlaskit's panel is a flex row; a UI Kit page lays its panel out as a block. */}
    <div className="tab-panel-body">{children}</div>
  </TabPanel>
);
