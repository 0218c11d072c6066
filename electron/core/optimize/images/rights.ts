// Copyright and author survive a strip only when asked (keepCopyright). They are always written back as
// EXIF IFD0 Copyright/Artist, the one rights field sharp can write to every output format (`withExif`), so an
// XMP-only credit (dc:rights, dc:creator) is carried over as EXIF too; the rest of the XMP packet, which often
// holds edit history and locations, is dropped. EXIF text is ASCII: libvips writes "©" as "(C)"; the lossless JPEG
// path, which writes its own EXIF block, stores UTF-8 as most readers expect.
import { readExifFields } from './exif';

export interface Rights {
  copyright?: string;
  artist?: string;
}

export function readRights(exif: Buffer | undefined, xmp: Buffer | undefined): Rights | null {
  const fromExif = readExifFields(exif);
  const xmpText = xmp?.toString('utf8') ?? '';
  const copyright = fromExif.copyright ?? xmpItems(xmpText, 'dc:rights')[0];
  const artist = fromExif.artist ?? (xmpItems(xmpText, 'dc:creator').join('; ') || undefined);
  if (!copyright && !artist) return null;
  return { ...(copyright ? { copyright } : {}), ...(artist ? { artist } : {}) };
}

/** The rdf:li values of one XMP property (dc:rights is an rdf:Alt, dc:creator an rdf:Seq). */
function xmpItems(xmp: string, property: string): string[] {
  const block = new RegExp(`<${property}>([\\s\\S]*?)</${property}>`).exec(xmp)?.[1];
  if (!block) return [];
  return [...block.matchAll(/<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/g)].map((match) => decodeXml(match[1] ?? '').trim()).filter(Boolean);
}

function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
