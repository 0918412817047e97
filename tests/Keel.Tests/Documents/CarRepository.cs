namespace Keel.Tests.Documents;

/// <summary>Seed 002's CarRepository with Keel: one repository per aggregate, holding its domain queries.</summary>
public sealed class CarRepository(KeelDataSource keel) : DocumentRepository<Car>(keel)
{
    public Task<IReadOnlyList<Car>> FetchBeforeYearAsync(int year, CancellationToken cancellationToken = default)
        => Query().Where(c => c.Year < year).OrderBy(c => c.Year).ToListAsync(cancellationToken);
}

public sealed class DriverRepository(KeelDataSource keel) : DocumentRepository<Driver, string>(keel)
{
    public Task<Driver?> FetchByEmailAsync(string email, CancellationToken cancellationToken = default)
        => Query().Where(d => d.Email == email).FirstOrDefaultAsync(cancellationToken);
}
