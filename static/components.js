// The UI Kit components the preview can draw, each as { create(doc, r) → { dom, update(doc, r), destroy? } }.
// `create` runs once per ForgeDoc element (its key), `update` on every commit with the element's current props.
// Event objects handed to the page's handlers are plain data shaped like UI Kit's (`{ target: { value } }` for a
// Textfield, the option for a Select), as they are after crossing Confluence's bridge: never DOM nodes.
import { drawBarChart, drawLineChart } from './charts.js';
import { syncChildren } from './renderer.js';
import { applyXcss, token } from './tokens.js';

function h(tag, className, attrs = {}) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

function setAttr(el, name, value) {
  if (value === undefined || value === null || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

function textOf(value) {
  return value === undefined || value === null ? '' : String(value);
}

/** What a form field's handler receives: UI Kit sends the field's state across the bridge, not the element. */
function fieldEvent(el, type = 'change') {
  const target = { value: el.value, name: el.name, id: el.id, type: el.type, checked: el.checked };
  return { type, target, currentTarget: target };
}

let generatedIds = 0;
const nextId = (prefix) => `${prefix}-${(generatedIds += 1)}`;

/** An element whose ForgeDoc children go straight into it; `apply` sets what the props say. */
function container(tag, className, apply) {
  return {
    create() {
      const dom = h(tag, className);
      return {
        dom,
        update(doc, r) {
          dom.removeAttribute('style');
          apply?.(dom, doc.props ?? {}, doc, r);
          syncChildren(dom, r.nodes(doc.children));
        },
      };
    },
  };
}

// ---- layout ------------------------------------------------------------------------------------------------------

const ALIGN = { start: 'flex-start', center: 'center', end: 'flex-end', baseline: 'baseline', stretch: 'stretch' };

function layout(dom, props, direction) {
  dom.style.flexDirection = direction;
  if (props.space) dom.style.gap = token(props.space);
  if (props.rowSpace) dom.style.rowGap = token(props.rowSpace);
  const main = direction === 'row' ? props.alignInline : props.alignBlock;
  const cross = direction === 'row' ? props.alignBlock : props.alignInline;
  if (main) dom.style.justifyContent = ALIGN[main] ?? main;
  if (cross) dom.style.alignItems = ALIGN[cross] ?? cross;
  if (props.spread === 'space-between') dom.style.justifyContent = 'space-between';
  if (props.shouldWrap) dom.style.flexWrap = 'wrap';
  if (props.grow === 'fill') dom.style.flexGrow = '1';
  applyXcss(dom, props.xcss);
}

function box(dom, props) {
  for (const name of [
    'padding',
    'paddingBlock',
    'paddingBlockStart',
    'paddingBlockEnd',
    'paddingInline',
    'paddingInlineStart',
    'paddingInlineEnd',
  ]) {
    if (props[name]) dom.style[name] = token(props[name]);
  }
  if (props.backgroundColor) dom.style.backgroundColor = token(props.backgroundColor);
  applyXcss(dom, props.xcss);
}

// ---- text --------------------------------------------------------------------------------------------------------

const HEADING_TAG = {
  xxlarge: 'h1',
  xlarge: 'h1',
  large: 'h2',
  medium: 'h3',
  small: 'h4',
  xsmall: 'h5',
  xxsmall: 'h6',
};

const Heading = {
  create(doc) {
    const props = doc.props ?? {};
    const tag = props.as ?? HEADING_TAG[props.size] ?? 'h2';
    const dom = h(tag, `heading heading-${props.size ?? tag}`);
    return {
      dom,
      update(next, r) {
        setAttr(dom, 'id', next.props?.id);
        if (next.props?.color) dom.style.color = token(next.props.color);
        syncChildren(dom, r.nodes(next.children));
      },
    };
  },
};

const Text = {
  create(doc) {
    const dom = h(
      doc.props?.as === 'span' ? 'span' : doc.props?.as === 'strong' ? 'strong' : doc.props?.as === 'em' ? 'em' : 'p',
      'text',
    );
    return {
      dom,
      update(next, r) {
        const props = next.props ?? {};
        dom.removeAttribute('style');
        dom.className = `text text-${props.size ?? 'medium'}${props.weight ? ` text-weight-${props.weight}` : ''}`;
        if (props.color) dom.style.color = token(props.color);
        if (props.align) dom.style.textAlign = props.align;
        if (props.maxLines) {
          dom.classList.add('text-clamped');
          dom.style.webkitLineClamp = String(props.maxLines);
        }
        syncChildren(dom, r.nodes(next.children));
      },
    };
  },
};

const Link = {
  create() {
    const dom = h('a', 'link');
    let props = {};
    let r = null;
    dom.addEventListener('click', (event) => {
      if (typeof props.onClick === 'function') {
        event.preventDefault();
        r?.call(props.onClick, { type: 'click' });
      }
    });
    return {
      dom,
      update(next, renderer) {
        props = next.props ?? {};
        r = renderer;
        setAttr(dom, 'href', props.href ?? '#');
        setAttr(dom, 'target', props.openNewTab ? '_blank' : undefined);
        setAttr(dom, 'rel', props.openNewTab ? 'noopener noreferrer' : undefined);
        syncChildren(dom, r.nodes(next.children));
      },
    };
  },
};

// ---- buttons -----------------------------------------------------------------------------------------------------

function spinnerDom(size = 'small') {
  const dom = h('span', `spinner spinner-${size}`, { role: 'status', 'aria-label': 'Loading' });
  return dom;
}

function makeButton({ loading = false, pressable = false } = {}) {
  return {
    create() {
      const dom = h('button', pressable ? 'pressable' : 'button');
      const label = h('span', 'button-label');
      dom.append(label);
      let props = {};
      let r = null;
      dom.addEventListener('click', (event) => {
        if (props.isDisabled || (loading && props.isLoading)) {
          event.preventDefault();
          return;
        }
        // A submit button lets the browser submit its form: the Form view calls onSubmit.
        r?.call(props.onClick, { type: 'click', target: { type: dom.type } }, {});
      });
      dom.addEventListener('blur', () => r?.call(props.onBlur, { type: 'blur' }));
      dom.addEventListener('focus', () => r?.call(props.onFocus, { type: 'focus' }));
      return {
        dom,
        update(next, renderer) {
          props = next.props ?? {};
          r = renderer;
          dom.type = props.type ?? 'button';
          if (!pressable) {
            dom.className = `button button-${props.appearance ?? 'default'}${props.spacing === 'compact' ? ' button-compact' : ''}${props.shouldFitContainer ? ' button-fit' : ''}${props.isSelected ? ' button-selected' : ''}`;
          } else {
            dom.removeAttribute('style');
            applyXcss(dom, props.xcss);
          }
          dom.disabled = Boolean(props.isDisabled);
          setAttr(dom, 'aria-label', props.label ?? props['aria-label']);
          setAttr(dom, 'aria-pressed', props.isSelected ? 'true' : undefined);
          const busy = loading && Boolean(props.isLoading);
          setAttr(dom, 'aria-busy', busy ? 'true' : undefined);
          dom.classList.toggle('button-loading', busy);
          syncChildren(label, r.nodes(next.children));
          const spinner = dom.querySelector(':scope > .spinner');
          if (busy && !spinner) dom.append(spinnerDom());
          if (!busy && spinner) spinner.remove();
        },
      };
    },
  };
}

// ---- form fields -------------------------------------------------------------------------------------------------

/**
 * A text input the page controls with `value`: typing must not be undone by a commit still carrying an earlier
 * value, so values this input itself sent are not written back while they are in flight.
 */
function makeTextInput(tag) {
  return {
    create() {
      const wrapper = h('div', tag === 'textarea' ? 'textarea' : 'textfield');
      const input = h(tag, 'field-input');
      wrapper.append(input);
      let props = {};
      let r = null;
      let sent = [];
      let initialised = false;
      input.addEventListener('input', () => {
        sent.push(input.value);
        r?.call(props.onChange, fieldEvent(input));
      });
      input.addEventListener('blur', () => r?.call(props.onBlur, fieldEvent(input, 'blur')));
      input.addEventListener('focus', () => r?.call(props.onFocus, fieldEvent(input, 'focus')));
      return {
        dom: wrapper,
        update(next, renderer) {
          props = next.props ?? {};
          r = renderer;
          if (tag === 'input') input.type = props.type ?? 'text';
          for (const name of [
            'id',
            'name',
            'placeholder',
            'min',
            'max',
            'maxLength',
            'minLength',
            'pattern',
            'aria-labelledby',
            'aria-invalid',
          ]) {
            setAttr(input, name === 'maxLength' ? 'maxlength' : name === 'minLength' ? 'minlength' : name, props[name]);
          }
          if (tag === 'textarea') setAttr(input, 'rows', props.minimumRows ?? 3);
          input.disabled = Boolean(props.isDisabled);
          input.readOnly = Boolean(props.isReadOnly);
          input.required = Boolean(props.isRequired);
          wrapper.classList.toggle('field-invalid', Boolean(props.isInvalid));
          wrapper.classList.toggle('field-disabled', Boolean(props.isDisabled));
          wrapper.classList.toggle('field-compact', Boolean(props.isCompact));
          if (props.width) wrapper.style.maxWidth = typeof props.width === 'number' ? `${props.width}px` : props.width;
          if (props.value !== undefined && props.value !== null) {
            const value = String(props.value);
            const inFlight = sent.indexOf(value);
            if (inFlight >= 0) sent = sent.slice(inFlight + 1);
            else if (input.value !== value) {
              input.value = value;
              sent = [];
            }
          } else if (!initialised && props.defaultValue !== undefined) {
            input.value = String(props.defaultValue);
          }
          if (!initialised && props.autoFocus) queueMicrotask(() => input.focus());
          initialised = true;
        },
      };
    },
  };
}

function optionKey(option) {
  return option && typeof option === 'object' ? JSON.stringify(option.value) : JSON.stringify(option);
}

function flattenOptions(options) {
  const flat = [];
  for (const option of options ?? []) {
    if (option && Array.isArray(option.options))
      flat.push(...option.options.map((inner) => ({ option: inner, group: option.label })));
    else flat.push({ option, group: null });
  }
  return flat;
}

/** UI Kit's Select is react-select; a native select keeps its contract: onChange gets the option (or options). */
const Select = {
  create(doc) {
    return doc.props?.isMulti ? createMultiSelect() : createSingleSelect();
  },
};

function optionElements(flat, isSelected, hide = () => false) {
  const children = [];
  const groups = new Map();
  flat.forEach(({ option, group }, index) => {
    if (hide(option)) return;
    const el = h('option', '', { value: String(index) });
    el.textContent = textOf(option?.label ?? option?.value ?? option);
    el.disabled = Boolean(option?.isDisabled);
    el.selected = isSelected(option, index);
    if (group === null) children.push(el);
    else {
      if (!groups.has(group)) {
        const optgroup = h('optgroup', '', { label: group });
        groups.set(group, optgroup);
        children.push(optgroup);
      }
      groups.get(group).append(el);
    }
  });
  return children;
}

function selectCommon(select, props) {
  setAttr(select, 'id', props.inputId ?? props.id);
  setAttr(select, 'name', props.name);
  setAttr(select, 'aria-label', props['aria-label'] ?? props.label);
  select.disabled = Boolean(props.isDisabled);
}

function createSingleSelect() {
  const select = h('select', 'select');
  let props = {};
  let r = null;
  let flat = [];
  let initialised = false;
  select.addEventListener('change', () => {
    const option = select.value === '' ? null : (flat[Number(select.value)]?.option ?? null);
    r?.call(props.onChange, option, { action: option === null ? 'clear' : 'select-option', name: props.name });
  });
  select.addEventListener('blur', () => r?.call(props.onBlur, { type: 'blur', target: { name: props.name } }));
  select.addEventListener('focus', () => r?.call(props.onFocus, { type: 'focus', target: { name: props.name } }));
  return {
    dom: select,
    update(doc, renderer) {
      props = doc.props ?? {};
      r = renderer;
      flat = flattenOptions(props.options);
      selectCommon(select, props);
      select.classList.toggle('field-invalid', Boolean(props.isInvalid));
      const wanted = props.value !== undefined ? props.value : initialised ? undefined : props.defaultValue;
      const wantedKey = wanted === undefined ? undefined : wanted === null ? null : optionKey(wanted);
      const previous = select.value;
      const placeholder = h('option', '', { value: '' });
      placeholder.textContent = props.placeholder ?? 'Select…';
      placeholder.disabled = !props.isClearable;
      const isSelected = (option, index) =>
        wantedKey === undefined ? previous === String(index) : wantedKey !== null && optionKey(option) === wantedKey;
      syncChildren(select, [placeholder, ...optionElements(flat, isSelected)]);
      if (![...select.options].some((el) => el.selected && el.value !== '')) select.value = '';
      initialised = true;
    },
  };
}

/** Like react-select's multi select: the chosen options as removable tags, and a picker to add one more. */
function createMultiSelect() {
  const dom = h('div', 'select-multi');
  const chosenList = h('div', 'select-multi-values');
  const select = h('select', 'select select-multi-add');
  dom.append(chosenList, select);
  let props = {};
  let r = null;
  let flat = [];
  let local = null;
  const current = () => (props.value !== undefined ? (props.value ?? []) : (local ?? []));
  const change = (next, action) => {
    if (props.value === undefined) local = next;
    r?.call(props.onChange, next, { action, name: props.name });
    r?.rerender();
  };
  select.addEventListener('change', () => {
    const option = flat[Number(select.value)]?.option;
    select.value = '';
    if (option !== undefined) change([...current(), option], 'select-option');
  });
  chosenList.addEventListener('click', (event) => {
    const button = event.target.closest?.('button[data-key]');
    if (button && !props.isDisabled)
      change(
        current().filter((option) => optionKey(option) !== button.dataset.key),
        'remove-value',
      );
  });
  select.addEventListener('blur', () => r?.call(props.onBlur, { type: 'blur', target: { name: props.name } }));
  return {
    dom,
    update(doc, renderer) {
      props = doc.props ?? {};
      r = renderer;
      if (local === null) local = props.defaultValue ?? [];
      flat = flattenOptions(props.options);
      selectCommon(select, props);
      dom.classList.toggle('field-invalid', Boolean(props.isInvalid));
      const chosen = current();
      const chosenKeys = new Set(chosen.map(optionKey));
      syncChildren(
        chosenList,
        chosen.map((option) => {
          const tag = h('span', 'tag');
          const text = h('span', 'tag-text');
          text.textContent = textOf(option?.label ?? option?.value);
          const remove = h('button', 'tag-remove', {
            type: 'button',
            'data-key': optionKey(option),
            'aria-label': `Remove ${textOf(option?.label ?? option?.value)}`,
          });
          remove.textContent = '×';
          tag.append(text, remove);
          return tag;
        }),
      );
      const placeholder = h('option', '', { value: '' });
      placeholder.textContent = chosen.length === 0 ? (props.placeholder ?? 'Select…') : 'Add another…';
      placeholder.selected = true;
      syncChildren(select, [
        placeholder,
        ...optionElements(
          flat,
          () => false,
          (option) => chosenKeys.has(optionKey(option)),
        ),
      ]);
      select.value = '';
    },
  };
}

function makeCheckbox(kind) {
  return {
    create() {
      const dom = h('label', kind);
      const input = h('input', `${kind}-input`, { type: 'checkbox' });
      if (kind === 'toggle') input.setAttribute('role', 'switch');
      const track = h('span', `${kind}-mark`);
      const label = h('span', `${kind}-label`);
      dom.append(input, track, label);
      let props = {};
      let r = null;
      let initialised = false;
      input.addEventListener('change', () => {
        r?.call(props.onChange, fieldEvent(input));
        // Controlled: the page decides; the next commit sets the box back if it did not change its state.
        if (props.isChecked !== undefined) input.checked = Boolean(props.isChecked);
      });
      input.addEventListener('blur', () => r?.call(props.onBlur, fieldEvent(input, 'blur')));
      input.addEventListener('focus', () => r?.call(props.onFocus, fieldEvent(input, 'focus')));
      return {
        dom,
        update(doc, renderer) {
          props = doc.props ?? {};
          r = renderer;
          setAttr(input, 'id', props.id);
          setAttr(input, 'name', props.name);
          setAttr(input, 'value', props.value);
          if (props.isChecked !== undefined) input.checked = Boolean(props.isChecked);
          else if (!initialised && props.defaultChecked !== undefined) input.checked = Boolean(props.defaultChecked);
          input.indeterminate = Boolean(props.isIndeterminate);
          input.disabled = Boolean(props.isDisabled);
          dom.classList.toggle('field-invalid', Boolean(props.isInvalid));
          if (kind === 'toggle') {
            // Atlaskit's Toggle has no visible label: `label` is its accessible name.
            setAttr(input, 'aria-label', props.label);
            dom.classList.toggle('toggle-large', props.size === 'large');
            label.textContent = '';
          } else {
            syncChildren(label, r.prop(props.label, `${doc.key}:label`));
          }
          initialised = true;
        },
      };
    },
  };
}

const RadioGroup = {
  create() {
    const dom = h('div', 'radio-group', { role: 'radiogroup' });
    let props = {};
    let r = null;
    let initialised = false;
    const fallbackName = nextId('radio');
    const rowsByValue = new Map();
    dom.addEventListener('change', (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement)) return;
      r?.call(props.onChange, fieldEvent(input));
      if (props.value !== undefined) sync(props.value);
    });
    function sync(value) {
      for (const input of dom.querySelectorAll('input'))
        input.checked = value !== null && input.value === String(value);
    }
    return {
      dom,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        setAttr(dom, 'aria-labelledby', props['aria-labelledby']);
        const name = props.name ?? fallbackName;
        const previous = dom.querySelector('input:checked')?.value;
        const used = new Set();
        const rows = (props.options ?? []).map((option) => {
          const value = String(option.value);
          used.add(value);
          let row = rowsByValue.get(value);
          if (!row) {
            row = h('label', 'radio');
            row.append(
              h('input', 'radio-input', { type: 'radio', value }),
              h('span', 'radio-mark'),
              h('span', 'radio-label'),
            );
            rowsByValue.set(value, row);
          }
          const input = row.querySelector('input');
          input.name = name;
          input.disabled = Boolean(props.isDisabled || option.isDisabled);
          syncChildren(row.querySelector('.radio-label'), r.prop(option.label, `${doc.key}:${value}`));
          return row;
        });
        for (const value of rowsByValue.keys()) if (!used.has(value)) rowsByValue.delete(value);
        syncChildren(dom, rows);
        if (props.value !== undefined) sync(props.value);
        else if (!initialised && props.defaultValue !== undefined) sync(props.defaultValue);
        else if (previous !== undefined) sync(previous);
        initialised = true;
      },
    };
  },
};

