using System.Globalization;
using System.Text.RegularExpressions;

namespace Keel.Cli.Migrate;

/// <summary>Durations as operators type them: <c>5s</c>, <c>500ms</c>, <c>2min</c>, <c>1h</c>; a bare number is seconds.</summary>
internal static partial class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            return false;
        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        value = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "min" or "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
        return true;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|min|m|h|)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
