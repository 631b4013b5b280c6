// One problem found in a lab spec or its manifests: the field it is in and what
// is wrong. Every check returns a list of them, so all problems are said at once.
export interface SpecIssue {
  readonly field: string;
  readonly message: string;
}
