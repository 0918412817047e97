using Keel.Tests.Repositories;

namespace Keel.Tests.Tenancy;

/// <summary>
/// Includes read each multi-tenant level for the query's tenant, still one command per level; each test gives the
/// other tenant rows under the same keys, which an include that forgot the tenant would stitch in.
/// </summary>
public sealed class TenantIncludeTests(TenancyFixture db) : IClassFixture<TenancyFixture>
{
    private readonly TenancyData _data = new(db.Keel);

    [Fact]
    public async Task Collection_and_nested_includes_load_the_tenants_rows_with_one_command_per_level()
    {
        var (a, b, ann, mirror) = await TwoTenantsAsync();
        var first = await _data.InvoiceAsync(a, ann, 10m);
        var second = await _data.InvoiceAsync(a, ann, 20m);
        await LineAsync(a, first, "a-1");
        await LineAsync(a, second, "a-2");
        // Tenant b: an invoice under the same account key, and a line under the same invoice key as tenant a's.
        var theirs = await _data.InvoiceAsync(b, mirror, 99m, first.Id);
        await LineAsync(b, theirs, "b-1");

        using var counter = new CommandCounter();
        var accounts = await _data.Accounts.ForTenant(a).Query().Where(x => x.Id == ann.Id)
            .Include(x => x.Invoices).ThenInclude(i => i.Lines)
            .ToListAsync();

        Assert.Equal(3, counter.Count);
        Assert.All(counter.Statements.Skip(1), s => Assert.Contains("t.\"tenant_id\" = $2", s, StringComparison.Ordinal));
        var account = Assert.Single(accounts);
        Assert.Equal([10m, 20m], account.Invoices.Select(i => i.Total).Order());
        Assert.Equal(["a-1", "a-2"], account.Invoices.SelectMany(i => i.Lines).Select(l => l.Description).Order());

        var mirrored = Assert.Single(await _data.Accounts.ForTenant(b).Query().Where(x => x.Id == ann.Id).Include(x => x.Invoices).ThenInclude(i => i.Lines).ToListAsync());
        Assert.Equal(["b-1"], mirrored.Invoices.SelectMany(i => i.Lines).Select(l => l.Description));
    }

    [Fact]
    public async Task To_one_includes_split_or_joined_read_the_tenants_row()
    {
        var (a, b, ann, _) = await TwoTenantsAsync();
        var invoice = await _data.InvoiceAsync(a, ann, 10m);
        await _data.Billings.ForTenant(a).InsertAsync(new Billing { AccountId = ann.Id, Iban = "A-IBAN" });
        var bobs = await _data.Billings.ForTenant(b).InsertAsync(new Billing { AccountId = ann.Id, Iban = "B-IBAN" });

        foreach (var strategy in new[] { IncludeStrategy.Split, IncludeStrategy.Join })
        {
            using var counter = new CommandCounter();
            var loaded = Assert.Single(await _data.Invoices.ForTenant(a).Query().Where(i => i.Id == invoice.Id)
                .Include(i => i.Account, strategy).ThenInclude(x => x!.Billing)
                .Include(i => i.Currency, strategy)
                .ToListAsync());

            Assert.Equal(strategy == IncludeStrategy.Split ? 4 : 2, counter.Count);
            Assert.Equal("Ann", loaded.Account!.Name);
            Assert.Equal("A-IBAN", loaded.Account.Billing!.Iban);
            Assert.NotNull(loaded.Currency);
        }

        // Tenant b's billing row under the same account key belongs to its own account only.
        var mirrored = Assert.Single(await _data.Accounts.ForTenant(b).Query().Where(x => x.Id == ann.Id).Include(x => x.Billing).ToListAsync());
        Assert.Equal(bobs.Id, mirrored.Billing!.Id);
    }

