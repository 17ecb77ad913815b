/** Everything a CLI command touches outside the core, so commands run the same in tests and in a shell. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks a long-running command (serve, start) to stop. */
  untilStopped: () => Promise<void>;
};

export type GlobalOptions = { data?: string; json?: boolean };
