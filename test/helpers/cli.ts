/** Runs the CLI in process with captured output: what the CLI tests assert on. */
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdin` is fed chunk by chunk (none: an empty stdin); `env` and `isTty` are what the CLI sees of its terminal. */
export async function runCliCaptured(
  args: string[],
  options: { stdin?: readonly string[]; env?: Record<string, string>; isTty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stdin: async function* () {
      for (const chunk of options.stdin ?? []) yield Buffer.from(chunk);
    },
    isTty: options.isTty ?? false,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
