using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Keel.Cli.Output;

/// <summary>The tables the migrate commands print. Cells are plain <see cref="Text"/>: file names and SQL may hold '[' that markup would eat.</summary>
internal static class Tables
{
    public static Table Applied(IEnumerable<HistoryRow> rows)
    {
        var table = New("Version", "Description", "Type", "Installed on", "By", "ms");
        foreach (var row in rows)
            table.AddRow(Cells(Version(row.Version), row.Description, row.Type, row.InstalledOn.ToString("u", CultureInfo.InvariantCulture), row.InstalledBy, row.ExecutionMs.ToString(CultureInfo.InvariantCulture)));
        return table;
    }

    public static Table Pending(IEnumerable<MigrationScript> migrations)
    {
        var table = New("Version", "Description", "Kind", "Script");
        foreach (var m in migrations)
            table.AddRow(Cells(Version(m.Version), m.Description, m.Kind.ToString(), m.Script));
        return table;
    }

    public static Table Steps(IEnumerable<MigrationStep> steps)
    {
        var table = New("Version", "Description", "Direction", "Transaction", "ms");
        foreach (var s in steps)
            table.AddRow(Cells(Version(s.Migration.Version), s.Migration.Description, s.Direction, s.Mode.ToString().ToLowerInvariant(), s.ExecutionMs.ToString(CultureInfo.InvariantCulture)));
        return table;
    }

    public static string Version(long? version) => version is { } v ? "V" + v.ToString(CultureInfo.InvariantCulture) : "R";

    private static Table New(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        return table;
    }

    private static IRenderable[] Cells(params string[] values)
    {
        var cells = new IRenderable[values.Length];
        for (var i = 0; i < values.Length; i++)
            cells[i] = new Text(values[i]);
        return cells;
    }
}
