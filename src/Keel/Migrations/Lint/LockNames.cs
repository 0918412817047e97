namespace Keel;

/// <summary>PostgreSQL's spelling of each lock mode, for messages and docs.</summary>
internal static class LockNames
{
    public static string Of(TableLock mode) => mode switch
    {
        TableLock.AccessShare => "ACCESS SHARE",
        TableLock.RowShare => "ROW SHARE",
        TableLock.RowExclusive => "ROW EXCLUSIVE",
        TableLock.ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
        TableLock.Share => "SHARE",
        TableLock.ShareRowExclusive => "SHARE ROW EXCLUSIVE",
        TableLock.Exclusive => "EXCLUSIVE",
        TableLock.AccessExclusive => "ACCESS EXCLUSIVE",
        _ => string.Empty,
    };
}
