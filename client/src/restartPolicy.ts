/** Pure crash-restart bookkeeping for the language client (no `vscode` import). */
export class RestartPolicy {
  private readonly crashes: number[] = [];
  constructor(
    private readonly maxRestarts = 5,
    private readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now`; true when the server should be restarted (fewer than maxRestarts within the window). */
  shouldRestart(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts;
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes.length = 0;
  }
}
