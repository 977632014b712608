import type { PiiKind } from "./placeholders";

/** A stretch of the input a detector found to be personal data; overlaps are resolved in `anonymise`. */
export type DetectedSpan = { kind: PiiKind; start: number; end: number; value: string };
