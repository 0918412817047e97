namespace Keel;

/// <summary>What includes need of the repository: the maps of the other entities on the same data source.</summary>
public partial class Repository<T, TId>
{
    /// <summary>The entity maps of the data source, where a navigation's target is found.</summary>
    internal EntityStore Store => Keel.Entities;
}
