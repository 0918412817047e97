using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

/// <summary>Seed 000's user repository, as a Keel subclass with domain queries.</summary>
public sealed class UserRepository(KeelDataSource keel) : Repository<User, int>(keel)
{
    public Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
        => Query().Where(u => u.Email == email).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Active users, newest first (users created in one transaction share its time; the later id comes first).</summary>
    public Task<IReadOnlyList<User>> FindActiveUsersAsync(CancellationToken cancellationToken = default)
        => Query().Where(u => u.IsActive).OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id).ToListAsync(cancellationToken);

    public Task<User> UpdateLastLoginAsync(int userId, CancellationToken cancellationToken = default)
        => UpdateAsync(userId, s => s.Set(u => u.LastLoginAt, DateTimeOffset.UtcNow), cancellationToken);

    public Task<long> CountActiveUsersAsync(CancellationToken cancellationToken = default)
        => CountAsync(u => u.IsActive, cancellationToken);

    /// <summary>Raw SQL through the escape hatch: the entity columns, any WHERE.</summary>
    public Task<IReadOnlyList<User>> FindByEmailDomainAsync(string domain, CancellationToken cancellationToken = default)
        => QueryAsync($"SELECT {Columns} FROM {Table} WHERE split_part(email, '@', 2) = {domain} AND deleted_at IS NULL ORDER BY id", cancellationToken);
}
