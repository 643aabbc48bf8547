/** What global-setup provides to the specs (`inject('appUrl')`, …). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    opencodeUrl: string;
    workspaceDir: string;
  }
}
