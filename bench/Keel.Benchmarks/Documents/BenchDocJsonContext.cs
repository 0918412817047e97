using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Benchmarks;

/// <summary>
/// One source-generated serializer for every contender (camelCase, as Keel's default), so W4 compares data layers,
/// not JSON serializers: raw Npgsql and Dapper serialize with it, Keel is registered with <c>.Json(...)</c> on it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BenchDoc))]
internal sealed partial class BenchDocJsonContext : JsonSerializerContext;
