namespace Keel;

/// <summary>
/// The constant text of an include's statement (or of its joins) with marked holes for what changes per call, the
/// key array and the tenant, split once so that each call only lays parameters between the pieces. Immutable.
/// </summary>
internal sealed class IncludeText
{
    /// <summary>Stands for the key array while the text is built; it cannot occur in quoted names or mapped text.</summary>
    public const string KeysHole = "\0keel-keys\0";

    /// <summary>Stands for the tenant while the text is built (once per multi-tenant table the statement reads).</summary>
    public const string TenantHole = "\0keel-tenant\0";

    private readonly string[] _pieces;
    private readonly bool[] _tenantHoles;

    public IncludeText(string text)
    {
        var pieces = new List<string>();
        var holes = new List<bool>();
        var start = 0;
        while (true)
        {
            var keys = text.IndexOf(KeysHole, start, StringComparison.Ordinal);
            var tenant = text.IndexOf(TenantHole, start, StringComparison.Ordinal);
            if (keys < 0 && tenant < 0)
                break;
            var isTenant = keys < 0 || (tenant >= 0 && tenant < keys);
            var at = isTenant ? tenant : keys;
            pieces.Add(text[start..at]);
            holes.Add(isTenant);
            start = at + (isTenant ? TenantHole.Length : KeysHole.Length);
        }

        pieces.Add(text[start..]);
        _pieces = [.. pieces];
        _tenantHoles = [.. holes];
        HasTenant = holes.Contains(true);
    }

    /// <summary>Whether the text reads a multi-tenant table, so filling it needs a tenant.</summary>
    public bool HasTenant { get; }

    /// <summary>The statement with <paramref name="keys"/> (a typed array) and <paramref name="tenant"/> in their holes.</summary>
    public Sql Fill(Array? keys, string? tenant)
    {
        if (_tenantHoles.Length == 0)
            return Sql.Raw(_pieces[0]);
        var parts = new SqlPart[(_pieces.Length * 2) - 1];
        parts[0] = new SqlPart(_pieces[0], null);
        for (var i = 0; i < _tenantHoles.Length; i++)
        {
            SqlValue value = _tenantHoles[i]
                ? new SqlValue<string>(tenant ?? throw new InvalidOperationException("An include over multi-tenant rows was filled without a tenant."))
                : new SqlObjectValue(keys, null);
            parts[(2 * i) + 1] = new SqlPart(null, value);
            parts[(2 * i) + 2] = new SqlPart(_pieces[i + 1], null);
        }

        return Sql.FromParts(parts);
    }
}