    [Fact]
    public async Task Many_to_many_includes_read_the_tenants_join_rows_and_targets()
    {
        var (a, b, ann, _) = await TwoTenantsAsync();
        var vip = await _data.Labels.ForTenant(a).InsertAsync(new Label { Name = "vip" });
        var late = await _data.Labels.ForTenant(a).InsertAsync(new Label { Name = "late" });
        await _data.LinkAsync(a, ann.Id, vip.Id);
        await _data.LinkAsync(a, ann.Id, late.Id);
        // Tenant b links its account (same key) to a label of its own that has tenant a's label key.
        await using (var session = await db.Keel.OpenSessionAsync())
            await session.ExecuteAsync($"INSERT INTO labels (tenant_id, id, name) VALUES ({b}, {vip.Id}, 'theirs')");
        await _data.LinkAsync(b, ann.Id, vip.Id);

        using var counter = new CommandCounter();
        var account = Assert.Single(await _data.Accounts.ForTenant(a).Query().Where(x => x.Id == ann.Id).Include(x => x.Labels).ToListAsync());
        var filtered = Assert.Single(await _data.Accounts.ForTenant(a).Query().Where(x => x.Id == ann.Id)
            .Include(x => x.Labels.Where(l => l.Name != "late").OrderBy(l => l.Name).Take(5)).ToListAsync());
        var label = Assert.Single(await _data.Labels.ForTenant(b).Query().Where(l => l.Id == vip.Id).Include(l => l.Accounts).ToListAsync());

        Assert.Equal(6, counter.Count);
        Assert.Equal(["late", "vip"], account.Labels.Select(l => l.Name).Order());
        Assert.Equal(["vip"], filtered.Labels.Select(l => l.Name));
        Assert.Equal("theirs", label.Name);
        Assert.Equal(["Mirror"], label.Accounts.Select(x => x.Name));
    }

    [Fact]
    public async Task Filtered_and_limited_includes_read_the_tenants_rows_per_parent()
    {
        var (a, b, ann, mirror) = await TwoTenantsAsync();
        for (var i = 1; i <= 4; i++)
        {
            await _data.InvoiceAsync(a, ann, i * 10m);
            await _data.InvoiceAsync(b, mirror, i * 100m);
        }

        using var counter = new CommandCounter();
        var account = Assert.Single(await _data.Accounts.ForTenant(a).Query().Where(x => x.Id == ann.Id)
            .Include(x => x.Invoices.Where(i => i.Total > 10m).OrderByDescending(i => i.Total).Take(2)).ToListAsync());

        Assert.Equal(2, counter.Count);
        Assert.Equal([40m, 30m], account.Invoices.Select(i => i.Total));
    }

    [Fact]
    public async Task An_include_from_shared_rows_reads_the_tenants_rows_only()
    {
        var (a, b, ann, mirror) = await TwoTenantsAsync();
        var mine = await _data.InvoiceAsync(a, ann, 1m);
        var currency = (await _data.Currencies.FindAsync(mine.CurrencyId))!;
        await _data.Invoices.ForTenant(b).InsertAsync(new Invoice { AccountId = mirror.Id, CurrencyId = currency.Id, Total = 2m });

        var loaded = Assert.Single(await _data.Currencies.ForTenant(a).Query().Where(c => c.Id == currency.Id).Include(c => c.Invoices).ToListAsync());
        Assert.Equal([mine.Id], loaded.Invoices.Select(i => i.Id));
        var counted = Assert.Single(await _data.Currencies.ForTenant(b).Query().Where(c => c.Id == currency.Id).SelectAsync(c => new { Count = c.Invoices.Count() }));
        Assert.Equal(1, counted.Count);
    }

    private async Task<(string A, string B, Account Ann, Account Mirror)> TwoTenantsAsync()
    {
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann");
        return (a, b, ann, await _data.MirrorAsync(b, ann));
    }

    private Task<InvoiceLine> LineAsync(string tenant, Invoice invoice, string description)
        => _data.Lines.ForTenant(tenant).InsertAsync(new InvoiceLine { InvoiceId = invoice.Id, Description = description, Amount = 1m });
}
