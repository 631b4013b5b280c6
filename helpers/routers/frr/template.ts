// A deliberately tiny template language: {{name}} is replaced by a value; an
// unknown or unused name is an error, so a template and its renderer cannot drift apart.

export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>, templateName: string): string {
  const used = new Set<string>();
  const out = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template ${templateName}: no value for {{${key}}} (values: ${Object.keys(values).join(', ')})`);
    used.add(key);
    return String(values[key]);
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`template ${templateName}: never uses ${unused.map((k) => `{{${k}}}`).join(', ')}`);
  // A value rendered as nothing leaves no blank line behind.
  return out.replace(/^\n/gm, '');
}