/** UserPicker is a people search in Confluence; here a text field for account ids (comma-separated when multi). */
const UserPicker = {
  create() {
    const dom = h('div', 'user-picker field');
    const label = h('label', 'label');
    const input = h('input', 'field-input', { type: 'text' });
    const wrapper = h('div', 'textfield');
    wrapper.append(input);
    const description = h('div', 'helper-message');
    dom.append(label, wrapper, description);
    const id = nextId('user-picker');
    input.id = id;
    label.htmlFor = id;
    let props = {};
    let r = null;
    let initialised = false;
    input.addEventListener('change', () => {
      const ids = input.value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const users = ids.map((accountId) => ({ id: accountId, type: 'user', name: accountId }));
      r?.call(props.onChange, props.isMulti ? users : (users[0] ?? null));
    });
    return {
      dom,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        label.textContent = textOf(props.label);
        label.hidden = !props.label;
        description.textContent = textOf(props.description);
        description.hidden = !props.description;
        setAttr(input, 'name', props.name);
        setAttr(input, 'placeholder', props.placeholder ?? 'Account id(s), comma-separated');
        input.disabled = Boolean(props.isDisabled);
        if (!initialised && props.defaultValue) {
          const value = props.defaultValue;
          input.value = (Array.isArray(value) ? value : [value])
            .map((user) => (typeof user === 'string' ? user : user.id))
            .join(', ');
        }
        initialised = true;
      },
    };
  },
};

