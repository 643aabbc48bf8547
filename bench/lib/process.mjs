/** Child processes for the benches, each in its own process group so a time limit stops all of it. */
import { spawn } from 'node:child_process';

/**
 * Runs `command` detached (its own process group) and SIGKILLs the whole group after `timeoutMs`.
 * With `capture`, stdout and stderr are collected; otherwise they are the parent's.
 * @param {string} command
 * @param {string[]} args
 * @param {{ timeoutMs: number, capture?: boolean, env?: NodeJS.ProcessEnv, cwd?: string, onSpawn?: (pid: number) => void }} options
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, timedOut: boolean }>}
 */
export function runLimited(command, args, { timeoutMs, capture = false, env = process.env, cwd, onSpawn }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env,
      cwd,
      detached: true,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone: nothing to stop.
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: String(error), timedOut });
    });
  });
}
