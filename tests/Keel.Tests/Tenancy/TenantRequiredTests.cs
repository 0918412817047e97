using Keel.Tests.Repositories;

namespace Keel.Tests.Tenancy;

/// <summary>A multi-tenant entity used without a tenant is refused before any command is sent, and the SQL that is sent carries the tenant.</summary>
public sealed class TenantRequiredTests(TenancyFixture db) : IClassFixture<TenancyFixture>
{
    private readonly TenancyData _data = new(db.Keel);

    [Fact]
    public async Task Every_operation_without_a_tenant_throws_TenantRequiredException_and_sends_nothing()
    {
        var (a, _) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var accounts = _data.Accounts;
        var fresh = new Account { Email = "none@example.com", Name = "None" };
        Func<Task>[] operations =
        [
            () => accounts.FindAsync(ann.Id),
            () => accounts.FindManyAsync([ann.Id]),
            () => accounts.ExistsAsync(ann.Id),
            () => accounts.ExistsAsync(x => x.IsActive),
            () => accounts.CountAsync(),
            () => accounts.Query().ToListAsync(),
            () => accounts.Query().OrderBy(x => x.Name).ToPageAsync(5),
            () => accounts.Query().SelectAsync(x => x.Name),
            () => accounts.InsertAsync(fresh),
            () => accounts.UpdateAsync(ann),
            () => accounts.UpdateAsync(ann.Id, s => s.Set(x => x.Name, "x")),
            () => accounts.UpsertAsync(fresh, x => x.Email),
            () => accounts.DeleteAsync(ann.Id),
            () => accounts.DeleteAsync(ann),
            () => accounts.HardDeleteAsync(ann.Id),
            () => accounts.RestoreAsync(ann.Id),
            () => accounts.ExecuteUpdateAsync(x => x.IsActive, s => s.Set(x => x.Name, "x")),
            () => accounts.ExecuteDeleteAsync(x => x.IsActive),
            () => accounts.BulkInsertAsync([fresh]),
            // Shared rows read without a tenant, but not the multi-tenant rows an include or a count reaches.
            () => _data.Currencies.Query().Include(c => c.Invoices).ToListAsync(),
            () => _data.Currencies.Query().SelectAsync(c => new { c.Id, Count = c.Invoices.Count() }),
        ];

        using var counter = new CommandCounter();
        foreach (var operation in operations)
            await Assert.ThrowsAsync<TenantRequiredException>(operation);

        Assert.Equal(0, counter.Count);
        Assert.Equal(1, await _data.StoredAsync("accounts", a));
        Assert.Equal("Ann", (await accounts.ForTenant(a).FindAsync(ann.Id))!.Name);
        var message = (await Assert.ThrowsAsync<TenantRequiredException>(() => accounts.FindAsync(1))).Message;
        Assert.Contains("Account", message, StringComparison.Ordinal);
        Assert.Contains("ForTenant", message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => accounts.ForTenant(" "));
    }

    [Fact]
    public async Task Statements_carry_the_tenant_as_a_parameter()
    {
        var (a, _) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        var accounts = _data.Accounts.ForTenant(a);

        using var counter = new CommandCounter();
        await accounts.FindAsync(ann.Id);
        await accounts.InsertAsync(new Account { Email = $"x-{a}@example.com", Name = "X" });
        ann.Name = "Ann 2";
        await accounts.UpdateAsync(ann);
        await accounts.Query().Where(x => x.IsActive).CountAsync();
        await accounts.UpsertAsync(new Account { Email = ann.Email, Name = "Ann 3" }, x => x.Email);

        Assert.EndsWith("WHERE \"id\" = $1 AND \"tenant_id\" = $2 AND \"deleted_at\" IS NULL", counter.Statements[0], StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"public\".\"accounts\" AS t (\"tenant_id\", \"email\"", counter.Statements[1], StringComparison.Ordinal);
        Assert.Contains("WHERE \"id\" = $5 AND \"version\" = $6 AND \"tenant_id\" = $7 AND \"deleted_at\" IS NULL RETURNING", counter.Statements[2], StringComparison.Ordinal);
        Assert.EndsWith("WHERE \"tenant_id\" = $1 AND \"deleted_at\" IS NULL AND (\"is_active\" = $2)", counter.Statements[3], StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (\"tenant_id\", \"email\") DO UPDATE SET", counter.Statements[4], StringComparison.Ordinal);
        Assert.Contains("WHERE t.\"tenant_id\" = EXCLUDED.\"tenant_id\" RETURNING", counter.Statements[4], StringComparison.Ordinal);
    }
}