/** Form data as UI Kit's Form hands it over, with the event methods react-hook-form's handleSubmit calls. */
function formData(form) {
  const data = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') data[el.name] = el.checked;
    else if (el.type === 'radio') {
      if (el.checked) data[el.name] = el.value;
    } else data[el.name] = el.value;
  }
  Object.defineProperty(data, 'preventDefault', { value: () => undefined, enumerable: false });
  Object.defineProperty(data, 'persist', { value: () => undefined, enumerable: false });
  return data;
}

const Form = {
  create() {
    const dom = h('form', 'form', { novalidate: '' });
    let props = {};
    let r = null;
    dom.addEventListener('submit', (event) => {
      event.preventDefault();
      r?.call(props.onSubmit, formData(dom));
    });
    return {
      dom,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        setAttr(dom, 'id', props.id);
        syncChildren(dom, r.nodes(doc.children));
      },
    };
  },
};

const FormSection = {
  create() {
    const dom = h('fieldset', 'form-section');
    const title = h('legend', 'form-section-title');
    const description = h('p', 'form-section-description');
    const body = h('div', 'form-section-body');
    dom.append(title, description, body);
    return {
      dom,
      update(doc, r) {
        const props = doc.props ?? {};
        syncChildren(title, r.prop(props.title, `${doc.key}:title`));
        title.hidden = !props.title;
        syncChildren(description, r.prop(props.description, `${doc.key}:description`));
        description.hidden = !props.description;
        syncChildren(body, r.nodes(doc.children));
      },
    };
  },
};

