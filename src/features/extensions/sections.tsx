/** The extension lists: skills, plugins, MCP servers, commands; with their write controls. */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { NeedsOpenwork } from '@/components/needs-openwork';
import { PendingWrite } from '@/components/pending-write';
import { describeError, openwork, type OpenworkCapabilities, type PairedHost } from '@/host';
import { extensionsQuery, type ExtensionItem, type ExtensionKind } from './api';
import { useHostWrite } from './use-host-write';

type Write = ReturnType<typeof useHostWrite>;

export interface SectionProps {
  host: PairedHost;
  capabilities: OpenworkCapabilities | null | undefined;
  /** Called after a successful change (the engine may need a reload to pick it up). */
  onChanged: () => void;
}

function useSectionWrite({ host, capabilities, onChanged }: SectionProps): Write {
  return useHostWrite(host, capabilities?.approvals?.timeoutMs ?? openwork.DEFAULT_APPROVAL_TIMEOUT_MS, onChanged);
}

const LABEL: Record<ExtensionKind, string> = { skills: 'skills', plugins: 'plugins', mcp: 'MCP servers', commands: 'commands' };

/** True when this host lets this token change `kind` (OpenWork, not read-only). */
export function canWrite(host: PairedHost, capabilities: OpenworkCapabilities | null | undefined, kind: ExtensionKind | 'config'): boolean {
  if (host.kind !== 'openwork' || !host.workspaceId || !capabilities) return false;
  return capabilities[kind]?.write !== false;
}

