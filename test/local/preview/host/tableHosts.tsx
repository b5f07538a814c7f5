/**
 * The preview's host component for UI Kit's DynamicTable, drawn with Atlaskit's dynamic table.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import { type ForgeDoc } from './forgeDoc';
import { renderDocs, renderProp, type HostComponent } from './render';
import { pick, useHandler } from './hostProps';

/**
 * DynamicTable reaches the host as DynamicTable > ContentWrapper(head) > Cell… and ContentWrapper(rows) > Row >
 * Cell… (see @forge/react's dynamic-table.js), cell and row keys renamed cellKey and rowKey; here it becomes the
 * head and rows Atlaskit's DynamicTable takes, which sorts by cell keys and pages by itself.
 */
export const DynamicTableHost: HostComponent = ({ props, doc }) => {
  const onSetPage = useHandler(props.onSetPage);
  const onSort = useHandler(props.onSort);
  const wrapper = (name: string): ForgeDoc[] =>
    doc.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name)?.children ?? [];
  const cell = (node: ForgeDoc) => ({
    ...pick(node.props, ['isSortable', 'width', 'shouldTruncate', 'colSpan']),
    key: (node.props.cellKey ?? node.key) as string | number,
    content: <>{renderDocs(node.children)}</>,
  });
  const headCells = wrapper('head');
  return (
    <DynamicTable
      {...pick(props, [
        'defaultPage',
        'defaultSortKey',
        'defaultSortOrder',
        'highlightedRowIndex',
        'isFixedSize',
        'isLoading',
        'isRankable',
        'label',
        'loadingSpinnerSize',
        'page',
        'rowsPerPage',
        'sortKey',
        'sortOrder',
        'testId',
        'caption',
      ])}
      {...(headCells.length > 0 ? { head: { cells: headCells.map(cell) } } : {})}
      rows={wrapper('rows').map((row) => ({
        key: String(row.props.rowKey ?? row.key),
        ...(row.props.isHighlighted !== undefined ? { isHighlighted: Boolean(row.props.isHighlighted) } : {}),
        cells: row.children.map(cell),
      }))}
      {...(props.emptyView !== undefined ? { emptyView: <>{renderProp(props.emptyView, `${doc.key}:empty`)}</> } : {})}
      {...(onSetPage ? { onSetPage: (page: number) => onSetPage(page) } : {})}
      {...(onSort
        ? {
            onSort: (data: { key: string; sortOrder: string }) =>
              onSort({ key: data.key, sortOrder: data.sortOrder, item: { key: data.key } }),
          }
        : {})}
    />
  );
};
