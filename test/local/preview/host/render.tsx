/**
 * Draws a ForgeDoc tree with the real Atlaskit components, as Confluence's UI Kit host does. Each ForgeDoc
 * element keeps its `key` across commits, so it is one long-lived React element (focus, caret, an open menu and a
 * table's page survive the page's re-renders). The reconciler mutates the tree in place, so every commit draws the
 * whole tree again: React's diff keeps what did not change.
 */
import React, { createContext, useContext } from 'react';
import { elementToDocs, type ForgeDoc } from './forgeDoc';

/** One UI Kit element as an Atlaskit component: its ForgeDoc props, its children already drawn. */
export type HostComponent = React.ComponentType<{
  props: Record<string, any>;
  doc: ForgeDoc;
  children?: React.ReactNode;
}>;

export interface HostServices {
  /** Calls a handler of the page; a handler that throws or rejects is reported, never swallowed. */
  call<Args extends unknown[]>(handler: unknown, ...args: Args): unknown;
  /** Users of the simulated site for a UserPicker search. */
  searchUsers(query: string): Promise<SiteUserOption[]>;
  /** Users by account id, for a UserPicker's defaultValue. */
  usersById(ids: string[]): Promise<SiteUserOption[]>;
  onRenderError(type: string, error: unknown): void;
}

export interface SiteUserOption {
  id: string;
  name: string;
  email: string;
  avatarUrl: string;
}

const Services = createContext<{ services: HostServices; components: Record<string, HostComponent> } | null>(null);

export function useHost(): HostServices {
  const value = useContext(Services);
  if (!value) throw new Error('A host component was drawn outside the ForgeDoc renderer.');
  return value.services;
}

/** The element types the renderer draws itself; anything else is an unknown component. */
const STRUCTURAL = new Set(['String', 'Root']);

export function ForgeDocRoot(props: {
  doc: ForgeDoc;
  components: Record<string, HostComponent>;
  services: HostServices;
}) {
  return (
    <Services.Provider value={{ services: props.services, components: props.components }}>
      {renderDocs(props.doc.children)}
    </Services.Provider>
  );
}

export function renderDocs(docs: readonly ForgeDoc[] | undefined): React.ReactNode[] {
  return (docs ?? []).map((doc) =>
    doc.type === 'String' ? (
      <React.Fragment key={doc.key}>{String(doc.props.text ?? '')}</React.Fragment>
    ) : (
      <DocNode key={doc.key} doc={doc} />
    ),
  );
}

/** A prop that may hold text or UI Kit elements, drawn like children. */
export function renderProp(value: unknown, keyBase: string): React.ReactNode {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return renderDocs(elementToDocs(value, keyBase));
}

function DocNode({ doc }: { doc: ForgeDoc }) {
  const host = useContext(Services);
  const Component = host?.components[doc.type];
  const children = renderDocs(doc.children);
  if (!Component) {
    if (STRUCTURAL.has(doc.type)) return <>{children}</>;
    return <UnknownComponent type={doc.type}>{children}</UnknownComponent>;
  }
  return (
    <RenderBoundary type={doc.type} onError={(type, error) => host.services.onRenderError(type, error)}>
      <Component props={doc.props ?? {}} doc={doc}>
        {children.length > 0 ? children : undefined}
      </Component>
    </RenderBoundary>
  );
}

/** A UI Kit element the preview cannot draw: its children still show, inside a dashed outline naming it. */
export function UnknownComponent(props: { type: string; children?: React.ReactNode }) {
  return (
    <div className="unknown-component" data-type={props.type}>
      <span className="unknown-component-label">{props.type}</span>
      <div>{props.children}</div>
    </div>
  );
}

/** One element that fails to draw shows where it is and what failed, instead of blanking the page. */
class RenderBoundary extends React.Component<
  { type: string; onError: (type: string, error: unknown) => void; children: React.ReactNode },
  { error: unknown }
> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    this.props.onError(this.props.type, error);
  }

  override render() {
    if (this.state.error) {
      const message = this.state.error instanceof Error ? this.state.error.message : String(this.state.error);
      return (
        <div className="unknown-component render-error" data-type={this.props.type} data-render-error={message}>
          <span className="unknown-component-label">
            {this.props.type}: {message}
          </span>
        </div>
      );
    }
    return this.props.children;
  }
}
