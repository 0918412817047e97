using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel;

/// <summary>
/// Per-migration settings from header comments: <c>-- keel:transaction none</c>, <c>-- keel:lock-timeout 2s</c>,
/// <c>-- keel:allow rule-id because reason</c> (the allows are the linter's to read).
/// </summary>
internal sealed partial record MigrationDirectives(MigrationTransaction? Transaction, TimeSpan? LockTimeout)
{
    public static MigrationDirectives None { get; } = new(null, null);

    public static MigrationDirectives Parse(string sql, string script)
    {
        MigrationTransaction? transaction = null;
        TimeSpan? lockTimeout = null;
        foreach (Match match in Directive().Matches(sql))
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            var value = match.Groups["value"].Value.Trim();
            switch (name)
            {
                case "transaction":
                    transaction = value.ToLowerInvariant() switch
                    {
                        "none" => MigrationTransaction.None,
                        "each" => MigrationTransaction.Each,
                        "all" => MigrationTransaction.All,
                        _ => throw new MigrationException($"{script}: '-- keel:transaction {value}' is not a transaction mode (use none, each or all)."),
                    };
                    break;
                case "lock-timeout":
                    lockTimeout = ParseDuration(value) ?? throw new MigrationException($"{script}: '-- keel:lock-timeout {value}' is not a duration (e.g. 2s, 500ms, 1min).");
                    break;
                case "allow":
                case "down":
                    break;
                default:
                    throw new MigrationException($"{script}: unknown directive '-- keel:{name}' (known: transaction, lock-timeout, allow, down).");
            }
        }

        return new MigrationDirectives(transaction, lockTimeout);
    }

    internal static TimeSpan? ParseDuration(string text)
    {
        var match = Duration().Match(text);
        if (!match.Success)
            return null;
        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" or "" => TimeSpan.FromSeconds(amount),
            "min" or "m" => TimeSpan.FromMinutes(amount),
            _ => null,
        };
    }

    [GeneratedRegex(@"^\s*--\s*keel:(?<name>[a-z-]+)(?<value>[^\r\n]*)$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|min|m|)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
