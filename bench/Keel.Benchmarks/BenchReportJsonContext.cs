using System.Text.Json.Serialization;

namespace Keel.Benchmarks;

/// <summary>Compile-time JSON for the report (no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchReportJsonContext : JsonSerializerContext;
