/** The one line that replaces a write control on a direct OpenCode connection or a read-only host. */
export function NeedsOpenwork({ what, readOnlyHost = false }: { what: string; readOnlyHost?: boolean }) {
  return (
    <p className="needs-openwork">
      {readOnlyHost
        ? `This OpenWork host is read-only, so ${what} cannot be changed from here.`
        : `Changing ${what} needs an OpenWork host: a browser has no filesystem, and OpenCode's own API does not offer these writes.`}
    </p>
  );
}
