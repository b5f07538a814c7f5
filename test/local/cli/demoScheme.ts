/** The scheme `demo` saves and the browser preview shows: its own module, so the preview need not import the CLI. */
export const DEMO_SCHEME = {
  name: 'Inactive for 90 days',
  mode: 'test',
  filter: { inactiveDays: 90 },
  actions: [{ type: 'removeAccess' }],
} as const;
