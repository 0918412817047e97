namespace Keel;

/// <summary>The base of every document repository: binding and running come from <see cref="RepositoryBase"/>.</summary>
public abstract class DocumentRepositoryBase : RepositoryBase
{
    private protected DocumentRepositoryBase(KeelDataSource keel)
        : base(keel)
    {
    }
}
