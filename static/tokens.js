// Atlassian design tokens the UI Kit props name (space.100, color.text.subtle...), as the CSS values Atlaskit's
// light theme gives them. A token missing here is passed through unchanged, so a gap shows as an unstyled element
// rather than an error.

export const SPACE = {
  'space.0': '0px',
  'space.025': '2px',
  'space.050': '4px',
  'space.075': '6px',
  'space.100': '8px',
  'space.150': '12px',
  'space.200': '16px',
  'space.250': '20px',
  'space.300': '24px',
  'space.400': '32px',
  'space.500': '40px',
  'space.600': '48px',
  'space.800': '64px',
  'space.1000': '80px',
};

export const COLOR = {
  'color.text': '#172B4D',
  'color.text.subtle': '#44546F',
  'color.text.subtlest': '#626F86',
  'color.text.disabled': '#091E424F',
  'color.text.inverse': '#FFFFFF',
  'color.text.brand': '#0C66E4',
  'color.text.selected': '#0C66E4',
  'color.text.danger': '#AE2E24',
  'color.text.warning': '#A54800',
  'color.text.success': '#216E4E',
  'color.text.information': '#0055CC',
  'color.text.discovery': '#5E4DB2',
  'color.link': '#0C66E4',
  'color.icon': '#44546F',
  'color.icon.subtle': '#626F86',
  'color.icon.success': '#22A06B',
  'color.icon.danger': '#C9372C',
  'color.icon.warning': '#E56910',
  'color.icon.information': '#1D7AFC',
  'color.border': '#091E4224',
  'color.border.bold': '#758195',
  'color.border.brand': '#0C66E4',
  'color.border.danger': '#E2483D',
  'color.border.success': '#22A06B',
  'color.border.warning': '#E56910',
  'color.border.input': '#8590A2',
  'color.background.input': '#FFFFFF',
  'color.background.neutral': '#091E420F',
  'color.background.neutral.subtle': 'transparent',
  'color.background.neutral.bold': '#44546F',
  'color.background.selected': '#E9F2FF',
  'color.background.brand.bold': '#0C66E4',
  'color.background.brand.subtlest': '#E9F2FF',
  'color.background.danger': '#FFECEB',
  'color.background.danger.bold': '#C9372C',
  'color.background.warning': '#FFF7D6',
  'color.background.warning.bold': '#F5CD47',
  'color.background.success': '#DCFFF1',
  'color.background.success.bold': '#1F845A',
  'color.background.information': '#E9F2FF',
  'color.background.information.bold': '#0C66E4',
  'color.background.discovery': '#F3F0FF',
  'color.background.discovery.bold': '#6E5DC6',
  'color.background.disabled': '#091E4208',
  'elevation.surface': '#FFFFFF',
  'elevation.surface.raised': '#FFFFFF',
  'elevation.surface.overlay': '#FFFFFF',
  'elevation.surface.sunken': '#F7F8F9',
};

export const RADIUS = {
  'border.radius': '3px',
  'border.radius.050': '2px',
  'border.radius.100': '4px',
  'border.radius.200': '8px',
  'border.radius.300': '12px',
  'border.radius.circle': '50%',
  'border.width': '1px',
  'border.width.0': '0px',
  'border.width.outline': '2px',
  'border.width.indicator': '3px',
};

export const SHADOW = {
  'elevation.shadow.raised': '0px 1px 1px #091E4240, 0px 0px 1px #091E424F',
  'elevation.shadow.overlay': '0px 8px 12px #091E4226, 0px 0px 1px #091E424F',
};

/** The CSS value of a token (or the value itself when it is not a token we know). */
export function token(value) {
  if (typeof value !== 'string') return value;
  return SPACE[value] ?? COLOR[value] ?? RADIUS[value] ?? SHADOW[value] ?? value;
}

/** An xcss object ({ padding: 'space.200', backgroundColor: 'color.background.neutral' }) as inline styles. */
export function applyXcss(el, xcss) {
  if (!xcss || typeof xcss !== 'object') return;
  for (const [property, value] of Object.entries(xcss)) {
    if (value === null || typeof value === 'object') continue; // pseudo-selectors and media queries: not previewed
    el.style[property] = typeof value === 'number' ? `${value}px` : token(value);
  }
}