function List({ host, kind, onRemove, onOpen, pending }: { host: PairedHost; kind: ExtensionKind; onRemove?: (item: ExtensionItem) => void; onOpen?: (item: ExtensionItem) => void; pending: boolean }) {
  const list = useQuery(extensionsQuery(host, kind));
  if (list.isPending) return <p className="empty">Loading…</p>;
  if (list.isError)
    return openwork.isRouteMissing(list.error) ? (
      <p className="empty">This host does not offer {LABEL[kind]} (an older OpenWork version).</p>
    ) : (
      <p className="error">Could not list {LABEL[kind]}: {describeError(list.error)}</p>
    );
  if (list.data.length === 0) return <p className="empty">No {LABEL[kind]}.</p>;
  return (
    <ul className="item-list" aria-label={LABEL[kind]}>
      {list.data.map((item) => (
        <li key={item.name} className="item">
          <div className="item-head">
            <strong>{item.name}</strong>
            <small>{[item.scope, item.status].filter(Boolean).join(' · ')}</small>
          </div>
          {item.detail ? <small>{item.detail}</small> : null}
          {onOpen || onRemove ? (
            <div className="row-actions">
              {onOpen ? (
                <button type="button" className="secondary" onClick={() => onOpen(item)} disabled={pending}>
                  Edit
                </button>
              ) : null}
              {onRemove ? (
                <button type="button" className="link-button danger" onClick={() => onRemove(item)} disabled={pending} aria-label={`Remove ${item.name}`}>
                  Remove
                </button>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function WriteState({ write, capabilities }: { write: Write; capabilities: OpenworkCapabilities | null | undefined }) {
  return (
    <>
      {write.pending ? <PendingWrite since={write.since} timeoutMs={capabilities?.approvals?.timeoutMs ?? openwork.DEFAULT_APPROVAL_TIMEOUT_MS} manual={capabilities?.approvals?.mode !== 'auto'} /> : null}
      {write.error ? (
        <p className="error" role="alert">
          {write.error}
        </p>
      ) : null}
    </>
  );
}

function Gate({ host, capabilities, kind, children }: { host: PairedHost; capabilities: OpenworkCapabilities | null | undefined; kind: ExtensionKind; children: ReactNode }) {
  if (canWrite(host, capabilities, kind)) return <>{children}</>;
  return <NeedsOpenwork what={LABEL[kind]} readOnlyHost={host.kind === 'openwork'} />;
}

/** `SKILL.md` for a new skill: frontmatter name and description, then a body to fill in. */
export function skillTemplate(name: string, description: string): string {
  // Plain YAML unless the text would be misread (a ": ", a leading "#", quotes…); then quoted.
  const yaml = /:\s|^[\s#'"[\]{}&*!|>%@`-]|\s$|#/.test(description) ? JSON.stringify(description) : description;
  return `---\nname: ${name}\ndescription: ${yaml}\n---\n\n# ${name}\n\nWhen to use this skill, and the steps to follow.\n`;
}

export function SkillsSection(props: SectionProps) {
  const { host, capabilities } = props;
  const write = useSectionWrite(props);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [editing, setEditing] = useState<{ name: string; content: string }>();
  const [loadError, setLoadError] = useState<string>();
  const id = host.workspaceId ?? '';
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (await write.run(() => openwork.saveSkill(host, id, { name: name.trim(), description: description.trim(), content: skillTemplate(name.trim(), description.trim()) }, capabilities ?? undefined))) {
      setName('');
      setDescription('');
    }
  };
  const open = async (item: ExtensionItem) => {
    setLoadError(undefined);
    try {
      const skill = await openwork.getSkill(host, id, item.name);
      setEditing({ name: item.name, content: skill.content });
    } catch (error) {
      setLoadError(`Could not open ${item.name}: ${describeError(error)}`);
    }
  };
  const writable = canWrite(host, capabilities, 'skills');
  return (
    <Section title="Skills">
      <List host={host} kind="skills" pending={write.pending} {...(writable ? { onOpen: open, onRemove: (item: ExtensionItem) => void write.run(() => openwork.deleteSkill(host, id, item.name, capabilities ?? undefined)) } : {})} />
      {loadError ? <p className="error">{loadError}</p> : null}
      {editing ? (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await write.run(() => openwork.saveSkill(host, id, { name: editing.name, content: editing.content }, capabilities ?? undefined))) setEditing(undefined);
          }}
        >
          <label>
            SKILL.md of {editing.name}
            <textarea className="editor" value={editing.content} onChange={(e) => setEditing({ ...editing, content: e.target.value })} />
          </label>
          <div className="row-actions">
            <button type="submit" disabled={write.pending}>
              Save skill
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <Gate host={host} capabilities={capabilities} kind="skills">
        <form className="inline-form" onSubmit={create} aria-label="New skill">
          <label>
            New skill name (kebab-case)
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="release-notes" required />
          </label>
          <label>
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Write release notes from the git log" required />
          </label>
          <button type="submit" disabled={write.pending}>
            Create skill
          </button>
        </form>
      </Gate>
      <WriteState write={write} capabilities={capabilities} />
    </Section>
  );
}

export function PluginsSection(props: SectionProps) {
  const { host, capabilities } = props;
  const write = useSectionWrite(props);
  const [spec, setSpec] = useState('');
  const id = host.workspaceId ?? '';
  const writable = canWrite(host, capabilities, 'plugins');
  return (
    <Section title="Plugins">
      <List host={host} kind="plugins" pending={write.pending} {...(writable ? { onRemove: (item: ExtensionItem) => void write.run(() => openwork.removePlugin(host, id, item.name, capabilities ?? undefined)) } : {})} />
      <Gate host={host} capabilities={capabilities} kind="plugins">
        <form
          className="inline-form"
          aria-label="Add plugin"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await write.run(() => openwork.addPlugin(host, id, spec.trim(), capabilities ?? undefined))) setSpec('');
          }}
        >
          <label>
            npm package spec
            <input value={spec} onChange={(e) => setSpec(e.target.value)} placeholder="opencode-wakatime@1.2.0" required autoCapitalize="off" />
          </label>
          <button type="submit" disabled={write.pending}>
            Add plugin
          </button>
        </form>
      </Gate>
      <WriteState write={write} capabilities={capabilities} />
    </Section>
  );
}

export function McpSection(props: SectionProps) {
  const { host, capabilities } = props;
  const write = useSectionWrite(props);
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const id = host.workspaceId ?? '';
  const writable = canWrite(host, capabilities, 'mcp');
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = target.trim();
    const config = /^https?:\/\//i.test(value) ? { type: 'remote' as const, url: value } : { type: 'local' as const, command: value.split(/\s+/).filter(Boolean) };
    if (await write.run(() => openwork.addMcpServer(host, id, { name: name.trim(), config }, capabilities ?? undefined))) {
      setName('');
      setTarget('');
    }
  };
  return (
    <Section title="MCP servers">
      <List host={host} kind="mcp" pending={write.pending} {...(writable ? { onRemove: (item: ExtensionItem) => void write.run(() => openwork.removeMcpServer(host, id, item.name, capabilities ?? undefined)) } : {})} />
      <Gate host={host} capabilities={capabilities} kind="mcp">
        <form className="inline-form" aria-label="Add MCP server" onSubmit={add}>
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="github" required autoCapitalize="off" />
          </label>
          <label>
            Command (local) or URL (remote)
            <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="npx -y @modelcontextprotocol/server-github" required autoCapitalize="off" />
          </label>
          <button type="submit" disabled={write.pending}>
            Add MCP server
          </button>
        </form>
      </Gate>
      <WriteState write={write} capabilities={capabilities} />
    </Section>
  );
}

export function CommandsSection(props: SectionProps) {
  const { host, capabilities } = props;
  const write = useSectionWrite(props);
  const empty = { name: '', template: '', description: '' };
  const [form, setForm] = useState(empty);
  const id = host.workspaceId ?? '';
  const writable = canWrite(host, capabilities, 'commands');
  return (
    <Section title="Commands">
      <List
        host={host}
        kind="commands"
        pending={write.pending}
        {...(writable
          ? {
              onOpen: (item: ExtensionItem) => setForm({ name: item.name, template: item.template ?? '', description: item.detail ?? '' }),
              onRemove: (item: ExtensionItem) => void write.run(() => openwork.deleteCommand(host, id, item.name, capabilities ?? undefined)),
            }
          : {})}
      />
      <Gate host={host} capabilities={capabilities} kind="commands">
        <form
          className="inline-form"
          aria-label="Save command"
          onSubmit={async (e) => {
            e.preventDefault();
            const saved = await write.run(() =>
              openwork.saveCommand(host, id, { name: form.name.trim(), template: form.template, ...(form.description.trim() ? { description: form.description.trim() } : {}) }, capabilities ?? undefined),
            );
            if (saved) setForm(empty);
          }}
        >
          <label>
            Command name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="review" required autoCapitalize="off" />
          </label>
          <label>
            Template
            <textarea value={form.template} onChange={(e) => setForm({ ...form, template: e.target.value })} placeholder="Review the changes in $ARGUMENTS" required />
          </label>
          <label>
            Description
            <input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          </label>
          <button type="submit" disabled={write.pending}>
            Save command
          </button>
        </form>
      </Gate>
      <WriteState write={write} capabilities={capabilities} />
    </Section>
  );
}
