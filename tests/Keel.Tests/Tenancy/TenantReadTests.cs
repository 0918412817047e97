using Keel.Tests.Repositories;

namespace Keel.Tests.Tenancy;

/// <summary>Every read of a multi-tenant entity sees its own tenant's rows only, even where another tenant has the same key.</summary>
public sealed class TenantReadTests(TenancyFixture db) : IClassFixture<TenancyFixture>
{
    private readonly TenancyData _data = new(db.Keel);

    [Fact]
    public async Task Another_tenants_rows_are_invisible_to_every_read()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann", 10m);
        var bob = await _data.AccountAsync(b, "Bob", 20m);
        var (acme, globex) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));

        Assert.Null(await globex.FindAsync(ann.Id));
        Assert.Equal([bob.Id], (await globex.FindManyAsync([ann.Id, bob.Id])).Select(x => x.Id));
        Assert.False(await globex.ExistsAsync(ann.Id));
        Assert.False(await globex.ExistsAsync(x => x.Email == ann.Email));
        Assert.Equal(1, await globex.CountAsync());
        Assert.Equal(0, await globex.CountAsync(x => x.Name == "Ann"));
        Assert.Empty(await globex.Query().Where(x => x.Name == "Ann").ToListAsync());
        Assert.Null(await globex.Query().Where(x => x.Id == ann.Id).FirstOrDefaultAsync());
        Assert.False(await globex.Query().Where(x => x.Balance == 10m).AnyAsync());
        Assert.Equal([bob.Id], (await globex.Query().IncludeDeleted().ToListAsync()).Select(x => x.Id));
        Assert.Equal(["Bob"], await globex.Query().SelectAsync(x => x.Name));
        Assert.Equal([bob.Id], (await globex.Query().OrderBy(x => x.Name).ToPageAsync(10)).Items.Select(x => x.Id));
        // The tenant's own rows are all there.
        Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
        Assert.Equal(1, await acme.CountAsync());
    }

    [Fact]
    public async Task The_same_key_in_two_tenants_is_two_rows_and_each_tenant_reads_its_own()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann");
        var mirror = await _data.MirrorAsync(b, ann, "Mirror");
        var (acme, globex) = (_data.Accounts.ForTenant(a), _data.Accounts.ForTenant(b));

        Assert.Equal(ann.Id, mirror.Id);
        Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
        Assert.Equal("Mirror", (await globex.FindAsync(ann.Id))!.Name);
        Assert.Equal(["Ann"], (await acme.FindManyAsync([ann.Id, ann.Id])).Select(x => x.Name).Distinct());
        Assert.Equal(["Mirror"], await globex.Query().Where(x => x.Id == ann.Id).SelectAsync(x => x.Name));
    }

    [Fact]
    public async Task Keyset_pages_walk_one_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        for (var i = 0; i < 5; i++)
        {
            await _data.AccountAsync(a, "A" + i, i);
            if (i < 3)
                await _data.AccountAsync(b, "B" + i, i);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _data.Accounts.ForTenant(b).Query().OrderByDescending(x => x.Balance).ToPageAsync(2, cursor);
            seen.AddRange(page.Items.Select(x => x.Name));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["B2", "B1", "B0"], seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Relation_counts_in_a_projection_count_the_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);
        await _data.InvoiceAsync(a, ann, 10m);
        await _data.InvoiceAsync(a, ann, 20m);
        // Tenant b has an account under the same key, with invoices of its own.
        var mirror = await _data.MirrorAsync(b, ann);
        await _data.InvoiceAsync(b, mirror, 99m);
        var label = await _data.Labels.ForTenant(a).InsertAsync(new Label { Name = "vip" });
        await _data.LinkAsync(a, ann.Id, label.Id);
        var otherLabel = await _data.Labels.ForTenant(b).InsertAsync(new Label { Name = "other" });
        await _data.LinkAsync(b, ann.Id, otherLabel.Id);

        using var counter = new CommandCounter();
        var counts = await _data.Accounts.ForTenant(a).Query().Where(x => x.Id == ann.Id)
            .SelectAsync(x => new { x.Id, Invoices = x.Invoices.Count(), Big = x.Invoices.Count(i => i.Total > 15m), Labels = x.Labels.Count(), Any = x.Labels.Any() });

        Assert.Equal(1, counter.Count);
        var only = Assert.Single(counts);
        Assert.Equal((2, 1, 1, true), (only.Invoices, only.Big, only.Labels, only.Any));
        var mirrored = Assert.Single(await _data.Accounts.ForTenant(b).Query().Where(x => x.Id == ann.Id).SelectAsync(x => new { Invoices = x.Invoices.Count(), Labels = x.Labels.Count() }));
        Assert.Equal((1, 1), (mirrored.Invoices, mirrored.Labels));
    }

    [Fact]
    public async Task A_session_opened_for_a_tenant_confines_bound_repositories_and_their_transactions()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a);

        await using var session = await db.Keel.OpenSessionAsync(a);
        Assert.Equal(ann.Email, (await _data.Accounts.In(session).FindAsync(ann.Id))!.Email);
        await using (var other = await db.Keel.OpenSessionAsync(b))
        {
            Assert.Null(await _data.Accounts.In(other).FindAsync(ann.Id));
            Assert.Equal(0, await _data.Accounts.In(other).CountAsync());
        }

        await session.InTransactionAsync(async (tx, ct) =>
        {
            var bound = _data.Accounts.In(tx);
            Assert.Equal(a, bound.Tenant);
            await bound.UpdateAsync(ann.Id, s => s.Set(x => x.Name, "In transaction"), ct);
            return 0;
        });
        Assert.Equal("In transaction", (await _data.Accounts.ForTenant(a).FindAsync(ann.Id))!.Name);
    }

    [Fact]
    public async Task Rows_shared_by_every_tenant_are_read_without_a_tenant()
    {
        var currency = await _data.CurrencyAsync();
        Assert.Equal(currency.Code, (await _data.Currencies.FindAsync(currency.Id))!.Code);
        var (a, _) = TenancyData.Tenants();
        Assert.Equal(currency.Code, (await _data.Currencies.ForTenant(a).FindAsync(currency.Id))!.Code);
    }
}
