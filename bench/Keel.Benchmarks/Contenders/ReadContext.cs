using Microsoft.EntityFrameworkCore;

namespace Keel.Benchmarks;

/// <summary>The EF Core model for the read workloads: <see cref="UserRow"/> mapped to <c>users</c>.</summary>
internal sealed class ReadContext(DbContextOptions<ReadContext> options) : DbContext(options)
{
    public DbSet<UserRow> Users => Set<UserRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => UserRowMapping.Map(modelBuilder, "users");
}
