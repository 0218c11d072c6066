export interface BareImport {
  specifier: string;
  kind: 'import' | 'require';
}
export function bareImports(dir: string): Promise<BareImport[]>;
export function packageOf(specifier: string): string;
