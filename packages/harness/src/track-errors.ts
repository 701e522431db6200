// Problems found in a track's files, each pinned to `file:line` so an author can jump to it.
export interface TrackIssue {
  file: string;
  /** 1-based; 1 for problems with a whole file or folder. */
  line: number;
  message: string;
}

export function formatIssue(issue: TrackIssue): string {
  return `${issue.file}:${issue.line}: ${issue.message}`;
}

export class TrackValidationError extends Error {
  override name = "TrackValidationError";
  readonly issues: TrackIssue[];

  constructor(issues: TrackIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.issues = issues;
  }

  /** One `file:line: message` per line. */
  format(): string {
    return this.message;
  }
}
