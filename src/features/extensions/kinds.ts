/**
 * What differs between the four extension sections (skills, plugins, MCP servers, commands), as
 * data: one description per kind drives the one `<ExtensionSection kind=…>`.
 */
import { ROUTE_KEYS, type OpenworkCapabilities, type PairedHost } from '@/host';
import { isOpenwork, type ExtensionItem, type ExtensionKind, type ExtensionSave } from './api';

/** One field of a create/edit form; its value is `values[key]`. */
export interface FieldSpec {
  key: string;
  label: string;
  placeholder?: string;
  required?: boolean;
  /** A textarea instead of a one-line input. */
  multiline?: boolean;
  /** `off` for names, specs and commands the phone keyboard must not capitalise. */
  autoCapitalize?: 'off';
}

/** A form's values by field key. */
export type FormValues = Record<string, string>;

/** How one row of a list reads: the name, a small line of where/state, and a detail line. */
export interface RowView {
  title: string;
  meta: string;
  detail?: string;
}

/** Everything that makes one kind's section what it is. */
export interface ExtensionKindSpec<K extends ExtensionKind> {
  /** The section heading. */
  title: string;
  /** Lower-case plural: the list's name, and the "No …" / "Could not list …" / "does not offer …" lines. */
  label: string;
  /** The noun of the line shown instead of the form where writes are impossible: direct OpenCode (which shows the list read-only) or a read-only OpenWork host. */
  readOnlyWhat: string;
  /** The `/capabilities` block whose `write: false` turns the form and row actions off. */
  capability: keyof OpenworkCapabilities & ExtensionKind;
  row: (item: ExtensionItem) => RowView;
  /** The create (or replace) form; `toSave` gives the variables of the kind's write mutation. */
  form: {
    name: string;
    submit: string;
    fields: FieldSpec[];
    toSave: (values: FormValues) => Extract<ExtensionSave, { kind: K }>;
  };
  /**
   * When the host's version may lack the remove route (skills on the v0.7.1 line): the route's
   * key in the host's route memory, the line shown instead of Remove once the host said it lacks
   * it, and what a remove that met the missing route says.
   */
  removeRoute?: { key: string; unavailable: string; failed: (name: string) => string };
  /**
   * "Edit" on a row, when the kind has it: `prefill` copies the row into the form; `document`
   * opens the entry's file (SKILL.md) in an editor and saves it whole.
   */
  edit?:
    | { mode: 'prefill'; values: (item: ExtensionItem) => FormValues }
    | {
        mode: 'document';
        label: (name: string) => string;
        submit: string;
        toSave: (name: string, content: string) => Extract<ExtensionSave, { kind: K }>;
      };
}

/** The usual row: name, then scope · status, then the detail. */
const row = (item: ExtensionItem): RowView => ({
  title: item.name,
  meta: [item.scope, item.status].filter(Boolean).join(' · '),
  ...(item.detail ? { detail: item.detail } : {}),
});

/** `values[key]` trimmed ('' when absent). */
const trimmed = (values: FormValues, key: string): string => (values[key] ?? '').trim();

