// A small reader for untyped manifest objects that records every problem with
// its path ("<file>#<doc> spec.timers.holdTimeSeconds: ...") instead of
// stopping at the first.

export class FieldReader {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string, required = false): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is required');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `expected an object, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string, required = false): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(path, `expected a list, got ${JSON.stringify(value)}`);
      return [];
    }
    return value;
  }

  string(value: unknown, path: string): string | undefined;
  string(value: unknown, path: string, fallback: string): string;
  string(value: unknown, path: string, fallback?: string): string | undefined {
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem(path, 'is required');
      return fallback;
    }
    if (typeof value !== 'string') {
      this.problem(path, `expected a string, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  integer(value: unknown, path: string, fallback: number | undefined, min: number, max: number): number {
    if (value === undefined || value === null) {
      if (fallback === undefined) {
        this.problem(path, 'is required');
        return min;
      }
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(path, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback ?? min;
    }
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(path, `expected true or false, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback?: T): T {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
      return fallback ?? (allowed[0] as T);
    }
    return value as T;
  }

  stringMap(value: unknown, path: string): Record<string, string> {
    const obj = this.object(value, path);
    if (!obj) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v !== 'string') this.problem(`${path}.${k}`, `expected a string, got ${JSON.stringify(v)}`);
      else out[k] = v;
    }
    return out;
  }
}
