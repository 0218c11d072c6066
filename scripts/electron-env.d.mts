export function electronBinary(): string | null;
export function hasDisplay(): boolean;
export function chromiumSwitches(): string[];
