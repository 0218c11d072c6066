// Whether an ICC profile is sRGB by what it does, not by its name: browsers treat an untagged image as sRGB, so an
// embedded sRGB profile changes nothing on screen and can go. Conservative by design: only an RGB display profile
// whose whole colour transform is the matrix/TRC pair (no LUT tags, which colour engines prefer when present), whose
// colorants are sRGB's (as D50-adapted XYZ, ICC.1 annex) and whose three tone curves are the sRGB curve passes.
// Anything else (Display P3, Adobe RGB, a gamma 2.2 curve, a grey or CMYK profile, a truncated file) is kept.
// The name (`desc`) is never trusted: "sRGB" profiles with other colorants exist.

// sRGB's primaries adapted to the D50 profile connection space (IEC 61966-2-1 with the Bradford transform), the values
// the common sRGB profiles (HP/Microsoft's IEC61966-2.1, lcms', libvips', Apple's) carry to four decimals.
const SRGB_COLORANTS: Readonly<Record<string, readonly [number, number, number]>> = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
};
// s15Fixed16 rounding differs between profile writers in the fourth decimal; Display P3's nearest colorant is 0.02 away.
const COLORANT_TOLERANCE = 0.002;
// Half an 8-bit level: a curve within this of sRGB's shows the same pixel values.
const CURVE_TOLERANCE = 0.5 / 255;

// A2B*/B2A* (and the floating-point D2B*/B2D*) transforms take precedence over the matrix/TRC in colour engines.
const LUT_TAG = /^(A2B|B2A|D2B|B2D)[0-3]$/;

/** The sRGB transfer function (decoding direction): encoded value in 0–1 to linear light. */
const srgbCurve = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

interface Tag {
  offset: number;
  size: number;
}

export function isSrgbProfile(icc: Buffer): boolean {
  if (icc.length < 132 || icc.readUInt32BE(0) > icc.length) return false;
  if (icc.toString('latin1', 12, 16) !== 'mntr' || icc.toString('latin1', 16, 20) !== 'RGB ' || icc.toString('latin1', 20, 24) !== 'XYZ ') return false;
  if (icc.toString('latin1', 36, 40) !== 'acsp') return false;
  const tags = tagTable(icc);
  if (!tags || [...tags.keys()].some((signature) => LUT_TAG.test(signature))) return false;
  for (const [signature, expected] of Object.entries(SRGB_COLORANTS)) {
    const xyz = readXyz(icc, tags.get(signature));
    if (!xyz || xyz.some((value, i) => Math.abs(value - expected[i]!) > COLORANT_TOLERANCE)) return false;
  }
  return ['rTRC', 'gTRC', 'bTRC'].every((signature) => isSrgbCurve(icc, tags.get(signature)));
}

function tagTable(icc: Buffer): Map<string, Tag> | undefined {
  const count = icc.readUInt32BE(128);
  if (132 + count * 12 > icc.length) return undefined;
  const tags = new Map<string, Tag>();
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    const offset = icc.readUInt32BE(at + 4);
    const size = icc.readUInt32BE(at + 8);
    if (offset + size > icc.length || size < 8) return undefined;
    tags.set(icc.toString('latin1', at, at + 4), { offset, size });
  }
  return tags;
}

const s15Fixed16 = (icc: Buffer, at: number) => icc.readInt32BE(at) / 65536;

function readXyz(icc: Buffer, tag: Tag | undefined): [number, number, number] | undefined {
  if (!tag || tag.size < 20 || icc.toString('latin1', tag.offset, tag.offset + 4) !== 'XYZ ') return undefined;
  return [0, 1, 2].map((i) => s15Fixed16(icc, tag.offset + 8 + i * 4)) as [number, number, number];
}

/** A `curv` table sampling sRGB's curve, or a `para` function with its parameters, checked at every 8-bit level. */
function isSrgbCurve(icc: Buffer, tag: Tag | undefined): boolean {
  if (!tag) return false;
  const type = icc.toString('latin1', tag.offset, tag.offset + 4);
  const curve = type === 'curv' ? sampledCurve(icc, tag) : type === 'para' ? parametricCurve(icc, tag) : undefined;
  if (!curve) return false;
  for (let level = 0; level <= 255; level++) if (Math.abs(curve(level / 255) - srgbCurve(level / 255)) > CURVE_TOLERANCE) return false;
  return true;
}

function sampledCurve(icc: Buffer, tag: Tag): ((v: number) => number) | undefined {
  const entries = icc.readUInt32BE(tag.offset + 8);
  // 0 entries is the identity and 1 a pure gamma: neither is sRGB's curve, whose linear toe a table needs to show.
  if (entries < 2 || tag.size < 12 + entries * 2) return undefined;
  const sample = (i: number) => icc.readUInt16BE(tag.offset + 12 + i * 2) / 65535;
  return (v) => {
    const position = v * (entries - 1);
    const below = Math.floor(position);
    const above = Math.min(entries - 1, below + 1);
    return sample(below) + (sample(above) - sample(below)) * (position - below);
  };
}

// ICC.1 parametric curve types 0–4: the parameter count of each, then the function they define.
const PARAMETERS = [1, 3, 4, 5, 7];

function parametricCurve(icc: Buffer, tag: Tag): ((v: number) => number) | undefined {
  const kind = icc.readUInt16BE(tag.offset + 8);
  const count = PARAMETERS[kind];
  if (count === undefined || tag.size < 12 + count * 4) return undefined;
  const [g, a = 1, b = 0, c = 1, d = 0, e = 0, f = 0] = Array.from({ length: count }, (_, i) => s15Fixed16(icc, tag.offset + 12 + i * 4));
  const power = (v: number) => {
    const base = a * v + b;
    return base > 0 ? base ** g! : 0;
  };
  switch (kind) {
    case 0:
      return (v) => v ** g!;
    case 1:
      return (v) => (v >= -b / a ? power(v) : 0);
    case 2:
      return (v) => (v >= -b / a ? power(v) + c : c);
    case 3:
      return (v) => (v >= d ? power(v) : c * v);
    default:
      return (v) => (v >= d ? power(v) + e : c * v + f);
  }
}