function message(kind, glyph) {
  return {
    create() {
      const dom = h('div', `field-message ${kind}`);
      const icon = h('span', 'field-message-icon', { 'aria-hidden': 'true' });
      icon.textContent = glyph;
      const body = h('span', 'field-message-text');
      dom.append(icon, body);
      return {
        dom,
        update(doc, r) {
          setAttr(dom, 'role', kind === 'error-message' ? 'alert' : undefined);
          syncChildren(body, r.nodes(doc.children));
        },
      };
    },
  };
}

// ---- status ------------------------------------------------------------------------------------------------------

const LOZENGE_APPEARANCES = new Set(['default', 'success', 'removed', 'inprogress', 'new', 'moved']);

const Lozenge = container('span', 'lozenge', (dom, props) => {
  const appearance = LOZENGE_APPEARANCES.has(props.appearance) ? props.appearance : 'default';
  dom.className = `lozenge lozenge-${appearance}${props.isBold ? ' lozenge-bold' : ''}`;
  if (props.maxWidth) dom.style.maxWidth = typeof props.maxWidth === 'number' ? `${props.maxWidth}px` : props.maxWidth;
});

const Badge = {
  create() {
    const dom = h('span', 'badge');
    return {
      dom,
      update(doc, r) {
        const props = doc.props ?? {};
        dom.className = `badge badge-${props.appearance ?? 'default'}`;
        const only =
          doc.children?.length === 1 && doc.children[0]?.type === 'String' ? Number(doc.children[0].props?.text) : NaN;
        const max = props.max ?? 99;
        if (Number.isFinite(only) && max !== false && only > max) dom.textContent = `${max}+`;
        else syncChildren(dom, r.nodes(doc.children));
      },
    };
  },
};

