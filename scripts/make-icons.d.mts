export function icoFile(images: { size: number; png: Buffer }[]): Buffer;
export function icnsFile(images: { type: string; png: Buffer }[]): Buffer;
export function makeIcons(out?: string): Promise<string>;
