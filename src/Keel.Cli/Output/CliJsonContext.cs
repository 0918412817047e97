using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Cli.Output;

/// <summary>Source-generated JSON for every machine-readable output: no reflection, so the tool can be trimmed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(IReadOnlyList<LintFindingJson>))]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// As <see cref="JsonSerializerContext"/>'s Default, but leaving ', +, ` and non-ASCII text as they are: the output goes
    /// to files and terminals, never into HTML, and lint messages quote SQL.
    /// </summary>
    public static CliJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