const Tag = {
  create() {
    const dom = h('span', 'tag');
    const text = h('span', 'tag-text');
    const remove = h('button', 'tag-remove', { type: 'button' });
    remove.textContent = '×';
    dom.append(text, remove);
    let props = {};
    let r = null;
    remove.addEventListener('click', () => {
      const proceed = props.onBeforeRemoveAction ? r?.call(props.onBeforeRemoveAction) : true;
      if (proceed === false) return;
      dom.hidden = true;
      r?.call(props.onAfterRemoveAction, textOf(props.text));
    });
    return {
      dom,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        dom.className = `tag tag-${props.color ?? 'standard'}${props.appearance === 'rounded' ? ' tag-rounded' : ''}`;
        text.textContent = textOf(props.text);
        remove.hidden = !props.isRemovable;
        setAttr(remove, 'aria-label', props.removeButtonLabel ?? `Remove ${textOf(props.text)}`);
      },
    };
  },
};

const SECTION_APPEARANCE = { info: 'information', confirmation: 'success', change: 'discovery' };
const SECTION_ICON = { information: 'ℹ', success: '✓', warning: '!', error: '✕', discovery: '★' };

const SectionMessage = {
  create() {
    const dom = h('section', 'section-message');
    const icon = h('span', 'section-message-icon', { 'aria-hidden': 'true' });
    const content = h('div', 'section-message-content');
    const title = h('h2', 'section-message-title');
    const body = h('div', 'section-message-body');
    const actions = h('div', 'section-message-actions');
    content.append(title, body, actions);
    dom.append(icon, content);
    return {
      dom,
      update(doc, r) {
        const props = doc.props ?? {};
        const appearance = SECTION_APPEARANCE[props.appearance] ?? props.appearance ?? 'information';
        dom.className = `section-message section-message-${appearance}`;
        setAttr(dom, 'role', appearance === 'error' || appearance === 'warning' ? 'alert' : 'status');
        icon.textContent = SECTION_ICON[appearance] ?? 'ℹ';
        title.textContent = textOf(props.title);
        title.hidden = !props.title;
        syncChildren(body, r.nodes(doc.children));
        syncChildren(actions, r.prop(props.actions, `${doc.key}:actions`));
        actions.hidden = actions.childNodes.length === 0;
      },
    };
  },
};

const SectionMessageAction = {
  create() {
    const dom = h('button', 'section-message-action', { type: 'button' });
    let props = {};
    let r = null;
    dom.addEventListener('click', () => {
      if (props.href) window.open(props.href, '_blank', 'noopener');
      r?.call(props.onClick, { type: 'click' });
    });
    return {
      dom,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        syncChildren(dom, r.nodes(doc.children));
      },
    };
  },
};

const ProgressBar = {
  create() {
    const dom = h('div', 'progress-bar', { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '1' });
    const fill = h('div', 'progress-bar-fill');
    dom.append(fill);
    return {
      dom,
      update(doc) {
        const props = doc.props ?? {};
        const value = Math.max(0, Math.min(1, Number(props.value ?? 0)));
        dom.className = `progress-bar progress-bar-${props.appearance ?? 'default'}${props.isIndeterminate ? ' progress-bar-indeterminate' : ''}`;
        setAttr(dom, 'aria-valuenow', props.isIndeterminate ? undefined : String(value));
        setAttr(dom, 'aria-label', props.ariaLabel ?? props.label);
        fill.style.width = props.isIndeterminate ? '' : `${value * 100}%`;
      },
    };
  },
};

const ProgressTracker = {
  create() {
    const dom = h('ol', 'progress-tracker');
    let items = [];
    let r = null;
    dom.addEventListener('click', (event) => {
      const step = event.target.closest?.('[data-step]');
      if (!step || !dom.contains(step)) return;
      const item = items[Number(step.dataset.step)];
      if (item && typeof item.onClick === 'function' && item.status === 'visited') r?.call(item.onClick);
    });
    return {
      dom,
      update(doc, renderer) {
        const props = doc.props ?? {};
        r = renderer;
        items = props.items ?? [];
        setAttr(dom, 'aria-label', props.label ?? 'Progress');
        dom.style.gridTemplateColumns = `repeat(${Math.max(1, items.length)}, 1fr)`;
        syncChildren(
          dom,
          items.map((item, index) => {
            const li = h('li', `progress-step progress-step-${item.status ?? 'unvisited'}`);
            setAttr(li, 'aria-current', item.status === 'current' ? 'step' : undefined);
            const bar = h('span', 'progress-step-bar');
            bar.style.setProperty('--complete', `${Math.max(0, Math.min(100, Number(item.percentageComplete ?? 0)))}%`);
            const dot = h('span', 'progress-step-dot', { 'aria-hidden': 'true' });
            const clickable = typeof item.onClick === 'function' && item.status === 'visited';
            const label = h(
              clickable ? 'button' : 'span',
              'progress-step-label',
              clickable ? { type: 'button', 'data-step': String(index) } : {},
            );
            label.textContent = textOf(item.label);
            li.append(bar, dot, label);
            return li;
          }),
        );
      },
    };
  },
};

