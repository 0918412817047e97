namespace Keel.Benchmarks;

/// <summary>Where the numbers were measured.</summary>
internal sealed record MachineInfo(int ProcessorCount, string Os, string DotNet, string PostgreSql, string PostgreSqlFsync);
