namespace Keel.Tests.Inheritance;

/// <summary>Maps a hierarchy's root with the layout a test runs against.</summary>
public static class LayoutExtensions
{
    public static EntityOptions<T> Layout<T>(this EntityOptions<T> options, InheritanceStrategy strategy)
        where T : class
        => strategy switch
        {
            InheritanceStrategy.SingleTable => options.SingleTable(),
            InheritanceStrategy.JoinedTables => options.JoinedTables(),
            _ => options.TablePerConcreteType(),
        };
}
