import { normalizeSettings, type Settings } from '../../../shared/settings';
import type { Logger } from './logger';

/**
 * Settings per document URI. Pulled through workspace/configuration when the client supports it,
 * otherwise taken from what didChangeConfiguration pushed (Sublime, Helix, older clients). Cached until
 * the configuration changes; a client that fails to answer gets the defaults, never a crash.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: unknown = undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly pull: ((scopeUri: string | undefined) => Promise<unknown>) | undefined,
    private readonly log: Logger,
    private readonly onProblem: (problem: string) => void = () => {},
  ) {}

  get(uri?: string): Promise<Settings> {
    const key = uri ?? '';
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(uri);
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** didChangeConfiguration: forget everything; `settings` is the pushed value (the `grpcDoctor` section or the whole object). */
  changed(pushedSettings?: unknown): void {
    if (pushedSettings !== undefined && pushedSettings !== null) {
      const whole = pushedSettings as Record<string, unknown>;
      this.pushed = typeof whole === 'object' && 'grpcDoctor' in whole ? whole.grpcDoctor : pushedSettings;
    }
    this.cache.clear();
  }

  drop(uri: string): void {
    this.cache.delete(uri);
  }

  private async load(uri: string | undefined): Promise<Settings> {
    let raw: unknown = this.pushed;
    if (this.pull) {
      try {
        // null/undefined: the client has nothing for us (or cannot pull); use what it pushed.
        raw = (await this.pull(uri)) ?? this.pushed;
      } catch (err) {
        this.log.warn(`workspace/configuration failed, using defaults: ${(err as Error)?.message ?? String(err)}`);
        raw = this.pushed;
      }
    }
    const { settings, problems } = normalizeSettings(raw);
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.log.warn(p);
      this.onProblem(p);
    }
    return settings;
  }
}
