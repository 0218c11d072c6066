// How `porter check` and `porter collect` word a template check.
import type { TemplateCheck } from '../contract/porter';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One line: what was read and what was found. */
export function templateSummaryLine(check: TemplateCheck): string {
  let line = `Templates: ${plural(check.templates, 'template', 'templates')} read, ${plural(check.literalTags, '{% static %} path', '{% static %} paths')} checked`;
  if (check.unknown.length) line += ` (${check.unknown.length} with a variable, not checked)`;
  line += check.missing.length ? `; ${plural(check.missing.length, 'names no collected file', 'name no collected file')}` : '; every one names a collected file';
  line += `; ${plural(check.unreferenced.length, 'collected file', 'collected files')} no template, CSS or JS names.`;
  return line;
}

/** Each missing name where the template says it, as an editor's `file:line:` jumps to it. */
export function missingLines(check: TemplateCheck): string[] {
  return check.missing.map((tag) => `  ${tag.file}:${tag.line}: ${tag.tag} names '${tag.name}', which is not collected (with ManifestStaticFilesStorage the page fails to render).`);
}
