using System.Text.RegularExpressions;

namespace Keel.Cli.Migrate;

/// <summary>One file to lint: its up part (what the runner lints before it runs) and whether it runs in a transaction.</summary>
internal sealed partial record LintInput(string File, string UpSql, bool InTransaction)
{
    private const string DownMarker = "-- keel:down";

    /// <summary>
    /// The .sql files named by <paramref name="paths"/> (folders: their .sql files, sorted). U files are down scripts —
    /// their DROPs are the point — so a folder's are skipped; one named on its own is linted.
    /// </summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (System.IO.File.Exists(path))
                files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.GetFiles(path, "*.sql").Where(f => !UndoFile().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal));
            else
                throw new UsageException($"'{path}' is neither a file nor a folder.");
        }

        return files;
    }

    /// <summary>Reads <paramref name="file"/>; it runs without a transaction when <paramref name="forceNone"/> or its own directive says so.</summary>
    public static LintInput Read(string file, bool forceNone)
    {
        var text = System.IO.File.ReadAllText(file);

        // Only the up part runs on 'up'; cutting at the marker keeps line numbers unchanged.
        var lines = text.Split('\n');
        var down = Array.FindIndex(lines, l => l.Trim().Equals(DownMarker, StringComparison.OrdinalIgnoreCase));
        var up = down < 0 ? text : string.Join('\n', lines[..down]);
        var directive = TransactionDirective().Match(up);
        var none = forceNone || (directive.Success && directive.Groups["mode"].Value.Equals("none", StringComparison.OrdinalIgnoreCase));
        return new LintInput(file, up, !none);
    }

    [GeneratedRegex(@"^U\d+__.+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex UndoFile();

    [GeneratedRegex(@"^\s*--\s*keel:transaction\s+(?<mode>[a-z]+)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TransactionDirective();
}
