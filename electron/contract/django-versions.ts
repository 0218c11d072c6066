// The Django versions whose collectstatic output Porter reproduces. Plain data, without zod, so the renderer can
// import it as it is.

export const DJANGO_VERSIONS = ['3.2', '4.2', '5.2', '6.0', '6.1'] as const;
export type DjangoVersion = (typeof DJANGO_VERSIONS)[number];

/** The newest of them: what Porter reproduces when neither the project nor the user names a version. */
export const NEWEST_DJANGO_VERSION: DjangoVersion = DJANGO_VERSIONS[DJANGO_VERSIONS.length - 1]!;

export function djangoAtLeast(version: DjangoVersion, oldest: DjangoVersion): boolean {
  return DJANGO_VERSIONS.indexOf(version) >= DJANGO_VERSIONS.indexOf(oldest);
}
