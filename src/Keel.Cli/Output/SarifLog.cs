using System.Text.Json.Serialization;

namespace Keel.Cli.Output;

/// <summary>
/// A SARIF 2.1.0 log of lint findings — the format code-scanning UIs import, so findings show up on the pull request's
/// lines. Only the properties those readers use are written.
/// </summary>
internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifLog.Run> Runs)
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static SarifLog From(IReadOnlyList<LintFinding> findings, IReadOnlyList<LintRule> rules, string toolVersion, Func<string, string> uriOf)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
            index[rules[i].Id] = i;
        var descriptors = rules.Select(r => new Rule(r.Id, new Text(r.Title), new Text(r.SafeAlternative), new Configuration(LintFindingJson.SeverityName(r.Severity)))).ToList();
        var results = findings.Select(f => new Result(
            f.Rule,
            index.TryGetValue(f.Rule, out var at) ? at : null,
            LintFindingJson.SeverityName(f.Severity),
            new Text(f.Message + " Safe alternative: " + f.SafeAlternative),
            [new Location(new PhysicalLocation(new ArtifactLocation(uriOf(f.File)), new Region(f.Line, f.Column)))])).ToList();
        return new SarifLog(SchemaUri, "2.1.0", [new Run(new Tool(new Driver("keel", toolVersion, descriptors)), results)]);
    }

    internal sealed record Run(Tool Tool, IReadOnlyList<Result> Results);

    internal sealed record Tool(Driver Driver);

    internal sealed record Driver(string Name, string SemanticVersion, IReadOnlyList<Rule> Rules);

    internal sealed record Rule(string Id, Text ShortDescription, Text Help, Configuration DefaultConfiguration);

    internal sealed record Configuration(string Level);

    internal sealed record Result(string RuleId, int? RuleIndex, string Level, Text Message, IReadOnlyList<Location> Locations);

    internal sealed record Text([property: JsonPropertyName("text")] string Value);

    internal sealed record Location(PhysicalLocation PhysicalLocation);

    internal sealed record PhysicalLocation(ArtifactLocation ArtifactLocation, Region Region);

    internal sealed record ArtifactLocation(string Uri);

    internal sealed record Region(int StartLine, int StartColumn);
}
