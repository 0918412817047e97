using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Keel.Cli.Output;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate lint PATH... [--format text|json|sarif] [--transaction none]</c>. Needs no database.</summary>
internal static class LintCommand
{
    private static readonly MigrationLinter Linter = new();

    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "SQL files, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json", "sarif");
        var transaction = new Option<string>("--transaction")
        {
            Description = "How the scripts will run: in a transaction (each, all) or not (none). A file's own '-- keel:transaction none' also counts.",
            DefaultValueFactory = _ => "each",
        }.AcceptOnlyFromAmong("each", "all", "none");
        var command = new Command("lint", "Check migration scripts for statements that lose data, break running code, fail, or block traffic. Exit 1 on any finding.");
        command.Arguments.Add(paths);
        command.Options.Add(format);
        command.Options.Add(transaction);
        command.SetAction(async (parse, ct) =>
        {
            var forceNone = parse.GetValue(transaction) == "none";
            var files = LintInput.Files(parse.GetValue(paths)!);
            var findings = new List<LintFinding>();
            foreach (var file in files)
            {
                var input = LintInput.Read(file, forceNone);
                findings.AddRange(Linter.Lint(input.UpSql, input.File, new LintContext { InTransaction = input.InTransaction }));
            }

            switch (parse.GetValue(format))
            {
                case "json":
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<LintFindingJson>>(
                        [.. findings.Select(LintFindingJson.From)], CliJsonContext.Readable.IReadOnlyListLintFindingJson)).ConfigureAwait(false);
                    break;
                case "sarif":
                    var log = SarifLog.From(findings, MigrationLinter.Rules, ToolVersion(), UriOf);
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize(log, CliJsonContext.Readable.SarifLog)).ConfigureAwait(false);
                    break;
                default:
                    await PrintAsync(context, findings, files.Count).ConfigureAwait(false);
                    break;
            }

            return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task PrintAsync(CliContext context, List<LintFinding> findings, int fileCount)
    {
        foreach (var finding in findings)
        {
            await context.Out.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
            await context.Out.WriteLineAsync("    safe alternative: " + finding.SafeAlternative).ConfigureAwait(false);
        }

        var errors = findings.Count(f => f.Severity == LintSeverity.Error);
        await context.Out.WriteLineAsync(findings.Count == 0
            ? $"{fileCount} file(s) linted: no findings."
            : $"{fileCount} file(s) linted: {errors} error(s), {findings.Count - errors} warning(s).").ConfigureAwait(false);
    }

    /// <summary>A relative URI when the file is under the current folder (what code-scanning UIs match to the repository), else a file URI.</summary>
    private static string UriOf(string file)
    {
        var full = Path.GetFullPath(file);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return new Uri(full).AbsoluteUri;
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
    }

    private static string ToolVersion()
        => typeof(LintCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
