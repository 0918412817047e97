using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel;

/// <summary>
/// Runs versioned migrations against one database: <c>status</c>, <c>up</c>, <c>down</c>, <c>plan</c>, <c>baseline</c>,
/// <c>repair</c>. One runner at a time (a session-level advisory lock held on a connection of its own), history with
/// SHA-256 checksums validated before every run, transaction modes each/all/none, lock_timeout with retries.
/// </summary>
public sealed partial class MigrationRunner
{
    private const string HistoryTableName = "keel_schema_history";
    private static readonly long LockKey = AdvisoryLockKey.From("keel:migrations");

    private readonly KeelDataSource _keel;
    private readonly ILogger _logger;
    private readonly Sql _history;

    /// <summary>A runner for <paramref name="keel"/>'s database with the given sources and settings.</summary>
    [RequiresUnreferencedCode("C# migrations are discovered by reflection over the assembly's types.")]
    public MigrationRunner(KeelDataSource keel, MigrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(keel);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Directory is null && options.Assemblies.Count == 0 && options.Types.Count == 0)
            throw new ArgumentException("Name a migrations folder (Directory), or assemblies or types with C# migrations.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.LockTimeoutRetries, nameof(options.LockTimeoutRetries));
        SqlIdentifiers.Validate(options.HistorySchema);
        _keel = keel;
        Options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _history = Sql.Identifier(options.HistorySchema, HistoryTableName);
        Migrations = MigrationSources.Load(options.Directory, options.Assemblies.SelectMany(a => a.GetTypes()).Concat(options.Types).Distinct());
    }

    /// <summary>The settings.</summary>
    public MigrationOptions Options { get; }

    /// <summary>Every migration found in the sources, versioned ones by version, then repeatables.</summary>
    public IReadOnlyList<MigrationScript> Migrations { get; }

    /// <summary>What is applied, what is pending, and any drift. Reads only; creates nothing.</summary>
    public async Task<MigrationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var state = new HistoryState(await ReadHistoryAsync(session, cancellationToken).ConfigureAwait(false));
            return new MigrationStatus([.. state.Applied.Values], Pending(state, null), Validate(state), state.Rows);
        }
    }

    /// <summary>
    /// The steps <c>up</c> would run, with their SQL; changes nothing (a dry run). Drift fails it as it would fail
    /// <c>up</c>; see <see cref="Lint(IEnumerable{MigrationScript})"/> for the findings.
    /// </summary>
    /// <exception cref="MigrationValidationException">History does not match the sources.</exception>
    public async Task<IReadOnlyList<MigrationStep>> PlanAsync(long? target = null, CancellationToken cancellationToken = default)
    {
        var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Problems.Count > 0)
            throw new MigrationValidationException(status.Problems);
        return [.. Pending(new HistoryState(status.History), target).Select(m => new MigrationStep(m, "up", ModeOf(m), m.UpSql ?? $"-- C# migration {m.Script}.Up()"))];
    }

    /// <summary>
    /// Creates the next versioned SQL file in <see cref="MigrationOptions.Directory"/> with a scaffold (header, lock
    /// timeout, <c>-- keel:down</c> part) and returns its path.
    /// </summary>
    public string NewMigration(string name)
        => NewMigration(Options.Directory ?? throw new InvalidOperationException("New migrations are SQL files: set MigrationOptions.Directory."), name);

    /// <summary>
    /// Creates the next versioned SQL file in <paramref name="directory"/> (created if missing) without a database:
    /// the version is one above the highest <c>V</c> file there. Returns its path.
    /// </summary>
    public static string NewMigration(string directory, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var next = (Directory.Exists(directory) ? MigrationSources.HighestFileVersion(directory) : 0) + 1;
        return MigrationSources.NewFile(directory, name, next);
    }

    private MigrationTransaction ModeOf(MigrationScript migration) => migration.Directives.Transaction ?? Options.Mode;

    private List<MigrationScript> Pending(HistoryState state, long? target)
    {
        var pending = Migrations.Where(m => m.Version is { } v && !state.IsApplied(v) && (target is null || v <= target)).ToList();
        if (target is null)
        {
            pending.AddRange(Migrations.Where(m => m.Kind == MigrationKind.Repeatable
                && (!state.Repeatables.TryGetValue(m.Script, out var row) || row.Checksum != m.Checksum)));
        }

        return pending;
    }

    private List<string> Validate(HistoryState state)
    {
        var problems = new List<string>();
        var byVersion = Migrations.Where(m => m.Version is not null).ToDictionary(m => m.Version!.Value);
        foreach (var (version, row) in state.Applied)
        {
            if (!byVersion.TryGetValue(version, out var source))
                problems.Add($"V{version} ({row.Script}) is applied but its source is gone. Restore it, or run repair to forget it.");
            else if (source.Checksum != row.Checksum)
                problems.Add($"V{version} ({row.Script}) changed after it was applied (checksum {Short(row.Checksum)} applied, {Short(source.Checksum)} now). Restore it, or run repair to accept the change.");
        }

        foreach (var (version, row) in state.Failed)
        {
            if (byVersion.TryGetValue(version, out var source) && ModeOf(source) == MigrationTransaction.None)
                problems.Add($"V{version} ({row.Script}) failed without a transaction on {row.InstalledOn:u}; part of it may be applied. Check the schema, then run repair.");
        }

        return problems;
    }

    private static string Short(string? checksum) => checksum is null ? "none" : checksum[..Math.Min(12, checksum.Length)];

    private static int Elapsed(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