const Spinner = {
  create() {
    const dom = spinnerDom();
    return {
      dom,
      update(doc) {
        const props = doc.props ?? {};
        dom.className = `spinner spinner-${props.size ?? 'medium'}`;
        setAttr(dom, 'aria-label', props.label ?? 'Loading');
      },
    };
  },
};

const EmptyState = {
  create() {
    const dom = h('div', 'empty-state');
    const header = h('h4', 'empty-state-header');
    const description = h('p', 'empty-state-description');
    const actions = h('div', 'empty-state-actions');
    dom.append(header, description, actions);
    return {
      dom,
      update(doc, r) {
        const props = doc.props ?? {};
        dom.classList.toggle('empty-state-narrow', props.width === 'narrow');
        header.textContent = textOf(props.header);
        syncChildren(description, r.prop(props.description, `${doc.key}:description`));
        description.hidden = !props.description;
        const nodes = [
          ...r.prop(props.primaryAction, `${doc.key}:primary`),
          ...r.prop(props.secondaryAction, `${doc.key}:secondary`),
          ...r.prop(props.tertiaryAction, `${doc.key}:tertiary`),
        ];
        if (props.isLoading) nodes.push(spinnerDom());
        syncChildren(actions, nodes);
        actions.hidden = nodes.length === 0;
      },
    };
  },
};

// ---- modal -------------------------------------------------------------------------------------------------------

const MODAL_WIDTH = { small: '400px', medium: '600px', large: '800px', 'x-large': '968px', fullscreen: '100vw' };

const Modal = {
  create() {
    const backdrop = h('div', 'modal-backdrop');
    const dialog = h('section', 'modal', { role: 'dialog', 'aria-modal': 'true', tabindex: '-1' });
    backdrop.append(dialog);
    let props = {};
    let r = null;
    const close = () => r?.call(props.onClose, { type: 'close' });
    backdrop.addEventListener('mousedown', (event) => {
      if (event.target === backdrop) close();
    });
    const onKey = (event) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    let focused = false;
    return {
      dom: backdrop,
      update(doc, renderer) {
        props = doc.props ?? {};
        r = renderer;
        const width = props.width ?? 'medium';
        dialog.style.width = MODAL_WIDTH[width] ?? (typeof width === 'number' ? `${width}px` : width);
        setAttr(dialog, 'aria-label', props.label ?? props.title);
        syncChildren(dialog, r.nodes(doc.children));
        const title = dialog.querySelector('.modal-title');
        if (title) {
          title.id ||= nextId('modal-title');
          if (!props.label && !props.title) dialog.setAttribute('aria-labelledby', title.id);
        }
        if (!focused && props.autoFocus !== false) {
          focused = true;
          queueMicrotask(() => dialog.focus());
        }
      },
      destroy() {
        document.removeEventListener('keydown', onKey);
      },
    };
  },
};

const ModalHeader = container('div', 'modal-header');
const ModalTitle = container('h1', 'modal-title', (dom, props) => {
  dom.classList.toggle('modal-title-warning', props.appearance === 'warning');
  dom.classList.toggle('modal-title-danger', props.appearance === 'danger');
});
const ModalBody = container('div', 'modal-body');
const ModalFooter = container('div', 'modal-footer');

// ---- tabs --------------------------------------------------------------------------------------------------------

