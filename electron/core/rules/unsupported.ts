// A rule construct Trailview cannot evaluate on command records (a Sigma modifier such as
// `base64offset`, an aggregation `| count()`, a field a command record does not have). The rule is
// then skipped as a whole, and the message names the construct; callers add the file and rule.
export class UnsupportedConstruct extends Error {
  constructor(readonly construct: string, message: string) {
    super(message);
  }
}

/** A mistake in a rule (a value of the wrong type, an unknown selection): the rule cannot be read. */
export class RuleSyntaxError extends Error {
  constructor(message: string, readonly path: ReadonlyArray<string | number> = []) {
    super(message);
  }
}
