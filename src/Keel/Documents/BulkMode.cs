namespace Keel;

/// <summary>What a bulk insert does with documents whose id already exists.</summary>
public enum BulkMode
{
    /// <summary>Straight COPY into the table: any duplicate fails the whole load and nothing is written.</summary>
    InsertOnly,

    /// <summary>COPY into a temporary table, then insert the new ones (<c>ON CONFLICT DO NOTHING</c>).</summary>
    IgnoreDuplicates,

    /// <summary>COPY into a temporary table, then insert or replace (<c>ON CONFLICT DO UPDATE</c>, version + 1).</summary>
    Overwrite,
}