/** Tabs own which tab is shown unless the page controls it with `selected`. */
const Tabs = {
  create(doc) {
    const dom = h('div', 'tabs');
    let props = {};
    let r = null;
    let localSelected = doc.props?.defaultSelected ?? 0;
    dom.addEventListener('click', (event) => {
      const tab = event.target.closest?.('[role=tab]');
      if (!tab || tab.closest('.tabs') !== dom) return;
      const index = Number(tab.dataset.index);
      if (props.selected === undefined) localSelected = index;
      r?.call(props.onChange, index, {});
      r?.rerender();
    });
    dom.addEventListener('keydown', (event) => {
      const tab = event.target.closest?.('[role=tab]');
      if (!tab || tab.closest('.tabs') !== dom || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
      const tabs = [...dom.querySelectorAll(':scope > .tab-list > [role=tab]')];
      const next = tabs[(Number(tab.dataset.index) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next?.focus();
      next?.click();
    });
    return {
      dom,
      update(next, renderer) {
        props = next.props ?? {};
        r = renderer;
        setAttr(dom, 'id', props.id);
        syncChildren(dom, r.nodes(next.children));
        const selected = props.selected ?? localSelected;
        const tabs = [...dom.querySelectorAll(':scope > .tab-list > [role=tab]')];
        const panels = [...dom.querySelectorAll(':scope > [role=tabpanel]')];
        tabs.forEach((tab, index) => {
          tab.dataset.index = String(index);
          tab.setAttribute('aria-selected', String(index === selected));
          tab.tabIndex = index === selected ? 0 : -1;
        });
        panels.forEach((panel, index) => {
          panel.hidden = index !== selected;
          const tab = tabs[index];
          if (tab) {
            tab.id ||= nextId('tab');
            panel.setAttribute('aria-labelledby', tab.id);
          }
        });
      },
    };
  },
};

const TabList = container('div', 'tab-list', (dom) => dom.setAttribute('role', 'tablist'));
const Tab = container('button', 'tab', (dom) => {
  dom.setAttribute('role', 'tab');
  dom.setAttribute('type', 'button');
});
const TabPanel = container('div', 'tab-panel', (dom) => dom.setAttribute('role', 'tabpanel'));

// ---- table -------------------------------------------------------------------------------------------------------

function compareCellKeys(a, b) {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * DynamicTable reaches the host as DynamicTable > ContentWrapper(head) > Cell… and ContentWrapper(rows) > Row > Cell…
 * (see @forge/react's dynamic-table.js); cell and row keys arrive renamed to cellKey and rowKey. Like Atlaskit, it
 * sorts rows by the sorted column's cell keys and pages them itself when given rowsPerPage.
 */
const DynamicTable = {
  create(doc) {
    const dom = h('div', 'dynamic-table');
    const table = h('table', 'table');
    const caption = h('caption', 'table-caption');
    const thead = h('thead');
    const headRow = h('tr');
    thead.append(headRow);
    const tbody = h('tbody');
    table.append(caption, thead, tbody);
    const empty = h('div', 'table-empty');
    const loading = h('div', 'table-loading');
    loading.append(spinnerDom('large'));
    const pagination = h('nav', 'pagination', { 'aria-label': 'Pagination' });
    dom.append(table, empty, loading, pagination);
    let props = {};
    let r = null;
    let localPage = doc.props?.defaultPage ?? 1;
    let localSort = { key: doc.props?.defaultSortKey, order: doc.props?.defaultSortOrder ?? 'ASC' };
    const cellViews = new Map();

    function element(key, tag, className) {
      let el = cellViews.get(key);
      if (!el || el.tagName.toLowerCase() !== tag) {
        el = h(tag, className);
        cellViews.set(key, el);
      }
      return el;
    }

    function setPage(page) {
      if (props.page === undefined) localPage = page;
      r?.call(props.onSetPage, page, {});
      r?.rerender();
    }

    thead.addEventListener('click', (event) => {
      const th = event.target.closest?.('th[data-sort-key]');
      if (!th) return;
      const key = th.dataset.sortKey;
      const current = props.sortKey ?? localSort.key;
      const currentOrder = props.sortOrder ?? localSort.order;
      const order = current === key && currentOrder === 'ASC' ? 'DESC' : 'ASC';
      if (props.sortKey === undefined) localSort = { key, order };
      r?.call(props.onSort, { key, sortOrder: order, item: { key } }, {});
      r?.rerender();
    });
    pagination.addEventListener('click', (event) => {
      const button = event.target.closest?.('button[data-page]');
      if (button && !button.disabled) setPage(Number(button.dataset.page));
    });

    return {
      dom,
      update(next, renderer) {
        props = next.props ?? {};
        r = renderer;
        const wrappers = next.children ?? [];
        const headCells =
          wrappers.find((child) => child.type === 'ContentWrapper' && child.props?.name === 'head')?.children ?? [];
        let rows =
          wrappers.find((child) => child.type === 'ContentWrapper' && child.props?.name === 'rows')?.children ?? [];
        const used = new Set();

        caption.textContent = textOf(props.caption);
        caption.hidden = !props.caption;
        setAttr(table, 'aria-label', props.label);

        const sortKey = props.sortKey ?? localSort.key;
        const sortOrder = props.sortOrder ?? localSort.order ?? 'ASC';
        const sortColumn = headCells.findIndex((cell) => cell.props?.cellKey === sortKey);
        thead.hidden = headCells.length === 0;
        syncChildren(
          headRow,
          headCells.map((cell) => {
            used.add(cell.key);
            const th = element(cell.key, 'th', 'table-head-cell');
            const cellProps = cell.props ?? {};
            if (cellProps.width) th.style.width = `${cellProps.width}%`;
            const sortable = Boolean(cellProps.isSortable) && cellProps.cellKey !== undefined;
            if (sortable) th.dataset.sortKey = String(cellProps.cellKey);
            else delete th.dataset.sortKey;
            th.classList.toggle('sortable', sortable);
            const sorted = sortable && cellProps.cellKey === sortKey;
            setAttr(
              th,
              'aria-sort',
              sorted ? (sortOrder === 'DESC' ? 'descending' : 'ascending') : sortable ? 'none' : undefined,
            );
            syncChildren(th, r.nodes(cell.children));
            return th;
          }),
        );

        if (sortColumn >= 0) {
          const direction = sortOrder === 'DESC' ? -1 : 1;
          rows = [...rows].sort(
            (a, b) =>
              direction *
              compareCellKeys(a.children?.[sortColumn]?.props?.cellKey, b.children?.[sortColumn]?.props?.cellKey),
          );
        }
        const perPage = Number(props.rowsPerPage) || 0;
        const pages = perPage > 0 ? Math.max(1, Math.ceil(rows.length / perPage)) : 1;
        const page = Math.min(Math.max(1, props.page ?? localPage), pages);
        const visible = perPage > 0 ? rows.slice((page - 1) * perPage, page * perPage) : rows;

        syncChildren(
          tbody,
          visible.map((row, index) => {
            used.add(row.key);
            const tr = element(row.key, 'tr', 'table-row');
            const rowIndex = (page - 1) * perPage + index;
            tr.classList.toggle(
              'table-row-highlighted',
              Boolean(row.props?.isHighlighted) || props.highlightedRowIndex === rowIndex,
            );
            syncChildren(
              tr,
              (row.children ?? []).map((cell) => {
                used.add(cell.key);
                const td = element(cell.key, 'td', 'table-cell');
                syncChildren(td, r.nodes(cell.children));
                return td;
              }),
            );
            return tr;
          }),
        );
        for (const key of cellViews.keys()) if (!used.has(key)) cellViews.delete(key);

        const isEmpty = rows.length === 0 && !props.isLoading;
        syncChildren(empty, isEmpty ? r.prop(props.emptyView ?? 'No data', `${next.key}:empty`) : []);
        empty.hidden = !isEmpty;
        loading.hidden = !props.isLoading;
        dom.classList.toggle('dynamic-table-loading', Boolean(props.isLoading));

        const buttons = [];
        if (pages > 1) {
          const button = (label, target, current = false) => {
            const el = h('button', `pagination-button${current ? ' pagination-current' : ''}`, {
              type: 'button',
              'data-page': String(target),
            });
            el.textContent = label;
            el.disabled = target < 1 || target > pages;
            if (current) el.setAttribute('aria-current', 'page');
            if (label === '‹') el.setAttribute('aria-label', 'previous');
            if (label === '›') el.setAttribute('aria-label', 'next');
            return el;
          };
          buttons.push(button('‹', page - 1));
          for (let n = 1; n <= pages; n += 1) {
            if (n === 1 || n === pages || Math.abs(n - page) <= 2) buttons.push(button(String(n), n, n === page));
            else if (Math.abs(n - page) === 3)
              buttons.push(Object.assign(h('span', 'pagination-ellipsis'), { textContent: '…' }));
          }
          buttons.push(button('›', page + 1));
        }
        syncChildren(pagination, buttons);
        pagination.hidden = buttons.length === 0;
      },
    };
  },
};

// ---- charts ------------------------------------------------------------------------------------------------------

function chart(draw) {
  return {
    create() {
      const dom = h('figure', 'chart');
      return {
        dom,
        update(doc) {
          draw(dom, doc.props ?? {});
        },
      };
    },
  };
}

// ---- the rest ----------------------------------------------------------------------------------------------------

const Tooltip = container('span', 'tooltip', (dom, props) =>
  setAttr(dom, 'title', typeof props.content === 'string' ? props.content : undefined),
);

const Image = {
  create() {
    const dom = h('img', 'image');
    return {
      dom,
      update(doc) {
        const props = doc.props ?? {};
        setAttr(dom, 'src', props.src);
        setAttr(dom, 'alt', props.alt ?? '');
        if (props.width) dom.style.width = typeof props.width === 'number' ? `${props.width}px` : props.width;
      },
    };
  },
};

const Icon = {
  create() {
    const dom = h('span', 'icon', { 'aria-hidden': 'true' });
    return {
      dom,
      update(doc) {
        const props = doc.props ?? {};
        dom.textContent = '◆';
        setAttr(dom, 'title', props.glyph);
        setAttr(dom, 'aria-label', props.label);
        if (props.label) dom.removeAttribute('aria-hidden');
      },
    };
  },
};

/** A component the preview does not draw: its children still render, inside a dashed outline naming it. */
export const unknownComponent = {
  create(doc) {
    const dom = h('div', 'unknown-component', { 'data-type': doc.type });
    const label = h('span', 'unknown-component-label');
    label.textContent = doc.type;
    const body = h('div');
    dom.append(label, body);
    return {
      dom,
      update(next, r) {
        syncChildren(body, r.nodes(next.children));
      },
    };
  },
};

const passThrough = container('div', 'pass-through');

export const COMPONENTS = {
  String: {
    create() {
      const dom = document.createTextNode('');
      return {
        dom,
        update(doc) {
          const text = textOf(doc.props?.text);
          if (dom.data !== text) dom.data = text;
        },
      };
    },
  },
  Root: passThrough,
  ContentWrapper: passThrough,
  Stack: container('div', 'stack', (dom, props) => layout(dom, props, 'column')),
  Inline: container('div', 'inline', (dom, props) => {
    layout(dom, props, 'row');
    if (props.separator) dom.dataset.separator = props.separator;
  }),
  Box: container('div', 'box', box),
  Heading,
  Text,
  Strong: container('strong', 'strong'),
  Em: container('em', 'em'),
  Code: container('code', 'code'),
  CodeBlock: {
    create() {
      const dom = h('pre', 'code-block');
      return { dom, update: (doc) => (dom.textContent = textOf(doc.props?.text)) };
    },
  },
  List: container(
    'ul',
    'list',
    (dom, props) => (dom.style.listStyleType = props.type === 'ordered' ? 'decimal' : 'disc'),
  ),
  ListItem: container('li', 'list-item'),
  Link,
  Button: makeButton(),
  LinkButton: makeButton(),
  LoadingButton: makeButton({ loading: true }),
  Pressable: makeButton({ pressable: true }),
  ButtonGroup: container('div', 'button-group', (dom, props) => {
    dom.setAttribute('role', 'group');
    setAttr(dom, 'aria-label', props.label);
  }),
  Textfield: makeTextInput('input'),
  TextArea: makeTextInput('textarea'),
  Select,
  Checkbox: makeCheckbox('checkbox'),
  Toggle: makeCheckbox('toggle'),
  RadioGroup,
  UserPicker,
  Label: container('label', 'label', (dom, props) => setAttr(dom, 'for', props.labelFor)),
  RequiredAsterisk: {
    create() {
      const dom = h('span', 'required-asterisk', { 'aria-hidden': 'true' });
      dom.textContent = '*';
      return { dom, update: () => undefined };
    },
  },
  Form,
  FormHeader: container('div', 'form-header'),
  FormSection,
  FormFooter: container('div', 'form-footer', (dom, props) =>
    dom.classList.toggle('form-footer-start', props.align === 'start'),
  ),
  ErrorMessage: message('error-message', '⚠'),
  HelperMessage: message('helper-message', ''),
  ValidMessage: message('valid-message', '✓'),
  Lozenge,
  Badge,
  Tag,
  TagGroup: container('div', 'tag-group'),
  SectionMessage,
  SectionMessageAction,
  ProgressBar,
  ProgressTracker,
  Spinner,
  EmptyState,
  Modal,
  ModalTransition: passThrough,
  ModalHeader,
  ModalTitle,
  ModalBody,
  ModalFooter,
  Tabs,
  TabList,
  Tab,
  TabPanel,
  DynamicTable,
  LineChart: chart(drawLineChart),
  BarChart: chart(drawBarChart),
  Tooltip,
  Image,
  Icon,
};
