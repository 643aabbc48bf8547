/**
 * Why a write control is not there:
 * - `direct-opencode`: paired with OpenCode itself, whose API offers a browser no such writes;
 * - `read-only-host`: the OpenWork host accepts no writes (`/capabilities` says `write: false`);
 * - `older-host`: the host's version has no route for the change (the v0.7.1 line has no file
 *   routes), so what is shown was read through OpenCode instead.
 */
export type NoWriteReason = 'direct-opencode' | 'read-only-host' | 'older-host';

/** The one sentence for {@link NoWriteReason} about `what` (a plural noun: `files`, `skills`…). */
export function needsOpenworkText(what: string, reason: NoWriteReason): string {
  switch (reason) {
    case 'read-only-host':
      return `This OpenWork host is read-only, so ${what} cannot be changed from here.`;
    case 'older-host':
      return `This host's version has no remote editing of ${what}; reading works through OpenCode.`;
    case 'direct-opencode':
      return `Changing ${what} needs an OpenWork host: a browser has no filesystem, and OpenCode's own API does not offer these writes.`;
  }
}

/** The one line that replaces a write control, saying why (see {@link NoWriteReason}). */
export function NeedsOpenwork({ what, reason }: { what: string; reason: NoWriteReason }) {
  return <p className="needs-openwork">{needsOpenworkText(what, reason)}</p>;
}
