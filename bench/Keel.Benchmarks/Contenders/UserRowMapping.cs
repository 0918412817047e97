using Microsoft.EntityFrameworkCore;

namespace Keel.Benchmarks;

/// <summary>Maps <see cref="UserRow"/> to a snake_case table, as an EF Core user would by hand.</summary>
internal static class UserRowMapping
{
    public static void Map(ModelBuilder modelBuilder, string table)
    {
        var user = modelBuilder.Entity<UserRow>();
        user.ToTable(table);
        user.HasKey(u => u.Id);
        // Ids come from the data, not from a sequence.
        user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        user.Property(u => u.Name).HasColumnName("name");
        user.Property(u => u.Email).HasColumnName("email");
        user.Property(u => u.CreatedAt).HasColumnName("created_at");
    }
}
