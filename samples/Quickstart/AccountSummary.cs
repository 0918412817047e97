namespace Quickstart;

/// <summary>One row of the invariant query; Keel maps the columns total, accounts and negative by name.</summary>
internal sealed record AccountSummary(decimal Total, long Accounts, long Negative);
