using Microsoft.EntityFrameworkCore;

namespace Keel.Benchmarks;

/// <summary>
/// The EF Core model for the insert workload: <see cref="UserRow"/> mapped to <c>new_users</c>. A second context
/// type because EF caches one model per context type, and one CLR type maps to one table per model.
/// </summary>
internal sealed class InsertContext(DbContextOptions<InsertContext> options) : DbContext(options)
{
    public DbSet<UserRow> NewUsers => Set<UserRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => UserRowMapping.Map(modelBuilder, "new_users");
}