/** `SKILL.md` for a new skill: frontmatter name and description, then a body to fill in. */
export function skillTemplate(name: string, description: string): string {
  // Plain YAML unless the text would be misread (a ": ", a leading "#", quotes…); then quoted.
  const yaml = /:\s|^[\s#'"[\]{}&*!|>%@`-]|\s$|#/.test(description) ? JSON.stringify(description) : description;
  return `---\nname: ${name}\ndescription: ${yaml}\n---\n\n# ${name}\n\nWhen to use this skill, and the steps to follow.\n`;
}

/** An MCP server from what the user typed: a URL is a remote server, anything else a local command line. */
export function mcpConfig(target: string): Extract<ExtensionSave, { kind: 'mcp' }>['config'] {
  const value = target.trim();
  return /^https?:\/\//i.test(value)
    ? { type: 'remote', url: value }
    : { type: 'local', command: value.split(/\s+/).filter(Boolean) };
}

/** The four sections, in screen order. */
export const EXTENSION_KINDS: { [K in ExtensionKind]: ExtensionKindSpec<K> } = {
  skills: {
    title: 'Skills',
    label: 'skills',
    readOnlyWhat: 'skills',
    capability: 'skills',
    row,
    form: {
      name: 'New skill',
      submit: 'Create skill',
      fields: [
        { key: 'name', label: 'New skill name (kebab-case)', placeholder: 'release-notes', required: true },
        {
          key: 'description',
          label: 'Description',
          placeholder: 'Write release notes from the git log',
          required: true,
        },
      ],
      toSave: (v) => ({
        kind: 'skills',
        name: trimmed(v, 'name'),
        description: trimmed(v, 'description'),
        content: skillTemplate(trimmed(v, 'name'), trimmed(v, 'description')),
      }),
    },
    removeRoute: {
      key: ROUTE_KEYS.deleteSkill,
      unavailable:
        "This host's version cannot remove skills from here: delete a skill's folder (the one holding its SKILL.md) on the host instead.",
      failed: (name) =>
        `Not removed: this host's version cannot remove skills from here. To remove ${name}, delete its folder (the one holding its SKILL.md) on the host.`,
    },
    edit: {
      mode: 'document',
      label: (name) => `SKILL.md of ${name}`,
      submit: 'Save skill',
      toSave: (name, content) => ({ kind: 'skills', name, content }),
    },
  },
  plugins: {
    title: 'Plugins',
    label: 'plugins',
    readOnlyWhat: 'plugins',
    capability: 'plugins',
    row,
    form: {
      name: 'Add plugin',
      submit: 'Add plugin',
      fields: [
        {
          key: 'spec',
          label: 'npm package spec',
          placeholder: 'opencode-wakatime@1.2.0',
          required: true,
          autoCapitalize: 'off',
        },
      ],
      toSave: (v) => ({ kind: 'plugins', spec: trimmed(v, 'spec') }),
    },
  },
  mcp: {
    title: 'MCP servers',
    label: 'MCP servers',
    readOnlyWhat: 'MCP servers',
    capability: 'mcp',
    row,
    form: {
      name: 'Add MCP server',
      submit: 'Add MCP server',
      fields: [
        { key: 'name', label: 'Name', placeholder: 'github', required: true, autoCapitalize: 'off' },
        {
          key: 'target',
          label: 'Command (local) or URL (remote)',
          placeholder: 'npx -y @modelcontextprotocol/server-github',
          required: true,
          autoCapitalize: 'off',
        },
      ],
      toSave: (v) => ({ kind: 'mcp', name: trimmed(v, 'name'), config: mcpConfig(v.target ?? '') }),
    },
  },
  commands: {
    title: 'Commands',
    label: 'commands',
    readOnlyWhat: 'commands',
    capability: 'commands',
    row,
    form: {
      name: 'Save command',
      submit: 'Save command',
      fields: [
        { key: 'name', label: 'Command name', placeholder: 'review', required: true, autoCapitalize: 'off' },
        {
          key: 'template',
          label: 'Template',
          placeholder: 'Review the changes in $ARGUMENTS',
          required: true,
          multiline: true,
        },
        { key: 'description', label: 'Description' },
      ],
      toSave: (v) => ({
        kind: 'commands',
        name: trimmed(v, 'name'),
        template: v.template ?? '',
        ...(trimmed(v, 'description') ? { description: trimmed(v, 'description') } : {}),
      }),
    },
    edit: {
      mode: 'prefill',
      values: (item) => ({ name: item.name, template: item.template ?? '', description: item.detail ?? '' }),
    },
  },
};

/** Empty values for every field of a form. */
export function emptyValues(fields: FieldSpec[]): FormValues {
  return Object.fromEntries(fields.map((field) => [field.key, '']));
}

/** True when this host lets this token change the `capability` block (an OpenWork workspace whose capabilities do not say `write: false`). */
export function canWrite(
  host: PairedHost,
  capabilities: OpenworkCapabilities | null | undefined,
  capability: keyof OpenworkCapabilities & ExtensionKind,
): boolean {
  return isOpenwork(host) && Boolean(capabilities) && capabilities?.[capability]?.write !== false;
}
