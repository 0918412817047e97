using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Keel;

/// <summary>Finds migrations: SQL files in a folder and C# classes in assemblies, merged and ordered by version.</summary>
internal static partial class MigrationSources
{
    private const string DownMarker = "-- keel:down";

    [RequiresUnreferencedCode("C# migrations are discovered by reflection over the assembly's types.")]
    public static IReadOnlyList<MigrationScript> Load(string? directory, IEnumerable<Type> types)
    {
        var scripts = new List<MigrationScript>();
        if (directory is not null)
            scripts.AddRange(FromDirectory(directory));
        scripts.AddRange(FromTypes(types));

        var duplicates = scripts.Where(s => s.Version is not null).GroupBy(s => s.Version).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            throw new MigrationException("Two migrations share a version: " + string.Join("; ", duplicates.Select(g => $"V{g.Key}: {string.Join(", ", g.Select(s => s.Script))}")) +
                ". Give each a version of its own.");
        }

        return [.. scripts.Where(s => s.Version is not null).OrderBy(s => s.Version), .. scripts.Where(s => s.Version is null).OrderBy(s => s.Script, StringComparer.Ordinal)];
    }

    private static IEnumerable<MigrationScript> FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new MigrationException($"The migrations folder '{directory}' does not exist.");
        var files = Directory.GetFiles(directory, "*.sql").Select(Path.GetFileName).OfType<string>().ToList();
        var undo = new Dictionary<long, string>();
        foreach (var file in files)
        {
            var match = FileName().Match(file);
            if (match.Success && match.Groups["kind"].Value == "U")
                undo[long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture)] = File.ReadAllText(Path.Combine(directory, file));
        }

        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var match = FileName().Match(file);
            if (!match.Success)
                throw new MigrationException($"'{file}' is not a migration file name: use V<version>__<description>.sql, U<version>__<description>.sql or R__<description>.sql.");
            var kind = match.Groups["kind"].Value;
            if (kind == "U")
                continue;
            var text = File.ReadAllText(Path.Combine(directory, file));
            var (up, down) = SplitDown(text);
            var description = match.Groups["description"].Value.Replace('_', ' ');
            if (kind == "R")
            {
                yield return new MigrationScript(null, description, MigrationKind.Repeatable, file, Checksum(up), up, null, null, MigrationDirectives.Parse(up, file));
                continue;
            }

            var version = long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            if (down is not null && undo.ContainsKey(version))
                throw new MigrationException($"V{version} has both a '{DownMarker}' part and a U{version} file; keep one.");
            down ??= undo.GetValueOrDefault(version);
            yield return new MigrationScript(version, description, MigrationKind.Sql, file, Checksum(up), up, down, null, MigrationDirectives.Parse(up, file));
        }
    }

    [RequiresUnreferencedCode("C# migrations are discovered by reflection over the assembly's types.")]
    private static IEnumerable<MigrationScript> FromTypes(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is not { } attribute)
                continue;
            if (!typeof(Migration).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
                throw new MigrationException($"{type.FullName} has [Migration] but is not a concrete Migration with a public parameterless constructor.");
            var directives = new MigrationDirectives(
                attribute.HasTransactionOverride ? attribute.Transaction : null,
                attribute.LockTimeoutMilliseconds > 0 ? TimeSpan.FromMilliseconds(attribute.LockTimeoutMilliseconds) : null);
            yield return new MigrationScript(attribute.Version, attribute.Description, MigrationKind.CSharp, type.FullName!, Checksum($"csharp:{type.FullName}:{attribute.Version}"), null, null, type, directives);
        }
    }

    private static (string Up, string? Down) SplitDown(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Equals(DownMarker, StringComparison.OrdinalIgnoreCase))
                return (string.Join('\n', lines[..i]), string.Join('\n', lines[(i + 1)..]));
        }

        return (text, null);
    }

    /// <summary>SHA-256 of the text with line endings normalized, so a checkout on another OS does not look like drift.</summary>
    public static string Checksum(string text)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));

    /// <summary>The highest version among the folder's <c>V</c> files (0 when there are none).</summary>
    public static long HighestFileVersion(string directory)
        => Directory.GetFiles(directory, "V*.sql").Select(f => FileName().Match(Path.GetFileName(f)))
            .Where(m => m.Success && m.Groups["kind"].Value == "V")
            .Select(m => long.Parse(m.Groups["version"].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();

    /// <summary>The next version and a file scaffold for <c>keel migrate new NAME</c>.</summary>
    public static string NewFile(string directory, string name, long nextVersion)
    {
        var slug = Slug().Replace(name.Trim().ToLowerInvariant(), "_").Trim('_');
        if (slug.Length == 0)
            throw new ArgumentException("The migration needs a name made of letters or digits.", nameof(name));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"V{nextVersion:D3}__{slug}.sql");
        File.WriteAllText(path, $"-- {name.Trim()}\n-- keel:lock-timeout 5s\n\n\n{DownMarker}\n\n");
        return path;
    }

    [GeneratedRegex(@"^(?:(?<kind>[VU])(?<version>\d+)|(?<kind>R))__(?<description>.+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    [GeneratedRegex(@"[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
