/**
 * Each UI Kit element type as the Atlaskit component Confluence's UI Kit host draws it with (the prop names are
 * Atlaskit's: @atlaskit/forge-react-types picks them from these components). What the host adds is the bridge's
 * contract: handlers get plain data (a field's state, the option picked), ids arrive already prefixed by the
 * reconciler, and props holding UI Kit elements are drawn like children.
 *
 * This file is the map from element type to host component; the components live beside it by family (fieldHosts,
 * buttonHosts, layoutHosts, formHosts, statusHosts, modalHosts, tabHosts, tableHosts; shared helpers in hostProps).
 */
import { ButtonGroup } from '@atlaskit/button';
import { ErrorMessage, HelperMessage, RequiredAsterisk, ValidMessage } from '@atlaskit/form';
import { BarChart, LineChart } from './charts';
import { type HostComponent } from './render';
import { UserPicker } from './userPicker';
import { pick } from './hostProps';
import {
  TextfieldHost,
  TextAreaHost,
  SelectHost,
  CheckboxHost,
  DatePickerHost,
  ToggleHost,
  RadioGroupHost,
} from './fieldHosts';
import { ButtonHost, LinkButtonHost, PressableHost } from './buttonHosts';
import {
  BoxHost,
  StackHost,
  InlineHost,
  HeadingHost,
  TextHost,
  StrongHost,
  EmHost,
  StrikeHost,
  LinkHost,
  CodeHost,
  CodeBlockHost,
  ListHost,
  ListItemHost,
  ImageHost,
} from './layoutHosts';
import { FormHost, FormSectionHost, FormHeaderHost, FormFooterHost, LabelHost } from './formHosts';
import {
  LozengeHost,
  BadgeHost,
  TagHost,
  TagGroupHost,
  SectionMessageHost,
  SectionMessageActionHost,
  ProgressBarHost,
  ProgressTrackerHost,
  SpinnerHost,
  EmptyStateHost,
  TooltipHost,
  PopupHost,
} from './statusHosts';
import {
  ModalHost,
  ModalTransitionHost,
  ModalHeaderHost,
  ModalTitleHost,
  ModalBodyHost,
  ModalFooterHost,
} from './modalHosts';
import { TabsHost, TabListHost, TabHost, TabPanelHost } from './tabHosts';
import { DynamicTableHost } from './tableHosts';

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
